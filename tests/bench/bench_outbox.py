"""Benchmark: the latency the transactional outbox adds to an event, on the real broker.

Each event is timed from the moment it is handed over (the call of the direct publisher's
``publish``; for the outbox, the end of its transaction's commit: the data's own write is not
counted, a service writes it either way) until a consumer of the topic receives it,
one event at a time, then a burst of transactions over a few keys until all are received.
The direct publisher runs first in the same process, as the baseline. SQLite (the services'
default database) in a temporary folder.

Run with `make bench` (the broker must be up: `make up` or `python infra/stack.py up kafka`).
Prints its figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import TopicPartition
from pydantic import SecretStr
from sqlalchemy.orm import sessionmaker

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.relay import OutboxRelay
from collectivia.platform.events.outbox.writer import Outbox
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

PARTITIONS = 3


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class Receiver:
    """When each event id reached a consumer of the topic (``time.perf_counter``)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.seen: dict[str, float] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._consumer = KafkaConsumer(
            bootstrap_servers=bootstrap, group_id=None, fetch_max_wait_ms=5
        )
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        self._consumer.assign(partitions)
        self._consumer.seek_to_end()
        for partition in partitions:
            self._consumer.position(partition)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            for records in self._consumer.poll(timeout_ms=50).values():
                now = time.perf_counter()
                with self._changed:
                    for record in records:
                        event_id = dict(record.headers)["ce_id"].decode()
                        self.seen.setdefault(event_id, now)
                    self._changed.notify_all()

    def wait_for(self, event_ids: list[str], timeout: float = 60) -> None:
        with self._changed:
            if not self._changed.wait_for(
                lambda: all(e in self.seen for e in event_ids), timeout=timeout
            ):
                raise TimeoutError("events not received")

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._consumer.close()


def payload(key: str, version: int) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(system_id=key, name="Système", version=version)


def one_at_a_time(label: str, send: Any, receiver: Receiver, events: int) -> list[float]:
    latencies = []
    for i in range(events):
        event_id, started = send(f"key-{i % 10}", i)
        receiver.wait_for([event_id])
        latencies.append((receiver.seen[event_id] - started) * 1000)
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    out(f"{label:<28} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({events} events, one at a time)")
    return latencies


def burst(label: str, send: Any, receiver: Receiver, events: int, keys: int) -> None:
    started = time.perf_counter()
    ids = [send(f"burst-{i % keys}", i)[0] for i in range(events)]
    handed = time.perf_counter() - started
    receiver.wait_for(ids, timeout=300)
    elapsed = max(receiver.seen[e] for e in ids) - started
    out(
        f"{label:<28} {events / elapsed:7.0f} events/s received   ({events} transactions over "
        f"{keys} keys; handed over in {handed:.2f} s, all received in {elapsed:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    bootstrap = f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}."
    topic = prefix + SYSTEM_REGISTERED.topic
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    kafka = KafkaSettings(bootstrap_servers=bootstrap, topic_prefix=prefix)
    service = ServiceSettings(service_name="bench", client_id="bench", client_secret=SecretStr("x"))
    publisher = KafkaEventPublisher(kafka, "bench", setup_telemetry(service))
    receiver = Receiver(bootstrap, topic)
    folder = tempfile.TemporaryDirectory()
    sessions = database(Path(folder.name) / "service.db")
    outbox = Outbox("bench")
    relay = OutboxRelay(
        sessions,
        publisher,
        RelayLease(sessions, holder="bench", seconds=10),
        topic_prefix=prefix,
        committed=outbox.committed,
    ).start()

    def direct(key: str, version: int) -> tuple[str, float]:
        started = time.perf_counter()
        return publisher.publish(payload(key, version), key=key), started

    def through_outbox(key: str, version: int) -> tuple[str, float]:
        with sessions.begin() as session:
            event_id = outbox.add(session, payload(key, version), key=key)
        return event_id, time.perf_counter()

    def direct_acknowledged(key: str, version: int) -> tuple[str, float]:
        started = time.perf_counter()
        return publisher.publish(payload(key, version), key=key, wait=True), started

    try:
        out("Event handed over -> received by a consumer (real broker, SQLite outbox)")
        one_at_a_time("direct publish (baseline)", direct, receiver, args.events)
        one_at_a_time("direct publish, acks awaited", direct_acknowledged, receiver, args.events)
        base = one_at_a_time("direct publish (again)", direct, receiver, args.events)
        relayed = one_at_a_time("outbox (after commit)", through_outbox, receiver, args.events)
        out(
            f"{'added by the outbox':<28} p50 "
            f"{percentile(relayed, 50) - percentile(base, 50):+7.2f} ms   p95 "
            f"{percentile(relayed, 95) - percentile(base, 95):+7.2f} ms"
        )
        burst("burst, direct publish", direct, receiver, args.burst, args.keys)
        burst("burst, outbox", through_outbox, receiver, args.burst, args.keys)
    finally:
        relay.stop()
        receiver.stop()
        publisher.close()
        admin.delete_topics([topic])
        admin.close()
        folder.cleanup()


def database(path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{path}")
    create_tables(engine, [OutboxRecord.__table__, OutboxLease.__table__])  # type: ignore[list-item]
    return create_session_factory(engine)


if __name__ == "__main__":
    main()
