"""Stored incidents and the shapes the API reads and writes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class Category(StrEnum):
    """What went wrong, in the words of the chat's "report a problem" reasons."""

    INVENTED_CONTENT = "invented-content"
    WRONG_SOURCE = "wrong-source"
    OUTDATED = "outdated"
    DISCRIMINATION = "discrimination"
    PERSONAL_DATA = "personal-data"
    HARMFUL = "harmful"
    WRONG_DECISION = "wrong-decision"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    # AI Act Art. 3(49): death or serious harm to health, serious disruption of critical
    # infrastructure, infringement of fundamental rights, serious harm to property.
    SERIOUS = "serious"


class IncidentStatus(StrEnum):
    OPEN = "open"
    UNDER_REVIEW = "under_review"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    system_id: Mapped[str] = mapped_column(String(36), index=True)
    use_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    # "citizen", "agent" or "anonymous"; the reporter's subject only when signed in.
    reporter_kind: Mapped[str] = mapped_column(String(16))
    reported_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    notification_required: Mapped[bool] = mapped_column(Boolean)
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IncidentReport(BaseModel):
    """What anyone may report (signed in or not)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    system_id: str = Field(min_length=1, max_length=36)
    use_id: str | None = Field(default=None, max_length=64)
    category: Category
    description: str = Field(min_length=5, max_length=4000)


class IncidentReview(BaseModel):
    """The ethics officer's assessment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    severity: Severity
    status: IncidentStatus
    resolution: str | None = Field(default=None, max_length=4000)


class IncidentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    system_id: str
    use_id: str | None
    category: Category
    description: str
    reporter_kind: str
    severity: Severity
    status: IncidentStatus
    notification_required: bool
    notified_at: datetime | None
    resolution: str | None
    reported_at: datetime
    due_at: datetime
    overdue: bool = False


class IncidentReceipt(BaseModel):
    """What the reporter gets back: enough to follow up, nothing internal."""

    id: str
    status: IncidentStatus
    due_at: datetime
