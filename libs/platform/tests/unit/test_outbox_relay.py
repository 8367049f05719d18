"""The outbox relay with a stand-in producer: order per key, at least once, one relay."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.relay import OutboxRelay, RelayInterrupted
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.testkit.waiting import wait_until


class Sent:
    def __init__(self, topic: str, key: str, headers: dict[str, bytes], value: bytes) -> None:
        self.topic, self.key, self.headers, self.value = topic, key, headers, value

    @property
    def version(self) -> int:
        payload = events_pb2.SystemRegistered()
        payload.ParseFromString(self.value)
        return payload.version


class FakeProducer:
    """Acknowledges every record, except those of ``down_keys`` (or all, when ``down``)."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.down = False
        self.down_keys: set[str] = set()

    def send_record(
        self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Callable[[float], bool]:
        failing = self.down or key.decode() in self.down_keys
        if not failing:
            self.sent.append(Sent(topic, key.decode(), dict(headers), value))

        def acknowledged(_timeout: float) -> bool:
            if failing:
                raise ConnectionError("broker away")
            return True

        return acknowledged

    def delivered(self) -> list[tuple[str, int]]:
        return [(s.key, s.version) for s in self.sent]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'service.db'}")
    create_tables(engine, [OutboxRecord.__table__, OutboxLease.__table__])  # type: ignore[list-item]
    return create_session_factory(engine)


@pytest.fixture
def producer() -> FakeProducer:
    return FakeProducer()


def relay_of(
    sessions: sessionmaker[Any], producer: FakeProducer, holder: str = "replica-1", **kw: Any
) -> OutboxRelay:
    lease = RelayLease(sessions, holder=holder, seconds=10, clock=kw.pop("clock", Clock()))
    return OutboxRelay(sessions, producer, lease, topic_prefix="test.", **kw)


def write(sessions: sessionmaker[Any], *events: tuple[str, int]) -> None:
    outbox = Outbox("ethics-register")
    with sessions.begin() as session:
        for key, version in events:
            outbox.add(
                session,
                events_pb2.SystemRegistered(system_id=key, version=version),
                key=key,
                subject=key,
            )


def relay_all(relay: OutboxRelay) -> None:
    while relay.relay_once():
        pass


def test_committed_events_are_sent_as_written_then_forgotten(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    write(sessions, ("a", 1), ("b", 1))
    write(sessions, ("a", 2))
    relay_all(relay_of(sessions, producer))
    assert producer.delivered() == [("a", 1), ("b", 1), ("a", 2)]
    assert pending_events(sessions) == []
    first = producer.sent[0]
    assert first.topic == "test.register.system-registered.v1"
    assert first.headers["ce_type"] == b"fr.collectivia.register.system-registered.v1"
    assert first.headers["ce_subject"] == b"a"


def test_a_key_s_next_event_waits_for_the_previous_acknowledgement(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    write(sessions, ("a", 1), ("a", 2), ("b", 1), ("b", 2))
    relay = relay_of(sessions, producer)
    assert relay.relay_once() == 2  # one of each key per round
    assert producer.delivered() == [("a", 1), ("b", 1)]
    relay_all(relay)
    assert producer.delivered() == [("a", 1), ("b", 1), ("a", 2), ("b", 2)]


def test_events_not_acknowledged_stay_and_keep_their_order(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    write(sessions, ("a", 1), ("a", 2), ("b", 1), ("b", 2))
    relay = relay_of(sessions, producer)
    producer.down_keys = {"a"}
    with pytest.raises(RelayInterrupted):
        relay.relay_once()
    with pytest.raises(RelayInterrupted):
        relay.relay_once()
    assert producer.delivered() == [("b", 1), ("b", 2)]  # b goes on, a's events wait
    assert [(e.system_id, e.version) for e in pending_events(sessions)] == [("a", 1), ("a", 2)]  # type: ignore[attr-defined]
    producer.down_keys = set()
    relay_all(relay)
    assert [d for d in producer.delivered() if d[0] == "a"] == [("a", 1), ("a", 2)]
    assert pending_events(sessions) == []


def test_only_the_lease_holder_relays_until_its_lease_expires(
    sessions: sessionmaker[Any],
) -> None:
    clock = Clock()
    first = RelayLease(sessions, holder="replica-1", seconds=10, clock=clock)
    second = RelayLease(sessions, holder="replica-2", seconds=10, clock=clock)
    assert first.acquire()
    assert not second.acquire()
    clock.now += timedelta(seconds=5)
    assert first.acquire()  # renewed: good for ten more seconds
    clock.now += timedelta(seconds=9)
    assert not second.acquire()
    clock.now += timedelta(seconds=2)  # the first stopped renewing (a crash)
    assert second.acquire()
    assert not first.acquire()
    second.release()  # a graceful stop: no need to wait for the expiry
    assert first.acquire()


def test_the_worker_relays_at_each_commit_and_retries_while_kafka_is_away(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    outbox = Outbox("ethics-register")
    producer.down = True
    relay = OutboxRelay(
        sessions,
        producer,
        RelayLease(sessions, holder="replica-1", seconds=10),
        poll_seconds=30,  # a commit wakes it: no waiting for the poll
        retry_max_seconds=1,
        committed=outbox.committed,
    ).start()
    try:
        with sessions.begin() as session:
            outbox.add(session, events_pb2.SystemRegistered(system_id="a", version=1), key="a")
        threading.Event().wait(0.3)
        assert producer.sent == [] and len(pending_events(sessions)) == 1  # kept
        producer.down = False
        wait_until(lambda: producer.delivered() == [("a", 1)], timeout=10)
        with sessions.begin() as session:
            outbox.add(session, events_pb2.SystemRegistered(system_id="a", version=2), key="a")
        wait_until(lambda: producer.delivered() == [("a", 1), ("a", 2)], timeout=5)
    finally:
        relay.stop()
    assert pending_events(sessions) == []


def test_a_replica_without_the_lease_sends_nothing(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    write(sessions, ("a", 1))
    assert RelayLease(sessions, holder="replica-1", seconds=60).acquire()
    other = relay_of(sessions, producer, holder="replica-2", poll_seconds=0.05).start()
    threading.Event().wait(0.3)
    other.stop()
    assert producer.sent == []
    assert len(pending_events(sessions)) == 1


def test_a_graceful_stop_sends_what_was_just_committed_and_gives_the_lease_back(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    relay = relay_of(sessions, producer, poll_seconds=30).start()
    write(sessions, ("a", 1), ("a", 2), ("a", 3))  # written behind the relay's back
    relay.stop()
    assert producer.delivered() == [("a", 1), ("a", 2), ("a", 3)]
    assert RelayLease(sessions, holder="replica-2", seconds=10).acquire()


def test_a_round_waits_for_kafka_at_most_its_timeout_whatever_its_size(
    sessions: sessionmaker[Any],
) -> None:
    class SilentProducer:
        """Kafka away: no acknowledgement ever comes, each wait lasts its whole timeout."""

        def __init__(self) -> None:
            self.waited: list[float] = []
            self.sent = 0

        def send_record(
            self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
        ) -> Callable[[float], bool]:
            self.sent += 1

            def acknowledged(timeout: float) -> bool:
                self.waited.append(timeout)
                threading.Event().wait(timeout)
                return False  # still with the producer

            return acknowledged

    write(sessions, *((f"key-{n}", 1) for n in range(5)))
    producer = SilentProducer()
    lease = RelayLease(sessions, holder="replica-1", seconds=10)
    relay = OutboxRelay(sessions, producer, lease, ack_timeout_seconds=0.2)
    with pytest.raises(RelayInterrupted, match="5 of 5"):
        relay.relay_once()
    assert len(producer.waited) == 5
    assert sum(producer.waited) < 0.3  # not five times the timeout
    assert len(pending_events(sessions)) == 5
    with pytest.raises(RelayInterrupted):
        relay.relay_once()
    assert producer.sent == 5  # still with the producer: waited for, not sent again


def test_a_record_the_producer_refuses_at_once_waits_without_stopping_the_others(
    sessions: sessionmaker[Any], producer: FakeProducer
) -> None:
    class RefusingProducer(FakeProducer):
        def send_record(
            self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
        ) -> Callable[[float], bool]:
            if key == b"a":
                raise TimeoutError("no metadata for the topic")
            return super().send_record(topic, key=key, value=value, headers=headers)

    refusing = RefusingProducer()
    write(sessions, ("a", 1), ("b", 1))
    with pytest.raises(RelayInterrupted, match="1 of 2"):
        relay_of(sessions, refusing).relay_once()
    assert refusing.delivered() == [("b", 1)]
    assert [(e.system_id, e.version) for e in pending_events(sessions)] == [("a", 1)]  # type: ignore[attr-defined]
