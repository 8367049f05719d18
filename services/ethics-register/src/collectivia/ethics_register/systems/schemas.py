"""What the register's API reads and writes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import PolicyDomain, RiskClass, SystemRecord


class SystemUpdate(SystemRecord):
    """A full new record, with the version it was edited from (optimistic concurrency)."""

    version: int = Field(ge=1, description="The version this edit starts from.")


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    reason: str | None = Field(default=None, max_length=2000)


class DpoReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    opinion: Literal["favourable", "unfavourable"]
    comment: str = Field(default="", max_length=4000)


class TriageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    answers: dict[str, bool]


class DpoReview(BaseModel):
    opinion: Literal["favourable", "unfavourable"]
    comment: str
    reviewed_by: str
    reviewed_at: datetime
    # The entry version reviewed; any later edit of the record voids the review.
    version: int


class TriageRead(BaseModel):
    answers: dict[str, bool]
    proposed: RiskClass
    reasons: list[str]


class SystemRead(SystemRecord):
    id: str
    status: SystemStatus
    version: int
    created_at: datetime
    updated_at: datetime
    triage: TriageRead | None = None
    dpo_review: DpoReview | None = None


class SystemSummary(BaseModel):
    id: str
    name: str
    purpose: str
    summary: str | None
    status: SystemStatus
    risk_class: RiskClass
    policy_domain: PolicyDomain | None
    version: int
    updated_at: datetime


class VersionRead(BaseModel):
    version: int
    status: SystemStatus
    change: str
    reason: str | None
    changed_by: str
    changed_at: datetime
    record: SystemRecord
