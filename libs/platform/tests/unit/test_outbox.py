"""The outbox's writing side: an event exists if and only if its transaction committed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox, pending_events


class Base(DeclarativeBase):
    pass


class Entity(Base):
    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'service.db'}")
    tables = [Entity.__table__, OutboxRecord.__table__, OutboxLease.__table__]
    create_tables(engine, tables)  # type: ignore[arg-type]
    return create_session_factory(engine)


def registered(system_id: str, version: int = 1) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(system_id=system_id, name="Assistant", version=version)


def test_a_committed_event_waits_in_the_outbox_with_its_data(sessions: sessionmaker[Any]) -> None:
    outbox = Outbox("ethics-register")
    with sessions.begin() as session:
        session.add(Entity(id="sys-1", version=1))
        event_id = outbox.add(session, registered("sys-1"), key="sys-1", subject="sys-1")
    assert outbox.committed.is_set()  # the relay of this process is woken
    with sessions() as session:
        [row] = session.scalars(select(OutboxRecord)).all()
    assert (row.event_id, row.key, row.subject) == (event_id, "sys-1", "sys-1")
    assert row.event_type == "fr.collectivia.register.system-registered.v1"
    headers = json.loads(row.headers)
    assert headers["ce_id"] == event_id
    assert headers["ce_source"] == "ethics-register"
    assert headers["ce_subject"] == "sys-1"
    assert headers["content-type"].endswith("messageType=collectivia.events.v1.SystemRegistered")
    assert pending_events(sessions) == [registered("sys-1")]


def test_a_rolled_back_transaction_leaves_no_event(sessions: sessionmaker[Any]) -> None:
    outbox = Outbox("ethics-register")
    with pytest.raises(RuntimeError), sessions.begin() as session:
        session.add(Entity(id="sys-1", version=1))
        outbox.add(session, registered("sys-1"), key="sys-1")
        raise RuntimeError("the request failed after writing")
    assert not outbox.committed.is_set()
    assert pending_events(sessions) == []
    with sessions() as session:
        assert session.get(Entity, "sys-1") is None


def test_events_keep_the_order_they_were_written_in(sessions: sessionmaker[Any]) -> None:
    outbox = Outbox("ethics-register")
    with sessions.begin() as session:
        outbox.add(session, registered("a", 1), key="a")
        outbox.add(session, registered("b", 1), key="b")
    with sessions.begin() as session:
        outbox.add(session, registered("a", 2), key="a")
    assert [(e.system_id, e.version) for e in pending_events(sessions)] == [  # type: ignore[attr-defined]
        ("a", 1),
        ("b", 1),
        ("a", 2),
    ]


def test_the_event_carries_the_trace_of_the_request_that_wrote_it(
    sessions: sessionmaker[Any],
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    outbox = Outbox("ethics-register", tracer=tracer)
    with tracer.start_as_current_span("POST /v1/systems") as request, sessions.begin() as session:
        event_id = outbox.add(session, registered("sys-1"), key="sys-1")
    [send] = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.PRODUCER]
    assert send.name == "send register.system-registered.v1"
    assert send.attributes is not None and send.attributes["messaging.message.id"] == event_id
    assert send.parent is not None
    assert send.parent.span_id == request.get_span_context().span_id
    with sessions() as session:
        [row] = session.scalars(select(OutboxRecord)).all()
    trace_id = f"{request.get_span_context().trace_id:032x}"
    span_id = f"{send.context.span_id:016x}"
    assert json.loads(row.headers)["traceparent"].startswith(f"00-{trace_id}-{span_id}-")


def test_a_payload_outside_the_catalogue_is_refused(sessions: sessionmaker[Any]) -> None:
    from google.protobuf.timestamp_pb2 import Timestamp

    from collectivia.platform.events.catalogue import UnknownEventType

    with pytest.raises(UnknownEventType), sessions.begin() as session:
        Outbox("ethics-register").add(session, Timestamp(), key="k")
    assert pending_events(sessions) == []
