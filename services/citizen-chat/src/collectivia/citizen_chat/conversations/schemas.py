"""Request and response bodies of the conversation API."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from collectivia.citizen_chat.conversations.questions import AskedAnswer
from collectivia.citizen_chat.conversations.records import Conversation


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # INSEE code of the commune the citizen asks from (their documents and the shared ones).
    commune: str | None = Field(default=None, pattern=r"^(\d{5}|2[AB]\d{3})$")


class QuestionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The configured limit (COLLECTIVIA_CITIZEN_CHAT_MAX_QUESTION_CHARS) is checked, with its
    # French message, by the questions; this bound is the setting's own ceiling.
    question: str = Field(min_length=1, max_length=20_000)


class CitationRead(BaseModel):
    number: int
    document_id: str
    title: str
    url: str
    licence: str
    published: date | None
    outdated: bool
    shared: bool


class SentenceRead(BaseModel):
    text: str
    # The first source the sentence cites; ``citations``: all of them (a generated sentence
    # may cite several).
    citation: int
    citations: list[int]


class AnswerRead(BaseModel):
    answer_id: str
    conversation_id: str
    outcome: str
    text: str
    sentences: list[SentenceRead]
    citations: list[CitationRead]
    confidence: float
    disclosure: str
    register_url: str
    commune: str | None
    offer_handoff: bool
    latency_ms: int
    # "extractive" (quotes) or "generative" (written by the model, each sentence checked).
    mode: str
    # Generated sentences left out by the post-check (how many).
    dropped_sentences: int
    # The emergencies the question described (suicide, health, heatwave, fire,
    # domestic-violence, child-in-danger, violence): the answer gave their numbers first.
    emergency: list[str] = []

    @classmethod
    def of(cls, asked: AskedAnswer) -> AnswerRead:
        answer = asked.answer
        return cls(
            answer_id=asked.answer_id,
            conversation_id=asked.conversation_id,
            outcome=answer.outcome.value,
            text=answer.text,
            sentences=[
                SentenceRead(text=s.text, citation=s.citation, citations=list(s.cited))
                for s in answer.sentences
            ],
            citations=[CitationRead(**dataclasses.asdict(c)) for c in answer.citations],
            confidence=answer.confidence,
            disclosure=answer.disclosure,
            register_url=answer.register_url,
            commune=answer.commune,
            offer_handoff=answer.offer_handoff,
            latency_ms=asked.latency_ms,
            mode=answer.mode.value,
            dropped_sentences=answer.dropped_sentences,
            emergency=list(answer.emergency),
        )


class TurnRead(BaseModel):
    role: str
    text: str
    at: datetime
    answer_id: str | None = None
    outcome: str | None = None
    confidence: float | None = None
    citations: list[dict[str, Any]] = []
    # An answer the citizen left before its end: what was streamed until then.
    interrupted: bool = False


class HandoffRead(BaseModel):
    id: str
    channel: str
    status: str
    requested_at: datetime
    resolved_at: datetime | None


class ConversationRead(BaseModel):
    id: str
    commune: str | None
    created_at: datetime
    turns: list[TurnRead]
    handoffs: list[HandoffRead]

    @classmethod
    def of(cls, conversation: Conversation) -> ConversationRead:
        return cls(
            id=conversation.id,
            commune=conversation.commune,
            created_at=conversation.created_at,
            turns=[
                TurnRead(**{**dataclasses.asdict(t), "citations": list(t.citations)})
                for t in conversation.turns
            ],
            handoffs=[HandoffRead(**dataclasses.asdict(h)) for h in conversation.handoffs],
        )
