"""Asking a question: check the register's gate, answer from the knowledge base (quoting, or
with the generative model when one is configured), keep the turns (masked), publish the
evidence of the AI use and the analytics event.

``ask_streamed`` checks the request at once (its errors are raised before anything is
streamed), then gives the answer as events: ``AnswerStarted`` (before the first sentence, when
the outcome is known), one ``SentenceReady`` per sentence as soon as it has passed the
post-check, and ``AnswerFinished`` once the answer is recorded.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import datetime

from collectivia.ai.privacy import redact
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.generative import GenerativeAnswerer
from collectivia.citizen_chat.answering.models import (
    Answer,
    AnswerMode,
    AnswerSentence,
    Exchange,
    Outcome,
)
from collectivia.citizen_chat.answering.service import Answerer, AnswerStream
from collectivia.citizen_chat.conversations import events
from collectivia.citizen_chat.conversations.ports import Permission, UsePermission
from collectivia.citizen_chat.conversations.records import Conversation, Turn
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.protocol import EventPublisher

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskedAnswer:
    answer_id: str
    conversation_id: str
    answer: Answer
    latency_ms: int


@dataclass(frozen=True)
class AnswerStarted:
    answer_id: str
    outcome: Outcome


@dataclass(frozen=True)
class SentenceReady:
    sentence: AnswerSentence


@dataclass(frozen=True)
class AnswerFinished:
    asked: AskedAnswer


AskEvent = AnswerStarted | SentenceReady | AnswerFinished
AskStream = Generator[AskEvent, None, None]


@dataclass(frozen=True)
class AssistantPolicy:
    max_question_chars: int = 2000
    # Earlier exchanges (question and answer) given as context, so that follow-ups work.
    context_exchanges: int = 2
    # The extractive answerer, as named in the evidence of use.
    model: str = "extractive"
    pseudonym_salt: str = ""


def exchanges(turns: Sequence[Turn], count: int) -> list[Exchange]:
    """The last ``count`` questions of the citizen with the assistant's answers, oldest first."""
    found: list[Exchange] = []
    question: str | None = None
    for turn in turns:
        if turn.role == "citizen":
            question = turn.text
        elif turn.role == "assistant" and question is not None:
            found.append(Exchange(question, texts.answer_body(turn.text)))
            question = None
    return found[-count:] if count > 0 else []


class Assistant:
    def __init__(
        self,
        conversations: Conversations,
        answerer: Answerer,
        permission: UsePermission,
        publisher: EventPublisher,
        policy: AssistantPolicy,
        generator: GenerativeAnswerer | None = None,
    ) -> None:
        self.conversations = conversations
        self.answerer = answerer
        self.permission = permission
        self.publisher = publisher
        self.policy = policy
        # None: the embedded default, answers quote the sources.
        self.generator = generator

    def ask(self, conversation_id: str, question: str, owner: str | None) -> AskedAnswer:
        """The whole answer at once."""
        for event in self.ask_streamed(conversation_id, question, owner):
            if isinstance(event, AnswerFinished):
                return event.asked
        raise RuntimeError("the answer stream ended without its answer")

    def ask_streamed(self, conversation_id: str, question: str, owner: str | None) -> AskStream:
        """Check the question, the conversation and the register's gate now; the answer is
        produced as the returned stream is read."""
        started = time.perf_counter()
        question = " ".join(question.split())
        if not question:
            raise InvalidInput("the question is empty")
        if len(question) > self.policy.max_question_chars:
            raise InvalidInput(
                f"the question is longer than {self.policy.max_question_chars} characters"
            )
        conversation = self.conversations.get(conversation_id, owner)
        # Personal data never reaches retrieval, a model, the database, the logs or the events.
        masked = redact(question)
        permission = self.permission.check()
        return self._answer(conversation, masked, owner, permission, started)

    def _answer(
        self,
        conversation: Conversation,
        masked: str,
        owner: str | None,
        permission: Permission,
        started: float,
    ) -> AskStream:
        answer_id = str(uuid.uuid4())
        commune = conversation.commune
        if not permission.allowed:
            logger.warning("use denied by the register (%s): no answer", permission.reason)
            answer = self.answerer.unavailable(commune, permission.register_url)
        else:
            history = exchanges(conversation.turns, self.policy.context_exchanges)
            answering = self.generator or self.answerer
            stream = answering.stream(
                masked, history=history, commune=commune, register_url=permission.register_url
            )
            answer = yield from _announced(answer_id, stream)
        if not answer.sentences:  # else announced before its first sentence
            yield AnswerStarted(answer_id, answer.outcome)
        now = self._record(conversation.id, answer_id, masked, answer, owner, permission)
        latency_ms = int((time.perf_counter() - started) * 1000)
        self.publisher.publish(
            events.answer_produced(conversation.id, answer_id, answer, latency_ms, now),
            key=conversation.id,
            subject=answer_id,
        )
        logger.info(
            "answer %s: %s (%s, %d sentence(s) dropped), confidence %.3f, %d ms",
            answer_id,
            answer.outcome.value,
            answer.mode.value,
            answer.dropped_sentences,
            answer.confidence,
            latency_ms,
        )
        yield AnswerFinished(AskedAnswer(answer_id, conversation.id, answer, latency_ms))

    def _record(
        self,
        conversation_id: str,
        answer_id: str,
        masked: str,
        answer: Answer,
        owner: str | None,
        permission: Permission,
    ) -> datetime:
        """Keep the turns, publish the evidence of use; returns when the answer was given."""
        now = self.conversations.clock()
        self.conversations.add_turns(
            conversation_id,
            [
                Turn("citizen", masked, now),
                Turn(
                    "assistant",
                    answer.text,
                    now,
                    answer_id=answer_id,
                    outcome=answer.outcome.value,
                    confidence=answer.confidence,
                    citations=tuple(dataclasses.asdict(c) for c in answer.citations),
                ),
            ],
        )
        if answer.outcome is not Outcome.UNAVAILABLE:
            actor = events.pseudonym(self.policy.pseudonym_salt, owner or conversation_id)
            self.publisher.publish(
                events.ai_used(
                    answer_id,
                    answer,
                    permission,
                    actor,
                    self.model_of(answer),
                    self.answerer.policy.min_confidence,
                    now,
                ),
                key=permission.system_id,
                subject=answer_id,
            )
        return now

    def model_of(self, answer: Answer) -> str:
        """The model that wrote ``answer``, as the evidence names it."""
        if answer.mode is AnswerMode.GENERATIVE and self.generator is not None:
            return f"generative/{self.generator.model.name}"
        return self.policy.model


def _announced(answer_id: str, stream: AnswerStream) -> Generator[AskEvent, None, Answer]:
    """The sentences of ``stream`` as events, ``AnswerStarted`` before the first; returns the
    answer. Closing this stream early (the citizen left) closes the answer's (and the model's)."""
    announced = False
    try:
        while True:
            try:
                sentence = next(stream)
            except StopIteration as end:
                answer: Answer = end.value
                return answer
            if not announced:
                announced = True
                yield AnswerStarted(answer_id, Outcome.ANSWERED)
            yield SentenceReady(sentence)
    finally:
        stream.close()
