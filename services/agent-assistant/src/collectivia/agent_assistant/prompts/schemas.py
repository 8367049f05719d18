"""What the prompt library reads and writes (plain data: no ORM objects leave the service)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from collectivia.agent_assistant import messages

MAX_TAGS = 10
# The highest version number a request may name: what the database's integers hold (found
# by fuzzing: a larger one ended in a 500).
MAX_VERSION = 2**31 - 1
MAX_VARIABLES = 30


class TemplateKind(StrEnum):
    SUMMARIZE = "summarize"
    PLAIN_LANGUAGE = "plain-language"
    DRAFT = "draft"
    CLASSIFY = "classify"
    FREE = "free"


KIND_LABELS = {
    TemplateKind.SUMMARIZE: "Résumé",
    TemplateKind.PLAIN_LANGUAGE: "Langage clair (FALC)",
    TemplateKind.DRAFT: "Rédaction",
    TemplateKind.CLASSIFY: "Classement",
    TemplateKind.FREE: "Libre",
}


def normalise_tag(tag: str) -> str:
    return " ".join(tag.split()).lower()


class VariableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=60, examples=["nom_demandeur"])
    label: str = Field(min_length=1, max_length=120, examples=["Nom du demandeur"])
    description: str = Field(default="", max_length=500)
    example: str = Field(default="", max_length=500)


class TemplateContent(BaseModel):
    """A template as its author writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=200)
    description: str = Field(default="", max_length=2000)
    kind: TemplateKind
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS)
    text: str = Field(min_length=1, max_length=20_000)
    variables: list[VariableSpec] = Field(default_factory=list, max_length=MAX_VARIABLES)

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        cleaned: list[str] = []
        for tag in tags:
            tag = normalise_tag(tag)
            if not 1 <= len(tag) <= 40:
                raise ValueError(messages.TAG_LENGTH)
            if tag not in cleaned:
                cleaned.append(tag)
        return cleaned


class TemplateDraft(TemplateContent):
    # Empty: the author's department (when they have only one).
    department: str | None = Field(default=None, min_length=1, max_length=100)


class TemplateEdit(TemplateContent):
    department: str | None = Field(default=None, min_length=1, max_length=100)
    version: int = Field(
        ge=1, le=MAX_VERSION, description="La version à partir de laquelle vous avez modifié."
    )
    reason: str = Field(min_length=3, max_length=1000, description="Pourquoi cette modification.")


class VersionedReason(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1, le=MAX_VERSION)
    reason: str = Field(min_length=3, max_length=1000)


class RatingSummary(BaseModel):
    count: int
    mean: float | None
    # Number of ratings of each score, "1" to "5".
    distribution: dict[str, int]


class TemplateSummary(BaseModel):
    id: str
    version: int
    title: str
    description: str
    kind: TemplateKind
    department: str
    owner_department: str
    tags: list[str]
    variables: list[str]
    archived: bool
    updated_at: datetime
    ratings: RatingSummary
    uses: int
    # See ranking.py: Bayesian mean rating plus a damped bonus for uses.
    usefulness: float


class TemplateRead(TemplateSummary):
    owner: str
    text: str
    variable_specs: list[VariableSpec]
    created_at: datetime


class VersionRead(BaseModel):
    version: int
    title: str
    description: str
    kind: TemplateKind
    department: str
    text: str
    variables: list[VariableSpec]
    tags: list[str]
    archived: bool
    reason: str
    changed_by: str
    changed_by_department: str
    changed_at: datetime


class RatingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    score: int = Field(ge=1, le=5, description="De 1 (inutile) à 5 (très utile).")
    comment: str = Field(default="", max_length=2000)
    # The version whose result is rated; empty: the current one.
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION)


class RatingRead(BaseModel):
    score: int
    comment: str
    template_version: int
    rater_department: str
    rated_at: datetime


class RenderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variables: dict[str, str] = Field(default_factory=dict)


class RenderedPrompt(BaseModel):
    template_id: str
    version: int
    kind: TemplateKind
    title: str
    text: str


class TemplateQuery(BaseModel):
    """A search in the library (every filter optional)."""

    tag: str | None = None
    kind: TemplateKind | None = None
    department: str | None = None
    text: str | None = Field(default=None, max_length=200)
    include_archived: bool = False
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)
