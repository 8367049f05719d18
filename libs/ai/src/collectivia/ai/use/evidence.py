"""The evidence of one AI use, as the ethics register keeps it (``ai.used``): which system,
which version, for which purpose, by which service, for whom (pseudonymous), how it ended,
what a person did with the output. Never the text itself, never personal data in clear."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from opentelemetry import trace

from collectivia.ai.use.consumption import Consumption
from collectivia.events.v1 import ai_pb2
from collectivia.platform.events.payloads import timestamp


class UseOutcome(StrEnum):
    COMPLETED = "completed"
    REFUSED = "refused"
    HANDED_OVER = "handed_over"
    FAILED = "failed"


class HumanReview(StrEnum):
    """What a person did with an output before it was used."""

    # Nobody reviewed it before use (a person reads it afterwards), or nothing to review.
    NONE = "none"
    ACCEPTED = "accepted"
    EDITED = "edited"
    OVERRIDDEN = "overridden"


_OUTCOMES = {
    UseOutcome.COMPLETED: ai_pb2.OUTCOME_COMPLETED,
    UseOutcome.REFUSED: ai_pb2.OUTCOME_REFUSED,
    UseOutcome.HANDED_OVER: ai_pb2.OUTCOME_HANDED_OVER,
    UseOutcome.FAILED: ai_pb2.OUTCOME_FAILED,
}
_REVIEWS = {
    HumanReview.NONE: ai_pb2.HUMAN_REVIEW_NONE,
    HumanReview.ACCEPTED: ai_pb2.HUMAN_REVIEW_ACCEPTED,
    HumanReview.EDITED: ai_pb2.HUMAN_REVIEW_EDITED,
    HumanReview.OVERRIDDEN: ai_pb2.HUMAN_REVIEW_OVERRIDDEN,
}


@dataclass(frozen=True)
class UseEvidence:
    use_id: str
    system_id: str
    system_version: int
    purpose: str
    service: str
    # Pseudonymous: whom the output was produced for (``pseudonym``).
    actor: str
    outcome: UseOutcome
    # The model's name, or the offline method's ("extractive/…", "extractive-summary/1").
    model: str
    # What the system contributed, in plain French, for the person who asks for it.
    contribution: str
    used_at: datetime
    trace_id: str
    human_review: HumanReview = HumanReview.NONE
    # Ids of the sources the output rests on (documents, templates).
    data_sources: tuple[str, ...] = ()
    # How it was produced (mode, thresholds, fallback…), never the text.
    parameters: Mapping[str, str] = field(default_factory=dict)
    # What the use consumed (CPU time, the model's tokens, the estimated energy); None: not
    # measured.
    consumption: Consumption | None = None

    def reviewed(
        self, review: HumanReview, *, actor: str | None = None, **parameters: str
    ) -> UseEvidence:
        """The same use once a person reviewed its output (``actor``: the reviewer)."""
        return replace(
            self,
            human_review=review,
            actor=actor if actor is not None else self.actor,
            parameters={**self.parameters, **parameters},
        )


def ai_used(evidence: UseEvidence) -> ai_pb2.AiUsed:
    """The ``fr.collectivia.ai.used.v1`` payload of ``evidence``."""
    payload = ai_pb2.AiUsed(
        use_id=evidence.use_id,
        system_id=evidence.system_id,
        system_version=evidence.system_version,
        purpose=evidence.purpose,
        service=evidence.service,
        actor=evidence.actor,
        outcome=_OUTCOMES[evidence.outcome],
        human_review=_REVIEWS[evidence.human_review],
        trace_id=evidence.trace_id,
        used_at=timestamp(evidence.used_at),
        contribution=evidence.contribution,
        data_sources=list(evidence.data_sources),
        parameters=dict(evidence.parameters),
        model=evidence.model,
    )
    used = evidence.consumption
    if used is not None:
        payload.cpu_seconds = used.cpu_seconds
        payload.energy_method = used.energy_method
        if used.input_tokens is not None and used.output_tokens is not None:
            payload.input_tokens = used.input_tokens
            payload.output_tokens = used.output_tokens
        if used.model_latency_seconds is not None:
            payload.model_latency_seconds = used.model_latency_seconds
        if used.energy_wh is not None:
            payload.energy_wh = used.energy_wh
    return payload


def pseudonym(salt: str, identity: str) -> str:
    """A stable pseudonymous id: salted SHA-256, never the identity itself."""
    return hashlib.sha256(f"{salt}\n{identity}".encode()).hexdigest()[:32]


def current_trace_id() -> str:
    """The trace of the request being served ("" outside one): the register links the
    evidence to the trace."""
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else ""
