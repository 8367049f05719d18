"""Tables of the delivery area: who saw which citizen's contact, and what became of each
reply (never the contact itself)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class ContactRevealRow(Base):
    """A contact shown to an agent or used to e-mail a reply: who, when, which request."""

    __tablename__ = "contact_reveals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    handoff_id: Mapped[str] = mapped_column(String(64), index=True)
    # Keycloak subject (this table only) and pseudonym of the agent.
    agent_subject: Mapped[str] = mapped_column(String(64))
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100))
    # "reveal" or "email-reply".
    purpose: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class DeliveryRow(Base):
    """What happened to a reply: e-mailed, e-mail failed, call-back due then its outcome,
    posted in the conversation."""

    __tablename__ = "handoff_deliveries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    handoff_id: Mapped[str] = mapped_column(String(64), index=True)
    # "email", "phone" or "conversation".
    channel: Mapped[str] = mapped_column(String(20))
    # "sent", "failed", "callback-due", "reached", "no-answer", "wrong-number", "posted".
    outcome: Mapped[str] = mapped_column(String(20))
    # Why it failed (French, shown to the agent); the relay's answer code, never the address.
    reason: Mapped[str] = mapped_column(String(500), default="")
    agent: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
