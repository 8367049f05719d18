"""Tables of the charter: its versions and the agents' acceptances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class CharterVersionRow(Base):
    __tablename__ = "charter_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # What changed, shown to agents asked to accept again.
    change_note: Mapped[str] = mapped_column(String(1000), default="")
    # Pseudonymous id of the administrator; "" for the charter shipped with the service.
    published_by: Mapped[str] = mapped_column(String(64), default="")
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CharterAcceptanceRow(Base):
    __tablename__ = "charter_acceptances"
    __table_args__ = (UniqueConstraint("subject", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Keycloak subject (this table only), and the pseudonym the event carries.
    subject: Mapped[str] = mapped_column(String(64), index=True)
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(ForeignKey("charter_versions.version"))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
