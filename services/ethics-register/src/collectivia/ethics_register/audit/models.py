"""Audit log entries, one per event received (unique by CloudEvents id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The CloudEvents id: a redelivered event cannot be logged twice.
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The event payload as JSON (pseudonymous ids only, never personal data in clear).
    details: Mapped[str] = mapped_column(Text)
