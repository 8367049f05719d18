"""What goes through the gateway: a task's specification (its input, its prompt, its
offline fallback) and what comes back (the text, how it was produced, streamed or whole)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from collectivia.ai.use.evidence import HumanReview, UseEvidence, UseOutcome

__all__ = [
    "Delta",
    "Finished",
    "HumanReview",
    "Offline",
    "Production",
    "Prompt",
    "Started",
    "StreamEvent",
    "TaskKind",
    "TaskResult",
    "TaskSpec",
    "TaskUse",
]

T = TypeVar("T")


class TaskKind(StrEnum):
    SUMMARIZE = "summarize"
    PLAIN_LANGUAGE = "plain-language"
    DRAFT = "draft"
    CLASSIFY = "classify"
    HANDOFF_REPLY = "handoff-reply"


@dataclass(frozen=True)
class Prompt:
    """What a model is asked; built from the masked input only."""

    system: str
    user: str
    max_tokens: int = 800


@dataclass(frozen=True)
class Offline(Generic[T]):
    """A fallback's output: computed in this process, no model, nothing invented."""

    text: str
    # The fallback's name and version, e.g. "extractive-summary/1" (the evidence's model).
    method: str
    # French: what the fallback did and what it cannot do.
    notice: str
    details: T


@dataclass(frozen=True)
class TaskSpec(Generic[T]):
    kind: TaskKind
    # The agent's input: masked before any model sees it, never logged nor published.
    source: str
    # (masked source, masked instructions) -> the model's prompt.
    prompt: Callable[[str, str], Prompt]
    # The offline fallback, on the original source (it runs here: nothing leaves).
    offline: Callable[[], Offline[T]]
    # What the system contributes, in plain French words, for the register's evidence.
    contribution: str
    # The agent's instructions for the model (a template of the library), masked with the
    # source (same placeholders); "" when none.
    instructions: str = ""
    template_id: str = ""
    # Task parameters recorded in the evidence (never the text).
    parameters: Mapping[str, str] = field(default_factory=dict)
    # The model's output (personal data restored) made fit for use, e.g. its sentences
    # citing an unknown source dropped; "" when nothing usable is left (the fallback then
    # runs, and says so). A checked output is never streamed piece by piece.
    check_output: Callable[[str], str] | None = None
    # The part of the input about a person, searched for special categories of data
    # (None: all of it; a public knowledge-base passage about health is not personal).
    personal_text: str | None = None
    # With special categories and no endpoint approved for them: the fallback runs
    # (True) instead of the task being refused (False).
    special_categories_fallback: bool = False


@dataclass(frozen=True)
class Production:
    """How an output was produced (the gRPC contract's Production)."""

    generative: bool
    # The model's name, or the fallback's.
    model: str
    # French notice to show with the output.
    notice: str
    # The id of this use in the register's evidence (also the task id).
    use_id: str
    # Public page of the assistant's entry in the ethics register.
    register_url: str


@dataclass(frozen=True)
class TaskUse:
    """One use of the assistant: its evidence as the ethics register keeps it (the AI-use
    pathway's ``UseEvidence``, not yet reviewed) and what the usage statistics count
    (``assistant.task-completed``). Published at once for a task, or kept by the caller whose
    output a person reviews later (``ModelGateway.run(..., defer_evidence=True)``) and
    recorded then with the review (``ModelGateway.record_use``)."""

    evidence: UseEvidence
    kind: TaskKind
    # The department of the agent the output was produced for.
    department: str
    generative: bool
    template_id: str
    latency_ms: int

    @property
    def use_id(self) -> str:
        return self.evidence.use_id

    @property
    def system_id(self) -> str:
        return self.evidence.system_id

    @property
    def system_version(self) -> int:
        return self.evidence.system_version

    @property
    def actor(self) -> str:
        """The pseudonymous agent the output was produced for."""
        return self.evidence.actor

    @property
    def model(self) -> str:
        """The model's name, or the fallback's."""
        return self.evidence.model

    @property
    def contribution(self) -> str:
        return self.evidence.contribution

    @property
    def data_sources(self) -> tuple[str, ...]:
        return self.evidence.data_sources

    @property
    def parameters(self) -> Mapping[str, str]:
        return self.evidence.parameters

    @property
    def used_at(self) -> datetime:
        """When the output was produced."""
        return self.evidence.used_at

    @property
    def completed(self) -> bool:
        """False: the model broke off (the output was not delivered)."""
        return self.evidence.outcome is UseOutcome.COMPLETED

    def with_evidence(self, **changes: Any) -> TaskUse:
        """The same use, its evidence changed (``contribution``, ``data_sources``...)."""
        return replace(self, evidence=replace(self.evidence, **changes))


@dataclass(frozen=True)
class TaskResult(Generic[T]):
    text: str
    production: Production
    # The fallback's details (citations, flags, scores); None when a model produced the text.
    details: T | None
    latency_ms: int
    # The evidence still to record (deferred evidence only; None: already published).
    evidence: TaskUse | None = None

    @property
    def task_id(self) -> str:
        return self.production.use_id


@dataclass(frozen=True)
class Started:
    """First event of a stream: how the output is being produced."""

    production: Production


@dataclass(frozen=True)
class Delta:
    """A piece of the output, personal data already restored."""

    text: str


@dataclass(frozen=True)
class Finished(Generic[T]):
    result: TaskResult[T]


StreamEvent = Started | Delta | Finished[T]
