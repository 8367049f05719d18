"""A service stand-in for the outbox crash tests, run as its own process and killed.

It writes entities and their events through the outbox (one transaction each; every fifth
rolled back after writing), and relays them with the real Kafka producer. Modes:

- ``commit-then-die``: commit everything, then die (SIGKILL) before any relay;
- ``send-then-die``: commit, relay one round, die after Kafka acknowledged, before deleting;
- ``write-and-relay``: write and relay side by side until the test kills it;
- ``relay``: relay what is left (the restart), stop gracefully when the outbox is empty.

Usage: ``python outbox_crash_process.py MODE DATABASE_URL BOOTSTRAP TOPIC_PREFIX COUNT``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any

from pydantic import SecretStr
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.relay import OutboxRelay
from collectivia.platform.events.outbox.writer import Outbox
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

KEYS = ("entity-a", "entity-b", "entity-c", "entity-d")


class Base(DeclarativeBase):
    pass


class Entity(Base):
    """One committed change of an entity: its event must reach Kafka, once at least."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(36))


class RolledBack(Exception):
    pass


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def open_database(url: str) -> sessionmaker[Any]:
    engine = create_database_engine(url)
    tables = [Entity.__table__, OutboxRecord.__table__, OutboxLease.__table__]
    create_tables(engine, tables)  # type: ignore[arg-type]
    return create_session_factory(engine)


def write(sessions: sessionmaker[Any], outbox: Outbox, count: int) -> None:
    """``count`` transactions; a key's changes numbered from its last committed one."""
    for n in range(count):
        key = KEYS[n % len(KEYS)]
        try:
            with sessions.begin() as session:
                last = session.scalar(select(func.max(Entity.seq)).where(Entity.key == key))
                seq = (last or 0) + 1
                payload = events_pb2.SystemRegistered(system_id=key, version=seq)
                event_id = outbox.add(session, payload, key=key, subject=str(seq))
                session.add(Entity(key=key, seq=seq, event_id=event_id))
                if n % 5 == 4:
                    raise RolledBack  # the request failed after writing: nothing happened
        except RolledBack:
            pass


def relay_for(sessions: sessionmaker[Any], bootstrap: str, prefix: str, outbox: Outbox) -> Any:
    kafka = KafkaSettings(bootstrap_servers=bootstrap, topic_prefix=prefix)
    settings = ServiceSettings(
        service_name="crash", client_id="crash", client_secret=SecretStr("x")
    )
    producer = KafkaEventPublisher(kafka, "crash", setup_telemetry(settings))
    lease = RelayLease(sessions, holder=f"crash-{os.getpid()}", seconds=2)
    relay = OutboxRelay(
        sessions,
        producer,
        lease,
        topic_prefix=prefix,
        poll_seconds=0.05,
        ack_timeout_seconds=1,
        committed=outbox.committed,
    )
    return relay, lease, producer


def main(mode: str, url: str, bootstrap: str, prefix: str, count: int) -> None:
    sessions = open_database(url)
    outbox = Outbox("crash")
    if mode == "commit-then-die":
        write(sessions, outbox, count)
        die()
    relay, lease, producer = relay_for(sessions, bootstrap, prefix, outbox)
    if mode == "send-then-die":
        write(sessions, outbox, count)
        relay._forget = lambda _positions: die()  # acknowledged by Kafka, never deleted
        while not lease.acquire():  # a killed predecessor's lease expires first
            time.sleep(0.2)
        relay.relay_once()
    elif mode == "write-and-relay":
        relay.start()
        print("started", flush=True)  # noqa: T201 - the test waits for this line
        write(sessions, outbox, count)
        time.sleep(60)  # the test kills it before
    elif mode == "relay":
        relay.start()
        while True:
            with sessions() as session:
                if session.scalar(select(func.count()).select_from(OutboxRecord)) == 0:
                    break
            time.sleep(0.1)
        relay.stop()
        producer.close()
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
