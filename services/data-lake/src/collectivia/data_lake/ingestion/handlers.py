"""Kafka handler of ``fr.collectivia.lake.records-submitted.v1`` (translation only): a batch
of rows from one of the suite's services, loaded by ``Loads.submit_records``.

A batch that can never be stored — its producer is not the event's source, or the lake
refuses it whatever its rows (no batch id, a producer not allowed, no rows, an unknown
dataset, not a table, no known schema) — raises InvalidEvent: the consumer parks it on the
dead-letter topic with the reason, at once. Invalid rows are not such a case: the batch is
refused as a load and quarantined with its report. A write that fails raises on, and the
consumer tries again (the batch's load id makes the retry safe), then parks it."""

from __future__ import annotations

from google.protobuf import json_format

from collectivia.data_lake.ingestion.records import RecordBatch
from collectivia.data_lake.ingestion.service import Loads
from collectivia.events.v1.lake_pb2 import RecordsSubmitted
from collectivia.platform.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


class RecordsSubmittedHandler:
    def __init__(self, loads: Loads) -> None:
        self._loads = loads

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if not isinstance(payload, RecordsSubmitted):
            raise InvalidEvent(f"expected RecordsSubmitted, got {type(payload).__name__}")
        source = event.cloud_event.source
        if payload.producer != source:
            raise InvalidEvent(
                f"records-submitted from {source!r} names another producer: {payload.producer!r}"
            )
        batch = RecordBatch(
            dataset_id=payload.dataset_id,
            batch_id=payload.batch_id,
            producer=payload.producer,
            records=[json_format.MessageToDict(record) for record in payload.records],
            event_id=event.cloud_event.id,
        )
        try:
            self._loads.submit_records(batch)
        except (InvalidInput, NotFound, PermissionDenied, RuleViolation) as refused:
            raise InvalidEvent(
                f"records-submitted {payload.batch_id!r} for {payload.dataset_id!r}: "
                f"{refused.detail}"
            ) from refused
