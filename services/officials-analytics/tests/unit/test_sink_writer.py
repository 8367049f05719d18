"""The row writer on a real SQLite database and a real Iceberg catalog in a temporary folder:
events counted once (a batch delivered twice, a crash between the Iceberg commit and the
bookkeeping), commits when due, a telemetry period replaced by its later publication, and the
batch handler that stages the good events and lets the malformed one be parked alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.events.v1 import chat_pb2, lake_pb2
from collectivia.lakehouse.tables import LOAD_ID, Lakehouse
from collectivia.officials_analytics.sink.area import AREA, SinkSettings
from collectivia.officials_analytics.sink.handlers import SinkBatchHandler, SinkHandler
from collectivia.officials_analytics.sink.mapping import Fact, fact_of
from collectivia.officials_analytics.sink.models import (
    SinkEventRow,
    SinkPendingRow,
    SinkRecentEventRow,
)
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.sink.writer import (
    FlushLimits,
    SinkWriter,
    latest_per_key,
    start_flushing,
)
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.consumer import InvalidEvents, ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent
from collectivia.testkit.waiting import wait_until

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'analytics.db'}")
    create_tables(engine, [cls.__table__ for cls in AREA.tables])
    yield create_session_factory(engine)
    engine.dispose()


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
def writer_for(
    sessions: sessionmaker[Session], lakehouse: Lakehouse, clock: Clock
) -> Callable[..., SinkWriter]:
    def make(owner: str = "host-a", **limits: Any) -> SinkWriter:
        settings: dict[str, Any] = {"flush_rows": 1_000, "flush_delay": timedelta(seconds=30)}
        settings |= limits
        return SinkWriter(
            sessions, lakehouse, limits=FlushLimits(**settings), owner=owner, clock=clock
        )

    return make


@pytest.fixture
def writer(writer_for: Callable[..., SinkWriter]) -> SinkWriter:
    return writer_for()


def received(payload: Message, event_id: str, *, at: datetime = START) -> ReceivedEvent:
    event_type = event_type_of(payload)
    cloud_event = CloudEvent(
        id=event_id,
        source="test",
        type=event_type.ce_type,
        time=at,
        data_content_type=event_type.content_type,
    )
    return ReceivedEvent(cloud_event, payload, event_type.topic, 0, 0)


def answer(event_id: str, commune: str = "57463") -> ReceivedEvent:
    return received(
        chat_pb2.AnswerProduced(
            answer_id=f"a-{event_id}", commune=commune, outcome=chat_pb2.ANSWER_OUTCOME_ANSWERED
        ),
        event_id,
    )


def answers(count: int, prefix: str = "e") -> list[Fact]:
    return [fact_of(answer(f"{prefix}{i}")) for i in range(count)]


def rows_of(lakehouse: Lakehouse, table: str) -> pa.Table:
    return lakehouse.read(dataset_id(table))


def event_ids(lakehouse: Lakehouse, table: str) -> list[str]:
    return sorted(rows_of(lakehouse, table).column("event_id").to_pylist())


def pending(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(SinkPendingRow)) or 0)


def test_every_table_exists_empty_from_the_start(writer: SinkWriter, lakehouse: Lakehouse) -> None:
    writer.ensure_tables()
    writer.ensure_tables()  # again: nothing changes
    for table, schema in TABLES.items():
        assert lakehouse.read(dataset_id(table)).num_rows == 0
        assert set(schema.names) <= set(lakehouse.table(dataset_id(table)).schema().column_names)
        assert len(lakehouse.versions(dataset_id(table))) == 1


def test_a_batch_delivered_twice_is_counted_once(
    writer: SinkWriter, lakehouse: Lakehouse, sessions: sessionmaker[Session]
) -> None:
    batch = answers(3)
    assert writer.stage(batch) == 3
    assert writer.stage(batch) == 0  # a redelivery: nothing new
    assert writer.stage([*batch, batch[0]]) == 0
    assert writer.flush(force=True) == 3
    assert writer.stage(batch) == 0  # a replay after the commit
    assert writer.stage([*answers(1, prefix="new"), *batch]) == 1
    writer.flush(force=True)
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1", "e2", "new0"]
    assert pending(sessions) == 0
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SinkEventRow)) == 4


def test_one_event_id_may_be_in_two_tables(writer: SinkWriter, lakehouse: Lakehouse) -> None:
    feedback = received(chat_pb2.FeedbackGiven(answer_id="a-e0", useful=True), "e0")
    assert writer.stage([*answers(1), fact_of(feedback)]) == 2
    writer.flush(force=True)
    assert event_ids(lakehouse, "chat_answers") == event_ids(lakehouse, "chat_feedback") == ["e0"]


def test_rows_wait_until_enough_of_them_or_the_oldest_waited_long_enough(
    writer_for: Callable[..., SinkWriter], lakehouse: Lakehouse, clock: Clock
) -> None:
    writer = writer_for(flush_rows=5, flush_delay=timedelta(seconds=30))
    writer.stage(answers(3))
    assert writer.flush() == 0
    clock.now += timedelta(seconds=29)
    assert writer.flush() == 0
    clock.now += timedelta(seconds=1)
    assert writer.flush() == 3
    writer.stage(answers(6, prefix="more"))
    assert writer.flush() == 6  # enough rows: at once
    assert rows_of(lakehouse, "chat_answers").num_rows == 9
    # One commit per flush, the load's operation "events".
    versions = lakehouse.versions(dataset_id("chat_answers"))
    assert [(v.operation, v.rows_added) for v in versions] == [("events", 3), ("events", 6)]


def test_a_backlog_is_committed_in_several_loads(
    writer_for: Callable[..., SinkWriter], lakehouse: Lakehouse
) -> None:
    writer = writer_for(flush_rows=1, max_commit_rows=4)
    for start in range(0, 10, 2):
        writer.stage([fact_of(answer(f"b{i}")) for i in range(start, start + 2)])
    assert writer.flush() == 10
    versions = lakehouse.versions(dataset_id("chat_answers"))
    assert [v.rows_added for v in versions] == [4, 4, 2]


def test_a_crash_between_the_iceberg_commit_and_the_bookkeeping_adds_nothing_twice(
    writer: SinkWriter,
    writer_for: Callable[..., SinkWriter],
    lakehouse: Lakehouse,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer.stage(answers(3))

    def crash(load_id: str) -> None:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(writer, "_forget", crash)
    with pytest.raises(RuntimeError):
        writer.flush(force=True)
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1", "e2"]  # committed...
    assert pending(sessions) == 1  # ...but still claimed
    # Flushed again (this process, or another once the claim timed out): the claim's load is
    # found in the table's snapshots, its rows only forgotten.
    restarted = writer_for()
    restarted.stage(answers(3))  # the redelivered events: seen
    restarted.flush(force=True)
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1", "e2"]
    assert pending(sessions) == 0


def test_a_crash_before_the_iceberg_commit_commits_the_claim_on_the_next_flush(
    writer: SinkWriter,
    writer_for: Callable[..., SinkWriter],
    lakehouse: Lakehouse,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer.ensure_tables()
    writer.stage(answers(2))

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the catalog is away")

    monkeypatch.setattr(writer, "_append", crash)
    with pytest.raises(RuntimeError):
        writer.flush(force=True)
    assert rows_of(lakehouse, "chat_answers").num_rows == 0
    writer_for().flush()  # not forced, not due: the claim is resolved anyway
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1"]
    assert pending(sessions) == 0


def test_another_process_s_claim_is_left_alone_until_it_times_out(
    writer: SinkWriter,
    writer_for: Callable[..., SinkWriter],
    lakehouse: Lakehouse,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer.stage(answers(2))

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("host-a stops here")

    monkeypatch.setattr(writer, "_append", crash)
    with pytest.raises(RuntimeError):
        writer.flush(force=True)
    other = writer_for(owner="host-b", claim_timeout=timedelta(minutes=5))
    other.stage(answers(1, prefix="later"))
    assert other.flush(force=True) == 0  # host-a may still be committing
    assert not lakehouse.has_table(dataset_id("chat_answers"))
    clock.now += timedelta(minutes=5, seconds=1)
    assert other.flush(force=True) == 3  # host-a's claim first, then its own rows
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1", "later0"]
    assert [v.rows_added for v in lakehouse.versions(dataset_id("chat_answers"))] == [2, 1]


def telemetry(event_id: str, start: datetime, **means: float) -> Fact:
    period_start = Timestamp()
    period_start.FromDatetime(start)
    payload = lake_pb2.TelemetryAggregated(
        dataset_id="eau-telemetrie",
        period="day",
        period_start=period_start,
        aggregates=[
            lake_pb2.TelemetryAggregate(
                sensor_id=sensor, measure="consommation", unit="m3", count=24, mean=mean
            )
            for sensor, mean in means.items()
        ],
    )
    return fact_of(received(payload, event_id))


def telemetry_rows(lakehouse: Lakehouse) -> list[tuple[str, datetime, str, float]]:
    rows = rows_of(lakehouse, "lake_telemetry").to_pylist()
    return sorted((r["event_id"], r["occurred_at"], r["sensor_id"], r["mean"]) for r in rows)


def test_a_telemetry_period_published_again_replaces_its_rows(
    writer: SinkWriter, lakehouse: Lakehouse
) -> None:
    day1, day2 = START, START + timedelta(days=1)
    writer.stage([telemetry("t1", day1, s1=1.0, s2=2.0), telemetry("t2", day2, s1=5.0)])
    writer.flush(force=True)
    # Late readings: day 1 published again (one more sensor); in the same flush, twice.
    writer.stage([telemetry("t1-bis", day1, s1=1.5, s2=2.0, s3=0.5)])
    writer.stage([telemetry("t1-ter", day1, s1=1.6, s2=2.0, s3=0.5)])
    writer.flush(force=True)
    assert telemetry_rows(lakehouse) == [
        ("t1-ter", day1, "s1", 1.6),
        ("t1-ter", day1, "s2", 2.0),
        ("t1-ter", day1, "s3", 0.5),
        ("t2", day2, "s1", 5.0),
    ]
    # Both publications before a flush: only the latest is committed.
    day3 = START + timedelta(days=2)
    writer.stage([telemetry("t3", day3, s1=1.0), telemetry("t3-bis", day3, s1=3.0)])
    writer.flush(force=True)
    assert [r for r in telemetry_rows(lakehouse) if r[1] == day3] == [("t3-bis", day3, "s1", 3.0)]
    # The replacing commit is one version: its deletion and its append.
    last = lakehouse.versions(dataset_id("lake_telemetry"))[-1]
    assert last.operation == "events"


def test_latest_per_key_keeps_the_last_publication_s_rows() -> None:
    rows = pa.table(
        {
            "event_id": ["a", "a", "b", "c", "b"],
            "k": ["x", "x", "y", "x", "y"],
            "v": [1, 2, 3, 4, 5],
        }
    )
    assert latest_per_key(rows, ["k"]).column("v").to_pylist() == [3, 4, 5]


def test_the_batch_handler_stages_the_good_events_and_refuses_the_malformed_one(
    writer: SinkWriter, lakehouse: Lakehouse
) -> None:
    malformed = received(chat_pb2.AnswerProduced(conversation_id="no-answer-id"), "bad")
    events = [answer("g1"), malformed, answer("g2")]
    with pytest.raises(InvalidEvents) as refused:
        SinkBatchHandler(writer)(events)
    # The malformed one, with its reason, for the consumer to park.
    assert [(event, str(error)) for event, error in refused.value.rejected] == [
        (malformed, "AnswerProduced without answer_id")
    ]
    # Handed over again one by one (another failure): the good ones were seen, the malformed
    # one raises InvalidEvent (dead-lettered at once).
    one_by_one = SinkHandler(writer)
    one_by_one(events[0])
    with pytest.raises(InvalidEvent, match="without answer_id"):
        one_by_one(malformed)
    one_by_one(events[2])
    writer.flush(force=True)
    assert event_ids(lakehouse, "chat_answers") == ["g1", "g2"]


def test_the_batch_handler_takes_mixed_events_in_one_transaction(
    writer: SinkWriter, lakehouse: Lakehouse
) -> None:
    SinkBatchHandler(writer)([answer("m1"), answer("m2", commune="57751")])
    assert writer.staged_events == 2
    writer.flush(force=True)
    assert writer.committed_rows == 2
    communes = rows_of(lakehouse, "chat_answers").column("commune").to_pylist()
    assert sorted(communes) == ["57463", "57751"]


def test_the_worker_commits_due_rows_and_what_is_left_at_stop(
    writer_for: Callable[..., SinkWriter], lakehouse: Lakehouse, sessions: sessionmaker[Session]
) -> None:
    writer = writer_for(flush_rows=2, check_interval=0.05)
    worker = start_flushing(writer)
    try:
        writer.stage(answers(2))
        wait_until(lambda: writer.committed_rows == 2, timeout=20, what="the worker's commit")
        writer.stage(answers(1, prefix="last"))  # not due: waits for the stop
    finally:
        worker.stop()
    assert event_ids(lakehouse, "chat_answers") == ["e0", "e1", "last0"]
    assert pending(sessions) == 0


def test_the_settings_give_the_limits() -> None:
    limits = SinkSettings(sink_flush_rows=10, sink_flush_delay_seconds=2.5).limits()
    assert (limits.flush_rows, limits.flush_delay) == (10, timedelta(seconds=2.5))


def test_every_load_carries_its_load_id(writer: SinkWriter, lakehouse: Lakehouse) -> None:
    writer.stage(answers(1))
    writer.flush(force=True)
    snapshot = lakehouse.table(dataset_id("chat_answers")).current_snapshot()
    assert snapshot is not None and snapshot.summary is not None
    assert len(snapshot.summary.get(LOAD_ID) or "") == 32


def ids_in(sessions: sessionmaker[Session], model: type[Any]) -> list[str]:
    with sessions() as session:
        return sorted(session.scalars(select(model.event_id)))


def test_the_recent_ids_move_to_the_kept_table_by_count_or_age(
    writer_for: Callable[..., SinkWriter], sessions: sessionmaker[Session], clock: Clock
) -> None:
    writer = writer_for(merge_ids=3, merge_interval=timedelta(hours=1))
    writer.flush()  # the first round moves what an earlier process left
    writer.stage(answers(2))
    writer.flush()
    assert ids_in(sessions, SinkRecentEventRow) == ["e0", "e1"]
    writer.stage(answers(1, prefix="f"))
    writer.flush()  # three staged since the last move
    assert ids_in(sessions, SinkRecentEventRow) == []
    assert ids_in(sessions, SinkEventRow) == ["e0", "e1", "f0"]
    assert writer.stage(answers(2)) == 0  # replayed after the move: seen in the kept table
    writer.stage(answers(1, prefix="g"))
    clock.now += timedelta(hours=1)
    writer.flush()  # fewer than three, but an hour since the last move
    assert ids_in(sessions, SinkRecentEventRow) == []
    assert ids_in(sessions, SinkEventRow) == ["e0", "e1", "f0", "g0"]
