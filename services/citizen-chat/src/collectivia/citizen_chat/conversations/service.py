"""Conversations in the database: start, read, append turns, erase, purge after retention.

Access: a conversation started with a token belongs to that (pseudonymous) owner; an
anonymous one is reached by its random id alone, which only its citizen knows.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.conversations.erasure import ERASURE, RETENTION, ErasureAnnouncer
from collectivia.citizen_chat.conversations.forgetting import QuestionForgetting
from collectivia.citizen_chat.conversations.models import ConversationRow, TurnRow
from collectivia.citizen_chat.conversations.records import Conversation, HandoffRecord, Turn
from collectivia.platform.errors import NotFound

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class QuestionCopies(Protocol):
    """What else keeps, in memory, what citizens asked (the knowledge base's query cache): told
    to forget the questions of a conversation erased or purged."""

    def forget_queries(self, questions: Collection[str]) -> int: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


class Conversations:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        retention_days: int,
        clock: Clock = utc_now,
        *,
        copies: Sequence[QuestionCopies] = (),
        erasures: ErasureAnnouncer | None = None,
        forgetting: QuestionForgetting | None = None,
    ) -> None:
        self.sessions = sessions
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self.copies = tuple(copies)
        # Announces erasures and purges (conversation-erased) to the other services' copies.
        self.erasures = erasures
        # Several workers: the erased questions told to the others too (forgetting.py).
        self.forgetting = forgetting

    def start(self, commune: str | None, owner: str | None) -> Conversation:
        now = self.clock()
        row = ConversationRow(
            id=str(uuid.uuid4()), commune=commune, owner=owner, created_at=now, updated_at=now
        )
        with self.sessions.begin() as session:
            session.add(row)
        return Conversation(row.id, commune, now, (), ())

    def row(self, session: Session, conversation_id: str, owner: str | None) -> ConversationRow:
        """The conversation, if this caller may see it (else NotFound: no existence leak)."""
        row = session.get(ConversationRow, conversation_id)
        if row is None or (row.owner is not None and row.owner != owner):
            raise NotFound(messages.conversation_not_found(conversation_id))
        return row

    def get(self, conversation_id: str, owner: str | None) -> Conversation:
        with self.sessions() as session:
            return to_record(self.row(session, conversation_id, owner))

    def context(self, conversation_id: str, owner: str | None, questions: int) -> list[str]:
        """The last ``questions`` questions of the citizen (masked), oldest first."""
        with self.sessions() as session:
            self.row(session, conversation_id, owner)
            rows = session.scalars(
                select(TurnRow.text)
                .where(TurnRow.conversation_id == conversation_id, TurnRow.role == "citizen")
                .order_by(TurnRow.id.desc())
                .limit(questions)
            ).all()
        return list(reversed(rows))

    def add_turns(
        self,
        conversation_id: str,
        turns: list[Turn],
        *,
        announce: Callable[[Session], object] | None = None,
    ) -> None:
        """Keep ``turns``; ``announce`` writes their event in the same transaction (the
        outbox)."""
        with self.sessions.begin() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise NotFound(messages.conversation_not_found(conversation_id))
            for turn in turns:
                session.add(
                    TurnRow(
                        conversation_id=conversation_id,
                        role=turn.role,
                        text=turn.text,
                        at=turn.at,
                        answer_id=turn.answer_id,
                        outcome=turn.outcome,
                        confidence=turn.confidence,
                        citations=json.dumps(list(turn.citations), default=str)
                        if turn.citations
                        else None,
                        interrupted=turn.interrupted,
                    )
                )
            row.updated_at = self.clock()
            if announce is not None:
                announce(session)

    def erase(self, conversation_id: str, owner: str | None) -> None:
        """GDPR erasure: the conversation, its turns, feedback and handovers, at once, and
        every copy in memory of what the citizen asked (``copies``)."""
        with self.sessions.begin() as session:
            row = self.row(session, conversation_id, owner)
            questions = _questions_of(session, [conversation_id])
            if self.erasures is not None:
                self.erasures.announce(session, [conversation_id], reason=ERASURE, at=self.clock())
            if self.forgetting is not None:
                self.forgetting.record(session, questions)
            session.delete(row)
        self._forget(questions)

    def _forget(self, questions: list[str]) -> None:
        dropped = sum(copies.forget_queries(questions) for copies in self.copies)
        logger.info("erased: %d question(s), %d cached query(ies) dropped", len(questions), dropped)

    def purge(self) -> int:
        """Delete conversations idle for longer than the retention period; returns how many."""
        limit = self.clock() - self.retention
        with self.sessions.begin() as session:
            ids = session.scalars(
                select(ConversationRow.id).where(ConversationRow.updated_at < limit)
            ).all()
            questions: list[str] = []
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                erased = _questions_of(session, part)
                if self.forgetting is not None:
                    self.forgetting.record(session, erased)
                questions += erased
                if self.erasures is not None:
                    self.erasures.announce(session, part, reason=RETENTION, at=self.clock())
                session.execute(delete(ConversationRow).where(ConversationRow.id.in_(part)))
        if ids:
            self._forget(questions)
        return len(ids)


def _questions_of(session: Session, conversation_ids: Sequence[str]) -> list[str]:
    """The citizen's questions (masked, as kept) in these conversations."""
    return list(
        session.scalars(
            select(TurnRow.text).where(
                TurnRow.conversation_id.in_(conversation_ids), TurnRow.role == "citizen"
            )
        )
    )


def to_record(row: ConversationRow) -> Conversation:
    turns = tuple(
        Turn(
            role=t.role,
            text=t.text,
            at=t.at,
            answer_id=t.answer_id,
            outcome=t.outcome,
            confidence=t.confidence,
            citations=tuple(_citations(t.citations)),
            interrupted=t.interrupted,
        )
        for t in row.turns
    )
    handoffs = tuple(
        HandoffRecord(h.id, h.channel, h.status, h.requested_at, h.resolved_at)
        for h in row.handoffs
    )
    return Conversation(row.id, row.commune, row.created_at, turns, handoffs)


def _citations(raw: str | None) -> list[dict[str, Any]]:
    if not raw:
        return []
    loaded: list[dict[str, Any]] = json.loads(raw)
    return loaded
