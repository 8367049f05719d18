"""Tables of the tasks: texts drafted with AI for publication, and their editorial review
(AI Act Art. 50(4)). Never the text itself: a hash of the reviewed version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class PublicationTextRow(Base):
    __tablename__ = "ai_publication_texts"

    # The task id (also the use id in the register's evidence).
    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    task: Mapped[str] = mapped_column(String(20))
    # Pseudonymous id of the agent who asked, and their department.
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100), default="")
    model: Mapped[str] = mapped_column(String(200))
    produced_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The editorial review: who (Keycloak subject here, pseudonym for statistics), when,
    # and the SHA-256 of the text as reviewed.
    reviewer_subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewer: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    reviewed_text_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
