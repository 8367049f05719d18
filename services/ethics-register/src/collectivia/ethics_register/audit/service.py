"""Appending to the audit log, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    event_id: str
    event_type: str
    subject: str
    actor: str
    occurred_at: datetime
    details: str


class AuditLog:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    def append(self, record: AuditRecord) -> bool:
        """Append ``record``; False when its event was already logged (redelivery)."""
        try:
            with self._sessions.begin() as session:
                exists = session.scalar(
                    select(AuditEntry.sequence).where(AuditEntry.event_id == record.event_id)
                )
                if exists is not None:
                    return False
                session.add(AuditEntry(recorded_at=self._clock(), **record.__dict__))
        except IntegrityError:
            return False  # a concurrent replica logged it first
        return True

    def count(self, event_id: str | None = None) -> int:
        query = select(func.count(AuditEntry.sequence))
        if event_id is not None:
            query = query.where(AuditEntry.event_id == event_id)
        with self._sessions() as session:
            return int(session.scalar(query) or 0)

    def entries_for(self, subject: str) -> list[AuditRecord]:
        query = (
            select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.sequence)
        )
        with self._sessions() as session:
            return [
                AuditRecord(e.event_id, e.event_type, e.subject, e.actor, e.occurred_at, e.details)
                for e in session.scalars(query)
            ]
