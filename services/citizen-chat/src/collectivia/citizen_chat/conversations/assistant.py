"""Asking a question: check the register's gate, answer from the knowledge base, keep the
turns (masked), publish the evidence of the AI use and the analytics event."""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from dataclasses import dataclass

from collectivia.citizen_chat.answering.models import Answer, Outcome
from collectivia.citizen_chat.answering.service import Answerer
from collectivia.citizen_chat.conversations import events
from collectivia.citizen_chat.conversations.ports import UsePermission
from collectivia.citizen_chat.conversations.records import Turn
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.core.errors import InvalidInput
from collectivia.core.events.protocol import EventPublisher
from collectivia.core.privacy import redact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskedAnswer:
    answer_id: str
    conversation_id: str
    answer: Answer
    latency_ms: int


@dataclass(frozen=True)
class AssistantPolicy:
    max_question_chars: int = 2000
    # Previous questions used as retrieval context for a follow-up.
    context_questions: int = 1
    model: str = "extractive"
    pseudonym_salt: str = ""


class Assistant:
    def __init__(
        self,
        conversations: Conversations,
        answerer: Answerer,
        permission: UsePermission,
        publisher: EventPublisher,
        policy: AssistantPolicy,
    ) -> None:
        self.conversations = conversations
        self.answerer = answerer
        self.permission = permission
        self.publisher = publisher
        self.policy = policy

    def ask(self, conversation_id: str, question: str, owner: str | None) -> AskedAnswer:
        started = time.perf_counter()
        question = " ".join(question.split())
        if not question:
            raise InvalidInput("the question is empty")
        if len(question) > self.policy.max_question_chars:
            raise InvalidInput(
                f"the question is longer than {self.policy.max_question_chars} characters"
            )
        conversation = self.conversations.get(conversation_id, owner)
        # Personal data never reaches retrieval, the database, the logs or the events.
        masked = redact(question)
        context = self.conversations.context(conversation_id, owner, self.policy.context_questions)
        permission = self.permission.check()
        commune = conversation.commune
        if not permission.allowed:
            logger.warning("use denied by the register (%s): no answer", permission.reason)
            answer = self.answerer.unavailable(commune, permission.register_url)
        else:
            answer = self.answerer.answer(
                masked, context=context, commune=commune, register_url=permission.register_url
            )
        answer_id = str(uuid.uuid4())
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
        latency_ms = int((time.perf_counter() - started) * 1000)
        if answer.outcome is not Outcome.UNAVAILABLE:
            actor = events.pseudonym(self.policy.pseudonym_salt, owner or conversation_id)
            self.publisher.publish(
                events.ai_used(
                    answer_id,
                    answer,
                    permission,
                    actor,
                    self.policy.model,
                    self.answerer.policy.min_confidence,
                    now,
                ),
                key=permission.system_id,
                subject=answer_id,
            )
        self.publisher.publish(
            events.answer_produced(conversation_id, answer_id, answer, latency_ms, now),
            key=conversation_id,
            subject=answer_id,
        )
        logger.info(
            "answer %s: %s, confidence %.3f, %d ms",
            answer_id,
            answer.outcome.value,
            answer.confidence,
            latency_ms,
        )
        return AskedAnswer(answer_id, conversation_id, answer, latency_ms)
