"""What an answer is made of: sentences with their citations, the sources, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from collectivia.ai.generation import ModelCall


class AnswerMode(StrEnum):
    # Sentences copied verbatim from the sources.
    EXTRACTIVE = "extractive"
    # Sentences written by a generative model from the sources, each checked against them.
    GENERATIVE = "generative"


class Fallback(StrEnum):
    """Why a generative answer was replaced by the extractive one."""

    # The model failed, timed out or was unreachable.
    MODEL_FAILED = "model-failed"
    # The post-check dropped every sentence the model wrote.
    NOTHING_KEPT = "nothing-kept"


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
class AnswerSentence:
    """A sentence of an answer and the number of its citation (the first, when several).

    Extractive: copied verbatim from a source passage. Generative: written by the model, its
    citation markers taken out of ``text`` and kept in ``citations``; ``support`` is then the
    share of its content words found in the cited passages.
    """

    text: str
    citation: int
    support: float
    citations: tuple[int, ...] = ()

    @property
    def cited(self) -> tuple[int, ...]:
        return self.citations or (self.citation,)


@dataclass(frozen=True)
class Exchange:
    """An earlier question of the conversation and the answer it got, both masked; the
    answer without its sources and disclosure."""

    question: str
    answer: str


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    # The whole answer as shown to the citizen (French), citations and disclosure included.
    text: str
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    confidence: float
    disclosure: str
    register_url: str
    commune: str | None
    offer_handoff: bool
    eligibility_question: bool = False
    theme: str = ""
    notes: tuple[str, ...] = field(default=())
    mode: AnswerMode = AnswerMode.EXTRACTIVE
    # Generated sentences the post-check left out (how many, never their text).
    dropped_sentences: int = 0
    # Why a generative answer fell back to quoting; None when it did not.
    fallback: Fallback | None = None
    # The model's call as measured (tokens, latency), for the evidence; None: no model ran,
    # or it did not say.
    model_call: ModelCall | None = None
    # The reader left before the end (the citizen closed the page): the answer as far as it
    # was streamed (``interruption.py``).
    interrupted: bool = False
    # The emergencies the question described (``emergencies.Situation`` values): the answer
    # gave their numbers instead of quoting sources.
    emergency: tuple[str, ...] = ()

    @property
    def cited_source_ids(self) -> list[str]:
        return [citation.document_id for citation in self.citations]
