"""What the tasks take and give, as domain code sees them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from collectivia.agent_assistant.gateway.models import Production

T = TypeVar("T")


@dataclass(frozen=True)
class TemplateChoice:
    """A template of the library, as instructions (summary, plain language) or as the
    letter itself (draft), with its variables' values."""

    template_id: str
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SummaryRequest:
    # Either pasted text ...
    text: str = ""
    # ... or an uploaded file (PDF, DOCX, HTML, Markdown, text) and its name.
    content: bytes = b""
    filename: str = ""
    # Target length in words; 0: the service's default.
    max_words: int = 0
    template: TemplateChoice | None = None
    for_publication: bool = False


@dataclass(frozen=True)
class PlainLanguageRequest:
    text: str
    template: TemplateChoice | None = None
    for_publication: bool = False


@dataclass(frozen=True)
class DraftRequest:
    template: TemplateChoice
    for_publication: bool = False


@dataclass(frozen=True)
class ClassifyRequest:
    text: str
    # INSEE code of the commune the request comes from; "" when unknown.
    commune: str = ""


@dataclass(frozen=True)
class DraftDetails:
    template_id: str
    template_version: int
    title: str


@dataclass(frozen=True)
class Produced(Generic[T]):
    """A task's output as shown to the agent."""

    # The text, with the AI marking at its end when ``marked``.
    text: str
    production: Production
    details: T
    latency_ms: int
    for_publication: bool
    # Art. 50(4): generated with AI for publication, not yet reviewed.
    marked: bool

    @property
    def task_id(self) -> str:
        return self.production.use_id


@dataclass(frozen=True)
class Completed(Generic[T]):
    """Last event of a task's stream."""

    produced: Produced[T]
