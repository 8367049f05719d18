"""The outbox's tables, in the service's own database (their own metadata, so that any
service lists them beside its own tables)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from collectivia.platform.database import UtcDateTime


class OutboxBase(DeclarativeBase):
    pass


class OutboxRecord(OutboxBase):
    """An event committed with its data and not yet acknowledged by Kafka."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_key_position", "key", "position"),)

    # The order of writing: the relay keeps it per key.
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    event_type: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    # The record's headers as JSON: the CloudEvents attributes and the writer's trace context.
    headers: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxLease(OutboxBase):
    """Which process relays, until when: one relay at a time per database, so that two
    replicas never send the same key's events side by side."""

    __tablename__ = "outbox_lease"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
