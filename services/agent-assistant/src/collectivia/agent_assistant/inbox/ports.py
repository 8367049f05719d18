"""What the inbox needs from outside, as domain code sees it: the knowledge base's search
(citizen-chat's ``Search`` over gRPC; a test supplies another ``KnowledgeSearch``), the
writer of suggested replies (through the model gateway: generative when a model is
configured, else extractive) and the recorder of the evidence of each suggestion's use (the
gateway's ``record_use``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import HumanReview, TaskUse
from collectivia.platform.events.protocol import EventOutbox


@dataclass(frozen=True)
class Passage:
    document_id: str
    title: str
    url: str
    text: str
    score: float
    theme: str = ""
    communes: tuple[str, ...] = ()


class KnowledgeSearch:
    """A class to derive from rather than a protocol: the running service finds a test's
    replacement among the objects supplied to it (``running_app(..., supplied=[...])``) by
    this type."""

    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        """The best passages for ``query`` (that commune's documents and the shared ones).
        Raises :class:`collectivia.platform.errors.DependencyUnavailable` when the knowledge base
        cannot be asked."""
        raise NotImplementedError


@dataclass(frozen=True)
class Citation:
    number: int
    document_id: str
    title: str
    url: str


@dataclass(frozen=True)
class SuggestedReply:
    text: str
    citations: list[Citation]
    # Whether a generative model wrote it (False: quoted passages only).
    generative: bool
    model: str
    # What the agent is told about how it was made (French).
    notice: str
    data_sources: list[str] = field(default_factory=list)
    # Id of this use of the assistant in the register's evidence ("" for a notice only).
    use_id: str = ""


@dataclass(frozen=True)
class ReplyRequest:
    handoff_id: str
    # The citizen's words (personal data already masked by the chat).
    question: str
    commune: str
    department: str
    passages: Sequence[Passage]


@dataclass(frozen=True)
class WrittenReply:
    suggestion: SuggestedReply
    # The evidence of this use, recorded once: when the agent replies (with the review)
    # or when the suggestion expires unanswered.
    evidence: TaskUse


class ReplyWriter(Protocol):
    def write(self, request: ReplyRequest, agent: Agent) -> WrittenReply:
        """A suggested reply grounded in ``request.passages``, with [n] citations; nothing
        recorded yet. Raises ``RuleViolation`` / ``DependencyUnavailable`` when the register
        refuses the use or cannot be asked."""
        ...


class UseRecorder(Protocol):
    def record_use(
        self,
        use: TaskUse,
        review: HumanReview,
        *,
        actor: str,
        department: str,
        task_completed: bool = True,
        parameters: Mapping[str, str] | None = None,
        wait: bool = False,
        outbox: EventOutbox | None = None,
        session: Session | None = None,
    ) -> None:
        """Publish the evidence of ``use`` with its human review (once per use); with
        ``outbox`` and ``session``, written in that transaction instead."""
        ...
