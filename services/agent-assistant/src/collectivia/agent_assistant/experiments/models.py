"""Tables of experiments: the experiment, its participants (pseudonymous), their uses."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class ExperimentRow(Base):
    __tablename__ = "experiments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # The department that opened it: its agents manage it and decide to share the report.
    department: Mapped[str] = mapped_column(String(100), index=True)
    task: Mapped[str] = mapped_column(String(20))
    template_id: Mapped[str | None] = mapped_column(String(36))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # JSON list of the departments whose agents may join.
    participant_departments: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Optimistic concurrency, as for templates.
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declaration


class ExperimentParticipantRow(Base):
    __tablename__ = "experiment_participants"

    experiment_id: Mapped[str] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True
    )
    agent: Mapped[str] = mapped_column(String(64), primary_key=True)
    department: Mapped[str] = mapped_column(String(100))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExperimentUseRow(Base):
    __tablename__ = "experiment_uses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    experiment_id: Mapped[str] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), index=True
    )
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100))
    rating: Mapped[int] = mapped_column(Integer)
    # Personal data replaced by placeholders: the report may be shared.
    comment: Mapped[str] = mapped_column(Text)
    minutes_saved: Mapped[int] = mapped_column(Integer)
    # The assistant's task this use reports on, when the agent gives it.
    task_id: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
