"""Kafka handler of ``fr.collectivia.assistant.charter-accepted.v1``: translate, record."""

from __future__ import annotations

from datetime import UTC

from collectivia.ethics_register.literacy.service import CharterAcceptance, LiteracyRecords
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


class CharterAcceptedHandler:
    def __init__(self, records: LiteracyRecords) -> None:
        self._records = records

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if not isinstance(payload, assistant_pb2.CharterAccepted):
            raise InvalidEvent(f"not a charter acceptance: {type(payload).__name__}")
        if not payload.agent or not payload.charter_version:
            raise InvalidEvent("CharterAccepted without agent or charter_version")
        accepted_at = (
            payload.accepted_at.ToDatetime(tzinfo=UTC)
            if payload.HasField("accepted_at")
            else event.cloud_event.time
        )
        self._records.record(
            CharterAcceptance(
                event_id=event.cloud_event.id,
                agent=payload.agent,
                department=payload.department,
                charter_version=payload.charter_version,
                source=event.cloud_event.source,
                accepted_at=accepted_at,
            )
        )
