"""The outbox on the real PostgreSQL, where writers and relays truly run side by side: one
relay holds the lease at a time (even when both ask at the same instant), a crashed holder's
lease passes on once expired, and two transactions writing the same key's events commit one
after the other, so that no later event of a key is ever relayed before an earlier one.
(The kill tests of ``test_outbox_crashes.py`` run on PostgreSQL too.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, event
from sqlalchemy.orm import Session, sessionmaker

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox, pending_events

pytestmark = pytest.mark.integration


@pytest.fixture
def sessions(postgres_schema_url: str) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(postgres_schema_url)
    create_tables(engine, [OutboxRecord.__table__, OutboxLease.__table__])  # type: ignore[list-item]
    yield create_session_factory(engine)
    engine.dispose()


def payload(key: str, version: int) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(system_id=key, version=version)


def asked_at_once(leases: list[RelayLease]) -> list[bool]:
    """Each lease's ``acquire()``, all called at the same instant from their own threads."""
    start, held = threading.Barrier(len(leases)), [False] * len(leases)

    def ask(n: int) -> None:
        start.wait()
        held[n] = leases[n].acquire()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(leases))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return held


def written(sessions: sessionmaker[Any]) -> list[tuple[str, int]]:
    """(key, version) of the committed events, in the outbox's order."""
    found = []
    for payload in pending_events(sessions):
        assert isinstance(payload, events_pb2.SystemRegistered)
        found.append((payload.system_id, payload.version))
    return found


def test_two_relays_asking_at_once_one_gets_the_lease(sessions: sessionmaker[Any]) -> None:
    for _ in range(10):  # each round from no lease at all: the insert races too
        with sessions.begin() as session:
            session.execute(delete(OutboxLease))
        leases = [RelayLease(sessions, holder=f"relay-{n}", seconds=30) for n in range(2)]
        held = asked_at_once(leases)
        assert sorted(held) == [False, True]
        holder = leases[held.index(True)]
        other = leases[held.index(False)]
        assert holder.acquire() and not other.acquire()  # renewed by its holder only


def test_a_crashed_holder_s_lease_passes_on_once_expired(sessions: sessionmaker[Any]) -> None:
    now = datetime.now(UTC)
    crashed = RelayLease(sessions, holder="crashed", seconds=5, clock=lambda: now)
    assert crashed.acquire()
    waiting = RelayLease(sessions, holder="waiting", seconds=5, clock=lambda: now)
    assert not waiting.acquire()

    def later() -> datetime:
        return now + timedelta(seconds=6)

    taking_over = RelayLease(sessions, holder="waiting", seconds=5, clock=later)
    assert taking_over.acquire()
    next_one = RelayLease(sessions, holder="next", seconds=5, clock=later)
    assert not next_one.acquire()
    taking_over.release()  # a graceful stop: free at once
    assert next_one.acquire()


def test_writers_of_one_key_commit_in_the_order_of_their_positions(
    sessions: sessionmaker[Any],
) -> None:
    """The first writer of entity-a is paused in its commit, its event's position taken;
    the second writer of entity-a waits for it, the writer of entity-b does not; the relay
    never sees entity-a's second event before its first."""
    outbox = Outbox("outbox-tests")
    reached, go = threading.Event(), threading.Event()
    first = sessions()

    def pause(_session: Session, _context: Any) -> None:  # inserted, not yet committed
        reached.set()
        go.wait(timeout=30)

    event.listen(first, "after_flush", pause)

    def write_first() -> None:
        with first.begin():
            outbox.add(first, payload("entity-a", 1), key="entity-a")

    def write(key: str, version: int) -> None:
        with sessions.begin() as session:
            outbox.add(session, payload(key, version), key=key)

    threads = {
        "first": threading.Thread(target=write_first),
        "same key": threading.Thread(target=write, args=("entity-a", 2)),
        "other key": threading.Thread(target=write, args=("entity-b", 1)),
    }
    try:
        threads["first"].start()
        assert reached.wait(timeout=10)
        threads["same key"].start()
        threads["other key"].start()
        threads["other key"].join(timeout=10)
        assert not threads["other key"].is_alive(), "another key's writer does not wait"
        threads["same key"].join(timeout=0.5)
        assert threads["same key"].is_alive(), "the same key's writer waits for the first"
        assert written(sessions) == [("entity-b", 1)]  # nothing of entity-a out of order
    finally:
        go.set()
        for thread in threads.values():
            thread.join(timeout=10)
        first.close()
    assert [v for v in written(sessions) if v[0] == "entity-a"] == [
        ("entity-a", 1),
        ("entity-a", 2),
    ]


def test_a_rolled_back_writer_leaves_no_event(sessions: sessionmaker[Any]) -> None:
    outbox = Outbox("outbox-tests")
    with pytest.raises(RuntimeError), sessions.begin() as session:
        outbox.add(session, payload("entity-a", 1), key="entity-a")
        raise RuntimeError("the request failed after writing")
    with sessions.begin() as session:
        outbox.add(session, payload("entity-a", 2), key="entity-a")
    assert written(sessions) == [("entity-a", 2)]
