"""Kafka handler of ``fr.collectivia.ai.performance-measured.v1``: translate, record.

A measurement that can never be kept (malformed, or of an entry the register does not have)
is parked on the dead-letter topic: retrying cannot help, and the consumer goes on."""

from __future__ import annotations

from datetime import UTC

from collectivia.ethics_register.performance.service import (
    Measurement,
    Metric,
    PerformanceRecords,
)
from collectivia.events.v1 import ai_pb2
from collectivia.platform.errors import InvalidInput, NotFound
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


def measurement(event: ReceivedEvent) -> Measurement:
    payload = event.payload
    if not isinstance(payload, ai_pb2.PerformanceMeasured):
        raise InvalidEvent(f"not a performance measurement: {type(payload).__name__}")
    measured_at = (
        payload.measured_at.ToDatetime(tzinfo=UTC)
        if payload.HasField("measured_at")
        else event.cloud_event.time
    )
    if measured_at.tzinfo is None:  # a producer that wrote ce_time without its offset
        measured_at = measured_at.replace(tzinfo=UTC)
    return Measurement(
        event_id=event.cloud_event.id,
        system_id=payload.system_id,
        system_version=payload.system_version,
        service=payload.service,
        measured_at=measured_at,
        metrics=tuple(
            Metric(name=m.name, value=m.value, unit=m.unit, description=m.description)
            for m in payload.metrics
        ),
        method=payload.method,
        data_sources=tuple(payload.data_sources),
        samples=payload.samples,
        run_id=payload.run_id,
    )


class PerformanceMeasuredHandler:
    def __init__(self, records: PerformanceRecords) -> None:
        self._records = records

    def __call__(self, event: ReceivedEvent) -> None:
        received = measurement(event)
        try:
            self._records.record(received)
        except InvalidInput as error:
            fields = ", ".join(dict.fromkeys(e.field for e in error.errors))
            raise InvalidEvent(f"PerformanceMeasured without a valid {fields}") from error
        except NotFound as error:
            raise InvalidEvent(
                f"PerformanceMeasured of an unknown system {received.system_id!r}"
            ) from error
