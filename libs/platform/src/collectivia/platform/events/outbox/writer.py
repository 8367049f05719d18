"""Writing an event in the caller's transaction: it exists if and only if the data does."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Tracer
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.platform.events.catalogue import event_type_named, event_type_of
from collectivia.platform.events.envelope import CloudEvent
from collectivia.platform.events.outbox.models import OutboxRecord


class Outbox:
    """Events of one service, added to the session of the data they announce. The relay sends
    them after commit; a rolled-back transaction takes its events with it."""

    def __init__(self, source: str, *, tracer: Tracer | None = None) -> None:
        self._source = source
        self._tracer = tracer or trace.get_tracer(__name__)
        # Set at each commit that wrote events: the relay of this process sends them at once
        # instead of at its next poll.
        self.committed = threading.Event()

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        """Write ``payload`` as a CloudEvent keyed by ``key`` in ``session``'s transaction;
        return its ``ce_id``."""
        event_type = event_type_of(payload)
        cloud_event = CloudEvent(
            id=str(uuid.uuid4()),
            source=self._source,
            type=event_type.ce_type,
            time=datetime.now(UTC),
            data_content_type=event_type.content_type,
            subject=subject,
        )
        attributes: dict[str, str | bool] = {
            "messaging.system": "kafka",
            "messaging.operation.type": "send",
            "messaging.destination.name": event_type.topic,
            "messaging.message.id": cloud_event.id,
            "cloudevents.event_type": cloud_event.type,
            "collectivia.outbox": True,
        }
        # The consumers' spans hang under this one, in the trace of the request that wrote.
        with self._tracer.start_as_current_span(
            f"send {event_type.topic}", kind=SpanKind.PRODUCER, attributes=attributes
        ):
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
        headers = {name: value.decode() for name, value in cloud_event.kafka_headers(carrier)}
        record = OutboxRecord(
            event_id=cloud_event.id,
            event_type=event_type.ce_type,
            key=key,
            subject=subject,
            payload=payload.SerializeToString(),
            headers=json.dumps(headers, sort_keys=True),
            created_at=cloud_event.time,
        )
        if session.get_bind().dialect.name == "postgresql":
            session.info.setdefault(_AT_COMMIT, []).append(record)  # see _in_key_order
        else:
            session.add(record)  # SQLite: one writer at a time, commits in position order
        session.info[_WRITTEN] = self
        return cloud_event.id


# Which outbox a session's transaction wrote to: its relay is woken when it commits. One
# listener for every session, registered once (registering per session is not thread-safe).
_WRITTEN = "collectivia.outbox"
# PostgreSQL: the transaction's events, inserted only as it commits (_in_key_order).
_AT_COMMIT = "collectivia.outbox.at-commit"


@event.listens_for(Session, "before_commit")
def _in_key_order(session: Session) -> None:
    """On PostgreSQL, positions come from a sequence and transactions commit side by side: a
    later position of a key could commit, and be relayed, before an earlier one. So the
    events are inserted at commit, under a transaction-scoped advisory lock per key, taken in
    the keys' order (no deadlock between two writers) and held for the commit only: per key,
    the order of positions is the order of commits."""
    records: list[OutboxRecord] = session.info.pop(_AT_COMMIT, [])
    if not records:
        return
    for key in sorted({record.key for record in records}):
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
    session.add_all(records)  # flushed by the commit, in the order they were written


@event.listens_for(Session, "after_commit")
def _wake_the_relay(session: Session) -> None:
    outbox = session.info.pop(_WRITTEN, None)
    if isinstance(outbox, Outbox):
        outbox.committed.set()


@event.listens_for(Session, "after_rollback")
def _nothing_to_relay(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    session.info.pop(_AT_COMMIT, None)


def pending_events(sessions: sessionmaker[Any]) -> list[Message]:
    """The payloads waiting in the outbox, in order (tests of services that write events)."""
    with sessions() as session:
        rows = session.scalars(select(OutboxRecord).order_by(OutboxRecord.position)).all()
    found: list[Message] = []
    for row in rows:
        payload = event_type_named(row.event_type).message()
        payload.ParseFromString(row.payload)
        found.append(payload)
    return found
