"""What experiments read and write."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from collectivia.agent_assistant.prompts.schemas import MAX_VERSION

MAX_PERIOD_DAYS = 366
MAX_MINUTES_SAVED = 480


class ExperimentTask(StrEnum):
    SUMMARIZE = "summarize"
    PLAIN_LANGUAGE = "plain-language"
    DRAFT = "draft"
    CLASSIFY = "classify"
    HANDOFF_REPLY = "handoff-reply"
    FREE = "free"


class ExperimentStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


STATUS_LABELS = {
    ExperimentStatus.PLANNED: "à venir",
    ExperimentStatus.RUNNING: "en cours",
    ExperimentStatus.ENDED: "terminée",
}


class ExperimentPlan(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=200)
    description: str = Field(default="", max_length=4000)
    task: ExperimentTask
    template_id: str | None = Field(default=None, max_length=36)
    starts_on: date
    ends_on: date
    # Departments whose agents may join; empty: the opening department only.
    participant_departments: list[str] = Field(default_factory=list, max_length=20)


class ExperimentDraft(ExperimentPlan):
    # Empty: the author's department (when they have only one).
    department: str | None = Field(default=None, min_length=1, max_length=100)


class ExperimentEdit(ExperimentPlan):
    version: int = Field(ge=1, le=MAX_VERSION)


class SharingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=MAX_VERSION)
    shared: bool


class UseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rating: int = Field(ge=1, le=5, description="De 1 (inutile) à 5 (très utile).")
    comment: str = Field(default="", max_length=2000)
    minutes_saved: int = Field(
        default=0, ge=0, le=MAX_MINUTES_SAVED, description="Minutes gagnées, selon vous."
    )
    task_id: str | None = Field(default=None, max_length=64)


class UseRead(BaseModel):
    rating: int
    comment: str
    minutes_saved: int
    recorded_at: datetime


class ExperimentRead(BaseModel):
    id: str
    version: int
    title: str
    description: str
    department: str
    task: ExperimentTask
    template_id: str | None
    starts_on: date
    ends_on: date
    participant_departments: list[str]
    shared: bool
    status: ExperimentStatus
    status_label: str
    participants: int
    # Whether the caller joined, and whether they may manage it.
    joined: bool
    manageable: bool
    created_at: datetime
    updated_at: datetime


class ReportComment(BaseModel):
    rating: int
    comment: str
    recorded_at: datetime


class ExperimentReport(BaseModel):
    experiment: ExperimentRead
    uses: int
    participants: int
    # Distinct agents who recorded at least one use.
    contributors: int
    rating_mean: float | None
    # Number of uses rated 1 to 5.
    rating_distribution: dict[str, int]
    minutes_saved_total: int
    minutes_saved_per_use: float | None
    comments: list[ReportComment]
    # Said when few agents contributed: their answers may be recognised.
    notice: str | None
