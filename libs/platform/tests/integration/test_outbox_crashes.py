"""The outbox on the real broker, its writer killed (SIGKILL) between commit and publication,
between publication and deletion, and at a random moment: after a restart (two replicas at
once) no event is lost, none is invented (rolled-back transactions publish nothing), each
key's order is kept. On SQLite and on the real PostgreSQL."""

from __future__ import annotations

import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import TopicPartition
from sqlalchemy import create_engine, text

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.testkit.servers import KafkaServer

pytestmark = pytest.mark.integration

PROCESS = Path(__file__).with_name("outbox_crash_process.py")
PARTITIONS = 3


@dataclass(frozen=True)
class Delivered:
    partition: int
    offset: int
    key: str
    event_id: str
    seq: int


@pytest.fixture
def topic_prefix(kafka_server: KafkaServer) -> Iterator[str]:
    prefix = f"test-{uuid.uuid4().hex[:8]}."
    topic = prefix + SYSTEM_REGISTERED.topic
    admin = KafkaAdminClient(bootstrap_servers=kafka_server.bootstrap_servers)
    admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    yield prefix
    admin.delete_topics([topic])
    admin.close()


def run(mode: str, url: str, bootstrap: str, prefix: str, count: int) -> int:
    command = [sys.executable, str(PROCESS), mode, url, bootstrap, prefix, str(count)]
    done = subprocess.run(command, timeout=120, check=False)  # noqa: S603 - the stand-in
    return done.returncode


def delivered(bootstrap: str, topic: str) -> list[Delivered]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    ends = consumer.end_offsets(partitions)
    found: list[Delivered] = []
    try:
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    payload = events_pb2.SystemRegistered()
                    payload.ParseFromString(record.value)
                    headers = dict(record.headers)
                    found.append(
                        Delivered(
                            record.partition,
                            record.offset,
                            record.key.decode(),
                            headers["ce_id"].decode(),
                            payload.version,
                        )
                    )
    finally:
        consumer.close()
    return sorted(found, key=lambda d: (d.partition, d.offset))


def committed(url: str) -> dict[str, tuple[str, int]]:
    """Event id -> (key, seq) of every change the database kept."""
    with create_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT event_id, key, seq FROM changes")).all()
    return {event_id: (key, seq) for event_id, key, seq in rows}


def pending(url: str) -> int:
    with create_engine(url).connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM outbox")).scalar_one())


def test_killed_writers_lose_no_event_invent_none_and_keep_each_key_s_order(
    kafka_server: KafkaServer, topic_prefix: str, outbox_database_url: str
) -> None:
    """On SQLite and on the real PostgreSQL (``outbox_database_url``)."""
    bootstrap = kafka_server.bootstrap_servers
    url = outbox_database_url

    # 1. Killed after its commits, before any publication: the events wait in the outbox.
    assert run("commit-then-die", url, bootstrap, topic_prefix, 40) == -9
    assert pending(url) == len(committed(url)) == 32  # every fifth transaction rolled back

    # 2. Killed after Kafka acknowledged a round, before the rows were deleted.
    assert run("send-then-die", url, bootstrap, topic_prefix, 40) == -9
    after_send = delivered(bootstrap, topic_prefix + SYSTEM_REGISTERED.topic)
    assert len(after_send) == 4  # the oldest event of each of the four keys
    assert pending(url) == len(committed(url)) == 64  # none of them forgotten

    # 3. Killed at a random moment while writing and relaying.
    writer = subprocess.Popen(  # noqa: S603 - this interpreter, with the stand-in
        [sys.executable, str(PROCESS), "write-and-relay", url, bootstrap, topic_prefix, "400"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "started"
    try:
        writer.wait(timeout=random.uniform(0.5, 2.0))
    except subprocess.TimeoutExpired:
        writer.kill()
    assert writer.wait(timeout=30) == -9

    # The restart relays what was left: two replicas at once, one relays (the lease).
    command = [sys.executable, str(PROCESS), "relay", url, bootstrap, topic_prefix, "0"]
    replicas = [subprocess.Popen(command) for _ in range(2)]  # noqa: S603 - the stand-in
    assert [replica.wait(timeout=120) for replica in replicas] == [0, 0]
    assert pending(url) == 0

    kept = committed(url)
    records = delivered(bootstrap, topic_prefix + SYSTEM_REGISTERED.topic)
    first: dict[str, Delivered] = {}
    for record in records:
        first.setdefault(record.event_id, record)
        same = first[record.event_id]
        assert (record.key, record.seq) == (same.key, same.seq)  # a copy, never another event
    assert set(first) == set(kept), "lost or invented events"
    assert {e: (d.key, d.seq) for e, d in first.items()} == kept
    assert len(records) > len(first)  # step 2's events were sent again: at least once
    for key in {key for key, _ in kept.values()}:
        seqs = [d.seq for d in sorted(first.values(), key=lambda d: d.offset) if d.key == key]
        assert seqs == list(range(1, len(seqs) + 1)), f"{key} out of order: {seqs}"
