"""Usage records: one row per completed task, from ``fr.collectivia.assistant.task-completed.v1``.
Pseudonymous (salted hash of the agent), no text of the task."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.agent_assistant.database import Base, UtcDateTime


class TaskUsageRow(Base):
    __tablename__ = "task_usage"
    __table_args__ = (
        Index("ix_task_usage_department_time", "department", "completed_at"),
        Index("ix_task_usage_time", "completed_at"),
    )

    # The task id of the event: a redelivered event is recorded once.
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    task: Mapped[str] = mapped_column(String(20))
    agent: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(100))
    template_id: Mapped[str | None] = mapped_column(String(36))
    generative: Mapped[bool] = mapped_column(Boolean)
    latency_ms: Mapped[int] = mapped_column(Integer)
    declared_minutes_saved: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TemplateUseCountRow(Base):
    """Tasks done with each template, kept with each usage record (same transaction), so
    that the library orders templates without counting every task ever recorded."""

    __tablename__ = "template_use_counts"

    template_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer)
