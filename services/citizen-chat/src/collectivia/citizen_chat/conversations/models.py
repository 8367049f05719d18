"""Tables of conversations. Texts are stored masked; a handover's contact is kept encrypted
in its own table (``handover/models.py``), and goes with its conversation."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    false,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.schema import CreateColumn

from collectivia.citizen_chat.database import Base, UtcDateTime


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    commune: Mapped[str | None] = mapped_column(String(5))
    # Pseudonymous owner (salted hash of the Keycloak subject); None: anonymous, the
    # conversation id itself is the secret that gives access.
    owner: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Last activity: the retention period runs from it.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    turns: Mapped[list[TurnRow]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        order_by="TurnRow.id",
        passive_deletes=True,
    )
    handoffs: Mapped[list[HandoffRow]] = relationship(
        cascade="all, delete-orphan", order_by="HandoffRow.requested_at", passive_deletes=True
    )
    feedback: Mapped[list[FeedbackRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class TurnRow(Base):
    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    # "citizen", "assistant", "agent" or "system".
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    answer_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    outcome: Mapped[str | None] = mapped_column(String(16))
    confidence: Mapped[float | None] = mapped_column(Float)
    # JSON list of the citations of an answer.
    citations: Mapped[str | None] = mapped_column(Text)
    # An answer the citizen left before its end (closed the page): what was streamed until
    # then. Added after the table: ``add_interrupted`` upgrades an older database.
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    conversation: Mapped[ConversationRow] = relationship(back_populates="turns")


def add_interrupted(engine: Engine) -> None:
    """A database made before ``turns.interrupted``: the column added, false for the turns
    already there (the service's tables are created, never migrated, elsewhere)."""
    inspector = inspect(engine)
    if not inspector.has_table("turns"):
        return  # created with the column when the tables are
    if "interrupted" in {column["name"] for column in inspector.get_columns("turns")}:
        return
    table = cast(Table, TurnRow.__table__)
    column = CreateColumn(table.c.interrupted).compile(dialect=engine.dialect)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE turns ADD COLUMN {column}")


class FeedbackRow(Base):
    __tablename__ = "feedback"

    answer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    useful: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[str] = mapped_column(Text)  # JSON list
    comment: Mapped[str] = mapped_column(Text)  # masked
    given_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HandoffRow(Base):
    __tablename__ = "handoffs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    # Empty: the contact is sealed in ``handoff_contacts`` (a database older than that
    # kept it here in clear until ``Handovers.seal_clear_contacts`` moved it).
    contact: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(16))  # "requested" or "resolved"
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
