"""Register entries: the stored row, and the shapes the API reads and writes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime

PURPOSE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class RiskClass(StrEnum):
    """AI Act risk classes."""

    MINIMAL = "minimal"
    LIMITED = "limited"
    HIGH = "high"
    PROHIBITED = "prohibited"


class SystemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    RETIRED = "retired"


class AiSystem(Base):
    __tablename__ = "ai_systems"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(64), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200))
    risk_class: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Pseudonymous Keycloak subject of the ethics officer who registered it.
    registered_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SystemCreate(BaseModel):
    """What an ethics officer declares to register a system."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=3, max_length=200, examples=["Assistant virtuel citoyen"])
    purpose: str = Field(
        min_length=2,
        max_length=64,
        pattern=PURPOSE_PATTERN,
        description="The declared use, a slug checked by the runtime gate.",
        examples=["citizen-information"],
    )
    description: str = Field(default="", max_length=4000)
    owner: str = Field(min_length=2, max_length=200, examples=["Direction du numérique"])
    risk_class: RiskClass
    status: SystemStatus = SystemStatus.DRAFT


class SystemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    purpose: str
    description: str
    owner: str
    risk_class: RiskClass
    status: SystemStatus
    version: int
    created_at: datetime
    updated_at: datetime
