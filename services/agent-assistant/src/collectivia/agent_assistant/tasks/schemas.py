"""HTTP bodies of the tasks (JSON in and out; the summary takes a multipart form)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from collectivia.agent_assistant.gateway.models import Production
from collectivia.agent_assistant.tasks.classification import Classification
from collectivia.agent_assistant.tasks.extractive_summary import ExtractiveSummary
from collectivia.agent_assistant.tasks.plain_language import PlainLanguageRewrite
from collectivia.agent_assistant.tasks.publication import MARKING, EditorialReview
from collectivia.agent_assistant.tasks.records import DraftDetails, Produced, TemplateChoice

T = TypeVar("T")


class TemplateValues(BaseModel):
    """A template of the library and its variables' values."""

    model_config = ConfigDict(extra="forbid")

    template_id: str = Field(min_length=1, max_length=36)
    variables: dict[str, str] = Field(default_factory=dict)

    def choice(self) -> TemplateChoice:
        return TemplateChoice(self.template_id, self.variables)


class PlainLanguageBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Checked by the service (empty, too long), with French messages.
    text: str
    # Instructions for the model (a template of kind plain-language or free).
    template: TemplateValues | None = None
    # Meant for publication: marked as AI-generated until an editorial review.
    for_publication: bool = False


class DraftBody(TemplateValues):
    for_publication: bool = False


class ClassifyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    commune: str = ""


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The version the agent reviewed and will publish.
    text: str


class ProductionRead(BaseModel):
    generative: bool
    model: str
    notice: str
    use_id: str
    register_url: str

    @classmethod
    def of(cls, production: Production) -> ProductionRead:
        return cls(**asdict(production))


class TaskRead(BaseModel):
    task_id: str
    text: str
    production: ProductionRead
    latency_ms: int
    for_publication: bool
    # AI Act Art. 50(4): the text carries ``marking`` until an editorial review is recorded.
    marked: bool
    marking: str

    @staticmethod
    def common(produced: Produced[Any]) -> dict[str, Any]:
        return {
            "task_id": produced.task_id,
            "text": produced.text,
            "production": ProductionRead.of(produced.production),
            "latency_ms": produced.latency_ms,
            "for_publication": produced.for_publication,
            "marked": produced.marked,
            "marking": MARKING if produced.marked else "",
        }


class CitationRead(BaseModel):
    paragraph: int
    excerpt: str


class SentenceRead(BaseModel):
    text: str
    paragraph: int


class SummaryRead(TaskRead):
    # The paragraphs the summary cites ([§n]), numbered as in the document.
    citations: list[CitationRead]
    # The extractive summary's sentences (empty when a model wrote the summary).
    sentences: list[SentenceRead]
    paragraph_count: int

    @classmethod
    def of(cls, produced: Produced[ExtractiveSummary]) -> SummaryRead:
        summary = produced.details
        return cls(
            **cls.common(produced),
            citations=[CitationRead(**asdict(c)) for c in summary.citations],
            sentences=[SentenceRead(**asdict(s)) for s in summary.sentences],
            paragraph_count=summary.paragraph_count,
        )


class ReplacementRead(BaseModel):
    original: str
    replacement: str


class FlagRead(BaseModel):
    kind: str
    term: str
    advice: str


class PlainLanguageRead(TaskRead):
    replacements: list[ReplacementRead]
    flags: list[FlagRead]
    sentences_cut: int
    # What the rewrite cannot do (French).
    limits: str

    @classmethod
    def of(cls, produced: Produced[PlainLanguageRewrite]) -> PlainLanguageRead:
        rewrite = produced.details
        return cls(
            **cls.common(produced),
            replacements=[ReplacementRead(**asdict(r)) for r in rewrite.replacements],
            flags=[FlagRead(**asdict(f)) for f in rewrite.flags],
            sentences_cut=rewrite.sentences_cut,
            limits=rewrite.limits,
        )


class DraftRead(TaskRead):
    template_id: str
    template_version: int
    title: str
    # Always empty: a draft with unfilled variables is refused (422) and never sent.
    missing_variables: list[str]

    @classmethod
    def of(cls, produced: Produced[DraftDetails]) -> DraftRead:
        details = produced.details
        return cls(
            **cls.common(produced),
            template_id=details.template_id,
            template_version=details.template_version,
            title=details.title,
            missing_variables=[],
        )


class ThemeVoteRead(BaseModel):
    theme: str
    score: float


class ClassificationRead(TaskRead):
    # "" when no theme was recognised (the agent routes the request).
    theme: str
    department: str
    confidence: float
    keywords: list[str]
    documents: list[str]
    alternatives: list[ThemeVoteRead]
    method: str
    notice: str

    @classmethod
    def of(cls, produced: Produced[Classification]) -> ClassificationRead:
        found = produced.details
        return cls(
            **cls.common(produced),
            theme=found.theme,
            department=found.department,
            confidence=found.confidence,
            keywords=list(found.keywords),
            documents=list(found.documents),
            alternatives=[ThemeVoteRead(**asdict(a)) for a in found.alternatives],
            method=found.method,
            notice=found.notice,
        )


class EditorialReviewRead(BaseModel):
    task_id: str
    reviewer: str
    reviewed_at: datetime
    # The reviewed text, without the AI marking.
    text: str

    @classmethod
    def of(cls, review: EditorialReview) -> EditorialReviewRead:
        return cls(**asdict(review))
