"""What an answer is made of: quoted sentences, their sources, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    ANSWERED = "answered"
    # The assistant did not know (low confidence, nothing relevant, out of remit).
    REFUSED = "refused"
    # The register does not allow the use now: no answer at all, a human is offered.
    UNAVAILABLE = "unavailable"
    HANDED_OVER = "handed_over"


@dataclass(frozen=True)
class Citation:
    """A source, numbered as cited in the answer (``[1]``)."""

    number: int
    document_id: str
    title: str
    url: str
    licence: str
    published: date | None
    # True when the source is older than the freshness limit: the answer says so.
    outdated: bool
    # True when the document is shared by every commune; False: the commune's own.
    shared: bool


@dataclass(frozen=True)
class QuotedSentence:
    """A sentence copied verbatim from a source passage, with the number of its citation."""

    text: str
    citation: int
    support: float


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    # The whole answer as shown to the citizen (French), citations and disclosure included.
    text: str
    sentences: tuple[QuotedSentence, ...]
    citations: tuple[Citation, ...]
    confidence: float
    disclosure: str
    register_url: str
    commune: str | None
    offer_handoff: bool
    eligibility_question: bool = False
    theme: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def cited_source_ids(self) -> list[str]:
        return [citation.document_id for citation in self.citations]
