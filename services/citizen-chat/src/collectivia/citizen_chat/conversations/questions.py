"""Asking a question, the chat's one use of AI, through the AI-use pathway
(``collectivia.ai.use``): the register's gate first (fail-closed: refused or unreachable, the
citizen is told the assistant is unavailable and offered a person), the question masked one
way (personal data never reaches retrieval, a model, the database, the logs or the events),
the answer from the knowledge base (quoting, or with the generative model when one is
configured), the turns kept, then the evidence of the use (``ai.used``) and the analytics event.

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
from collectivia.ai.use.evidence import pseudonym
from collectivia.ai.use.pathway import (
    Admission,
    AiUsePathway,
    Masking,
    RegisterUnreachable,
    SpecialCategories,
    UseRefused,
)
from collectivia.citizen_chat import messages
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
from collectivia.citizen_chat.conversations.records import Conversation, Turn
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.platform.errors import FieldError, InvalidInput
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
class QuestionPolicy:
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


class Questions:
    """The ask use case: a citizen's question in a conversation, answered or refused."""

    def __init__(
        self,
        conversations: Conversations,
        answerer: Answerer,
        pathway: AiUsePathway,
        publisher: EventPublisher,
        policy: QuestionPolicy,
        generator: GenerativeAnswerer | None = None,
    ) -> None:
        self.conversations = conversations
        self.answerer = answerer
        self.pathway = pathway
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
            raise InvalidInput(
                messages.QUESTION_EMPTY, [FieldError("question", messages.QUESTION_FIELD_EMPTY)]
            )
        if len(question) > self.policy.max_question_chars:
            limit = self.policy.max_question_chars
            raise InvalidInput(
                messages.question_too_long(limit),
                [FieldError("question", messages.question_field_too_long(limit))],
            )
        conversation = self.conversations.get(conversation_id, owner)
        try:
            # Masked one way: nothing to restore (the answer quotes or paraphrases sources),
            # and the masked question is linked to nobody (special categories not looked for).
            admission = self.pathway.admit(
                question,
                masking=Masking.ONE_WAY,
                special_categories=SpecialCategories.NOT_LINKED_TO_A_PERSON,
            )
        except (UseRefused, RegisterUnreachable) as refused:
            logger.warning("use denied by the register (%s): no answer", refused.permission.message)
            unavailable = self.answerer.unavailable(
                conversation.commune, refused.permission.register_url
            )
            return self._unavailable(conversation, redact(question), unavailable, started)
        return self._answer(conversation, admission, owner, started)

    def _answer(
        self, conversation: Conversation, admission: Admission, owner: str | None, started: float
    ) -> AskStream:
        answer_id = admission.use_id
        masked = admission.masked.source
        history = exchanges(conversation.turns, self.policy.context_exchanges)
        answering = self.generator or self.answerer
        stream = answering.stream(
            masked,
            history=history,
            commune=conversation.commune,
            register_url=admission.permission.register_url,
        )
        answer = yield from _announced(answer_id, stream)
        if not answer.sentences:  # else announced before its first sentence
            yield AnswerStarted(answer_id, answer.outcome)
        now = self._keep(conversation.id, answer_id, masked, answer)
        actor = pseudonym(self.policy.pseudonym_salt, owner or conversation.id)
        self.pathway.record(
            self.pathway.evidence(
                admission,
                actor=actor,
                outcome=events.use_outcome(answer),
                model=self.model_of(answer),
                contribution=events.contribution(answer),
                data_sources=tuple(answer.cited_source_ids),
                parameters=events.use_parameters(answer, self.answerer.policy.min_confidence),
            )
        )
        yield self._finished(conversation.id, answer_id, masked, answer, now, started)

    def _unavailable(
        self, conversation: Conversation, masked: str, answer: Answer, started: float
    ) -> AskStream:
        """The register said no (or could not be asked): no use, so no evidence of one."""
        answer_id = str(uuid.uuid4())
        yield AnswerStarted(answer_id, answer.outcome)
        now = self._keep(conversation.id, answer_id, masked, answer)
        yield self._finished(conversation.id, answer_id, masked, answer, now, started)

    def _keep(self, conversation_id: str, answer_id: str, masked: str, answer: Answer) -> datetime:
        """Keep the question (masked) and the answer; returns when the answer was given."""
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
        return now

    def _finished(
        self,
        conversation_id: str,
        answer_id: str,
        masked: str,
        answer: Answer,
        at: datetime,
        started: float,
    ) -> AnswerFinished:
        """Publish the analytics event of the answer (with the question as kept: masked); the
        end of its stream."""
        latency_ms = int((time.perf_counter() - started) * 1000)
        self.publisher.publish(
            events.answer_produced(conversation_id, answer_id, masked, answer, latency_ms, at),
            key=conversation_id,
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
        return AnswerFinished(AskedAnswer(answer_id, conversation_id, answer, latency_ms))

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
