"""The sink's event ids kept for their retention, on a real SQLite database: an id past the
retention forgotten, a recent one kept, a redelivery inside the window still counted once;
the flushing worker's purge at most once an interval; a database older than the ids' date
upgraded in place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from collectivia.events.v1 import chat_pb2
from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.sink.area import AREA, SinkSettings
from collectivia.officials_analytics.sink.mapping import Fact, fact_of
from collectivia.officials_analytics.sink.models import (
    SinkEventRow,
    SinkRecentEventRow,
    add_seen_at,
)
from collectivia.officials_analytics.sink.writer import FlushLimits, SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RETENTION = timedelta(days=400)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'analytics.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    create_tables(engine, [cls.__table__ for cls in AREA.tables])
    return create_session_factory(engine)


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    storage = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "warehouse")
    )
    return storage.open_lakehouse("analytics")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def writer(sessions: sessionmaker[Session], lakehouse: Lakehouse, clock: Clock) -> SinkWriter:
    return SinkWriter(
        sessions,
        lakehouse,
        limits=FlushLimits(event_retention=RETENTION, purge_interval=timedelta(hours=1)),
        clock=clock,
    )


def answer(event_id: str) -> Fact:
    payload = chat_pb2.AnswerProduced(answer_id=f"a-{event_id}", commune="57463")
    event_type = event_type_of(payload)
    cloud_event = CloudEvent(
        id=event_id,
        source="test",
        type=event_type.ce_type,
        time=START,
        data_content_type=event_type.content_type,
    )
    return fact_of(ReceivedEvent(cloud_event, payload, event_type.topic, 0, 0))


def kept_ids(sessions: sessionmaker[Session]) -> list[str]:
    """The ids the sink knows, recent (not merged yet) or kept."""
    with sessions() as session:
        kept = set(session.scalars(select(SinkEventRow.event_id)))
        return sorted(kept | set(session.scalars(select(SinkRecentEventRow.event_id))))


def test_an_id_past_the_retention_is_forgotten_and_a_recent_one_kept(
    writer: SinkWriter, sessions: sessionmaker[Session], clock: Clock
) -> None:
    assert writer.stage([answer("old")]) == 1
    clock.now = START + timedelta(days=300)
    assert writer.stage([answer("recent")]) == 1
    clock.now = START + RETENTION + timedelta(minutes=1)
    assert writer.purge_seen_events() == 1
    assert kept_ids(sessions) == ["recent"]


def test_a_redelivery_inside_the_window_is_still_counted_once(
    writer: SinkWriter, clock: Clock
) -> None:
    assert writer.stage([answer("e1")]) == 1
    assert writer.flush(force=True) == 1
    clock.now = START + RETENTION - timedelta(days=1)
    assert writer.purge_seen_events() == 0
    assert writer.stage([answer("e1")]) == 0  # a replay of the topic: already there
    assert writer.flush(force=True) == 0


def test_the_worker_s_purge_runs_once_an_interval(
    sessions: sessionmaker[Session], lakehouse: Lakehouse, clock: Clock
) -> None:
    limits = FlushLimits(event_retention=timedelta(hours=1), purge_interval=timedelta(days=1))
    writer = SinkWriter(sessions, lakehouse, limits=limits, clock=clock)
    writer.stage([answer("e1")])
    clock.now += timedelta(hours=2)
    writer.stage([answer("e2")])
    assert writer.purge_if_due() == 1  # the first round purges
    clock.now += timedelta(hours=2)  # e2 past its retention too...
    assert writer.purge_if_due() == 0  # ...but the interval has not passed
    clock.now += timedelta(days=1)
    assert writer.purge_if_due() == 1
    assert kept_ids(sessions) == []


def test_no_retention_keeps_every_id(
    sessions: sessionmaker[Session], lakehouse: Lakehouse, clock: Clock
) -> None:
    writer = SinkWriter(sessions, lakehouse, limits=FlushLimits(event_retention=None), clock=clock)
    writer.stage([answer("e1")])
    clock.now += timedelta(days=10_000)
    assert writer.purge_seen_events() == 0
    assert kept_ids(sessions) == ["e1"]


def test_the_settings_give_the_retention() -> None:
    assert SinkSettings().limits().event_retention == timedelta(days=400)
    assert SinkSettings(sink_event_retention_days=0).limits().event_retention is None


def test_a_database_older_than_the_ids_date_is_upgraded(
    engine: Engine, lakehouse: Lakehouse, clock: Clock
) -> None:
    with engine.begin() as connection:  # sink_events as it was before seen_at
        connection.execute(
            text(
                "CREATE TABLE sink_events (table_name VARCHAR(40) NOT NULL, "
                "event_id VARCHAR(200) NOT NULL, PRIMARY KEY (table_name, event_id))"
            )
        )
        connection.execute(text("INSERT INTO sink_events VALUES ('chat_answers', 'before')"))
    create_tables(engine, [cls.__table__ for cls in AREA.tables])
    sessions = create_session_factory(engine)
    writer = SinkWriter(
        sessions, lakehouse, limits=FlushLimits(event_retention=RETENTION), clock=clock
    )
    writer.ensure_tables()
    add_seen_at(engine, START)  # again: nothing to do
    with sessions() as session:
        assert session.scalar(select(SinkEventRow.seen_at)) == START
    assert writer.stage([answer("before"), answer("after")]) == 1  # the old id still known
    clock.now = START + RETENTION + timedelta(seconds=1)
    assert writer.purge_seen_events() == 2
