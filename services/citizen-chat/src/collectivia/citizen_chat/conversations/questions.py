"""Asking a question, the chat's one use of AI, through the AI-use pathway
(``collectivia.ai.use``): the register's gate first (fail-closed: refused or unreachable, the
citizen is told the assistant is unavailable and offered a person), the question masked one
way (personal data never reaches retrieval, a model, the database, the logs or the events),
the answer from the knowledge base (quoting, or with the generative model when one is
configured), the turns kept, then the evidence of the use (``ai.used``) and the analytics event.

``ask_streamed`` checks the request at once (its errors are raised before anything is
streamed), then gives the answer as events: ``AnswerStarted`` (before the first sentence, when
the outcome is known), one ``SentenceReady`` per sentence as soon as it has passed the
post-check, and ``AnswerFinished`` once the answer is recorded. Closed before its end (the
citizen left), the stream stops the answer (and the model) and keeps what was streamed,
marked interrupted, with its evidence and analytics event.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Generator, Sequence
from dataclasses import dataclass

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
from collectivia.citizen_chat.answering import emergencies, texts
from collectivia.citizen_chat.answering.emergency_answer import emergency_answer
from collectivia.citizen_chat.answering.generative import GenerativeAnswerer
from collectivia.citizen_chat.answering.interruption import interrupt, marked_interrupted
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
from collectivia.citizen_chat.conversations.urgency import NoAgentOnDuty, UrgentHandover
from collectivia.platform.errors import FieldError, InvalidInput
from collectivia.platform.events.protocol import EventOutbox

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
        outbox: EventOutbox,
        policy: QuestionPolicy,
        generator: GenerativeAnswerer | None = None,
    ) -> None:
        self.conversations = conversations
        self.answerer = answerer
        self.pathway = pathway
        # answer-produced is written with the answer, published after commit.
        self.outbox = outbox
        self.policy = policy
        # None: the embedded default, answers quote the sources.
        self.generator = generator
        # Who is told of an emergency: the emergencies area plugs in the agents on duty.
        self.urgent: UrgentHandover = NoAgentOnDuty()

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
        # Read before anything else, in memory only: an emergency gets its numbers even when
        # the register refuses the use.
        situations = emergencies.detect(question)
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
            register_url = refused.permission.register_url
            unavailable = (
                self._emergency(situations, conversation.commune, register_url)
                if situations
                else self.answerer.unavailable(conversation.commune, register_url)
            )
            return self._unavailable(conversation, owner, redact(question), unavailable, started)
        return self._answer(conversation, admission, owner, started, situations)

    def _emergency(
        self, situations: Sequence[emergencies.Situation], commune: str | None, register_url: str
    ) -> Answer:
        return emergency_answer(
            self.answerer,
            situations,
            agent_alerted=self.urgent.on_duty(),
            commune=commune,
            register_url=register_url,
        )

    def _answer(
        self,
        conversation: Conversation,
        admission: Admission,
        owner: str | None,
        started: float,
        situations: Sequence[emergencies.Situation] = (),
    ) -> AskStream:
        answer_id = admission.use_id
        history = exchanges(conversation.turns, self.policy.context_exchanges)
        answering = self.generator or self.answerer
        register_url = admission.permission.register_url
        steps = (
            _at_once(self._emergency(situations, conversation.commune, register_url))
            if situations
            else answering.stream(
                admission.masked.source,
                history=history,
                commune=conversation.commune,
                register_url=register_url,
            )
        )
        # Each step's CPU time counted in the thread that runs it (a streamed answer is read
        # by the server's thread pool): the use's own work, not the other requests'.
        stream = admission.meter.metered(steps)
        answer: Answer | None = None
        try:
            answer = yield from _announced(answer_id, stream)
            if not answer.sentences:  # else announced before its first sentence
                yield AnswerStarted(answer_id, answer.outcome)
        except GeneratorExit:
            # The citizen left (page closed, call cancelled): what was streamed is kept and
            # its use evidenced, marked interrupted; the model is stopped.
            self._interrupted(conversation, admission, owner, steps, answer, started)
            raise
        finally:
            stream.close()
        yield self._conclude(conversation, admission, owner, answer, started)

    def _interrupted(
        self,
        conversation: Conversation,
        admission: Admission,
        owner: str | None,
        steps: AnswerStream,
        answer: Answer | None,
        started: float,
    ) -> None:
        try:
            with admission.meter.measure():
                cut = interrupt(steps) if answer is None else marked_interrupted(answer)
            if cut is None:
                logger.info("answer %s left before it started: nothing to keep", admission.use_id)
                return
            self._conclude(conversation, admission, owner, cut, started)
        except Exception:  # the reader is gone: nobody to tell but the log
            logger.exception("the interrupted answer %s could not be kept", admission.use_id)

    def _conclude(
        self,
        conversation: Conversation,
        admission: Admission,
        owner: str | None,
        answer: Answer,
        started: float,
    ) -> AnswerFinished:
        """Keep the answer, publish the evidence of its use and its analytics event."""
        answer_id = admission.use_id
        masked = admission.masked.source
        admission.meter.model_called(answer.model_call)
        latency_ms = self._keep(conversation.id, answer_id, masked, answer, started)
        self._alert(conversation.id, owner, answer)
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
        return self._finished(answer_id, conversation.id, answer, latency_ms)

    def _unavailable(
        self,
        conversation: Conversation,
        owner: str | None,
        masked: str,
        answer: Answer,
        started: float,
    ) -> AskStream:
        """The register said no (or could not be asked): no use, so no evidence of one."""
        answer_id = str(uuid.uuid4())
        yield AnswerStarted(answer_id, answer.outcome)
        latency_ms = self._keep(conversation.id, answer_id, masked, answer, started)
        self._alert(conversation.id, owner, answer)
        yield self._finished(answer_id, conversation.id, answer, latency_ms)

    def _keep(
        self, conversation_id: str, answer_id: str, masked: str, answer: Answer, started: float
    ) -> int:
        """Keep the question (masked) and the answer, with the answer's analytics event (the
        question as kept: masked); returns the answer's latency in ms."""
        now = self.conversations.clock()
        latency_ms = int((time.perf_counter() - started) * 1000)
        event = events.answer_produced(conversation_id, answer_id, masked, answer, latency_ms, now)
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
                    interrupted=answer.interrupted,
                ),
            ],
            announce=lambda session: self.outbox.add(
                session, event, key=conversation_id, subject=answer_id
            ),
        )
        return latency_ms

    def _alert(self, conversation_id: str, owner: str | None, answer: Answer) -> None:
        """An emergency the answer said an agent would hear of: handed over, urgent (after the
        turns are kept: the agent reads the message that raised the alarm)."""
        if not (answer.emergency and answer.outcome is Outcome.HANDED_OVER):
            return
        try:
            self.urgent.hand_over(conversation_id, owner, answer.emergency)
        except Exception:  # the numbers are given whatever happens: the failure is logged
            logger.exception(
                "the emergency of conversation %s could not be handed over", conversation_id
            )

    def _finished(
        self, answer_id: str, conversation_id: str, answer: Answer, latency_ms: int
    ) -> AnswerFinished:
        """The end of the answer's stream."""
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


def _at_once(answer: Answer) -> AnswerStream:
    """An answer made whole (no sentence to stream), as a stream."""
    return answer
    yield  # a generator: returns before its first step


def _announced(answer_id: str, stream: AnswerStream) -> Generator[AskEvent, None, Answer]:
    """The sentences of ``stream`` as events, ``AnswerStarted`` before the first; returns the
    answer. Closing this early leaves ``stream`` open: the caller stops it (``interrupt``)."""
    announced = False
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
