"""Stored register entries and their kept versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class AiSystem(Base):
    """The current state of an entry; the full record is JSON (see record.SystemRecord)."""

    __tablename__ = "ai_systems"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(64), index=True)
    risk_class: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Optimistic concurrency: SQLAlchemy adds "WHERE version = <read version>" to updates.
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)
    triage_answers: Mapped[str | None] = mapped_column(Text, nullable=True)
    dpo_review: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Pseudonymous Keycloak subject of who created it.
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class AiSystemVersion(Base):
    """Every version of every entry, kept: who changed what, when, and why."""

    __tablename__ = "ai_system_versions"

    system_id: Mapped[str] = mapped_column(ForeignKey("ai_systems.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    change: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    record: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
