"""What the usage statistics read and answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel


@dataclass(frozen=True)
class TaskUsage:
    """One completed task, as its TASK_COMPLETED event reports it (pseudonymous)."""

    task_id: str
    task: str
    agent: str
    department: str
    template_id: str | None
    generative: bool
    latency_ms: int
    declared_minutes_saved: int
    completed_at: datetime


class FiguresRead(BaseModel):
    tasks: int
    agents: int
    # Share of the tasks done by a generative model (the rest: offline fallbacks).
    generative_share: float
    minutes_saved: int
    mean_latency_ms: int


class TaskFiguresRead(FiguresRead):
    task: str
    label: str


class DepartmentMonth(BaseModel):
    department: str
    # "2026-03"
    month: str
    suppressed: bool
    explanation: str | None
    figures: FiguresRead | None
    by_task: list[TaskFiguresRead]


class StatisticsReport(BaseModel):
    min_group_size: int
    months: list[str]
    rows: list[DepartmentMonth]
    method: str
    generated_at: datetime
