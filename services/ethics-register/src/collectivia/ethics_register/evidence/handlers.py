"""Kafka handler of ``fr.collectivia.ai.used.v1``: translate the payload, append it."""

from __future__ import annotations

from datetime import UTC

from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import HumanReview, Outcome, UseRecord
from collectivia.events.v1 import ai_pb2
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent

OUTCOME_FROM_PROTO = {
    ai_pb2.OUTCOME_COMPLETED: Outcome.COMPLETED,
    ai_pb2.OUTCOME_REFUSED: Outcome.REFUSED,
    ai_pb2.OUTCOME_HANDED_OVER: Outcome.HANDED_OVER,
    ai_pb2.OUTCOME_FAILED: Outcome.FAILED,
}
HUMAN_REVIEW_FROM_PROTO = {
    ai_pb2.HUMAN_REVIEW_UNSPECIFIED: HumanReview.UNSPECIFIED,
    ai_pb2.HUMAN_REVIEW_NONE: HumanReview.NONE,
    ai_pb2.HUMAN_REVIEW_ACCEPTED: HumanReview.ACCEPTED,
    ai_pb2.HUMAN_REVIEW_EDITED: HumanReview.EDITED,
    ai_pb2.HUMAN_REVIEW_OVERRIDDEN: HumanReview.OVERRIDDEN,
}


def use_record(event: ReceivedEvent) -> UseRecord:
    """The use an event reports; :class:`InvalidEvent` when it can never be logged."""
    payload = event.payload
    assert isinstance(payload, ai_pb2.AiUsed)
    outcome = OUTCOME_FROM_PROTO.get(payload.outcome)
    review = HUMAN_REVIEW_FROM_PROTO.get(payload.human_review)
    missing = [n for n in ("use_id", "system_id", "purpose", "service") if not getattr(payload, n)]
    if outcome is None:
        missing.append("outcome")
    if missing or outcome is None or review is None:
        raise InvalidEvent(f"AiUsed without a valid {', '.join(missing or ['human_review'])}")
    used_at = (
        payload.used_at.ToDatetime(tzinfo=UTC)
        if payload.HasField("used_at")
        else event.cloud_event.time
    )
    if used_at.tzinfo is None:  # a producer that wrote ce_time without its offset
        used_at = used_at.replace(tzinfo=UTC)
    return UseRecord(
        use_id=payload.use_id,
        system_id=payload.system_id,
        system_version=payload.system_version,
        purpose=payload.purpose,
        service=payload.service,
        actor=payload.actor,
        outcome=outcome,
        human_review=review,
        trace_id=payload.trace_id,
        used_at=used_at,
        contribution=payload.contribution,
        data_sources=tuple(payload.data_sources),
        parameters=dict(payload.parameters),
        model=payload.model,
    )


class AiUsedHandler:
    def __init__(self, log: EvidenceLog) -> None:
        self._log = log

    def __call__(self, event: ReceivedEvent) -> None:
        try:
            self._log.append(use_record(event))
        except InvalidInput as error:  # too long an id...: retrying cannot help
            raise InvalidEvent(error.detail) from error


class AiUsedBatchHandler:
    """All the uses of one poll in one transaction: the evidence log keeps up with the suite."""

    def __init__(self, log: EvidenceLog) -> None:
        self._log = log

    def __call__(self, events: list[ReceivedEvent]) -> None:
        # An invalid use makes the whole batch fail: the one-by-one path then parks it alone.
        self._log.append_many([use_record(event) for event in events])
