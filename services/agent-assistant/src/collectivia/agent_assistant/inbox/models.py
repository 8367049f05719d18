"""Tables of the inbox: handed-over conversations and curated-answer proposals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class HandoffRow(Base):
    __tablename__ = "handoffs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(64))
    commune: Mapped[str] = mapped_column(String(10), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(100), index=True)
    # JSON list of {"role", "text", "at"}; personal data masked by the chat.
    turns: Mapped[str] = mapped_column(Text)
    contact_channel: Mapped[str] = mapped_column(String(20), default="conversation")
    contact: Mapped[str] = mapped_column(String(320), default="")
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # "open" until an agent replies, then "resolved"; "withdrawn" once the chat erased its
    # conversation (delivery/: emptied, no longer readable nor answerable).
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # An emergency the citizen described while an agent was on duty: listed first. Added
    # after the table: ``upgrades.add_urgent`` upgrades an older database.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # JSON of the suggested reply once made (citations, model, notice); None before.
    suggestion: Mapped[str | None] = mapped_column(Text, default=None)
    suggestion_use_id: Mapped[str] = mapped_column(String(64), default="")
    # JSON of the suggestion's use evidence (the gateway's TaskUse) until it is recorded in
    # the register, at the reply or at expiry; "" once recorded or when none was made.
    suggestion_evidence: Mapped[str] = mapped_column(Text, default="")
    suggested_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None, index=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    # "accepted", "edited", "overridden"; "" when no suggestion was made.
    human_review: Mapped[str] = mapped_column(String(20), default="")
    # Keycloak subject of the agent who replied (this table only) and their pseudonym.
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_by_agent: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class CuratedAnswerRow(Base):
    __tablename__ = "curated_answers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    handoff_id: Mapped[str] = mapped_column(ForeignKey("handoffs.id"), index=True)
    department: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    theme: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str] = mapped_column(String(10), default="")
    proposed_by: Mapped[str] = mapped_column(String(64))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # "proposed", then "published" or "rejected".
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    review_comment: Mapped[str] = mapped_column(String(1000), default="")
    document_id: Mapped[str] = mapped_column(String(100), default="")
