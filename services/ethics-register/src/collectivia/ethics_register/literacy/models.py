"""One row per agent and charter version accepted (the first acceptance event kept)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class CharterAcceptanceRecord(Base):
    __tablename__ = "charter_acceptances"
    __table_args__ = (UniqueConstraint("agent", "charter_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    # Pseudonymous id of the agent (a salted hash made by the assistant), never a name.
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100), index=True)
    charter_version: Mapped[str] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(String(100))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
