"""The shared consumer runner on the real broker: retries, dead letters, dedupe, commits."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import TopicPartition
from pydantic import SecretStr

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.consumer import EventConsumer, ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import Telemetry, setup_telemetry
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration


class FlakyHandler:
    """Fails for ``always-*`` systems, fails once for ``once-*`` ones, records every call."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.applied: list[str] = []

    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, events_pb2.SystemRegistered)
        self.calls[payload.system_id] += 1
        if payload.system_id.startswith("always-"):
            raise RuntimeError("the database is on fire")
        if payload.system_id.startswith("once-") and self.calls[payload.system_id] == 1:
            raise RuntimeError("transient failure")
        self.applied.append(payload.system_id)


@pytest.fixture
def settings(kafka_server: KafkaServer) -> Iterator[KafkaSettings]:
    """Topics of their own (a prefix), one partition so that order is observable."""
    prefix = f"test-{uuid.uuid4().hex[:8]}."
    topic = prefix + SYSTEM_REGISTERED.topic
    admin = KafkaAdminClient(bootstrap_servers=kafka_server.bootstrap_servers)
    admin.create_topics([NewTopic(topic, 1, 1), NewTopic(topic + ".dlq", 1, 1)])
    yield KafkaSettings(
        bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=prefix,
        max_delivery_attempts=3,
        retry_backoff_seconds=0.01,
    )
    admin.delete_topics([topic, topic + ".dlq"])
    admin.close()


@pytest.fixture
def telemetry() -> Telemetry:
    return setup_telemetry(
        ServiceSettings(service_name="test", client_id="test", client_secret=SecretStr("x"))
    )


def consumer_for(
    settings: KafkaSettings, telemetry: Telemetry, group: str, handler: FlakyHandler
) -> EventConsumer:
    consumer = EventConsumer(
        settings,
        group_id=group,
        handlers={SYSTEM_REGISTERED: handler},
        telemetry=telemetry,
        client_id="test",
    )
    consumer.start()
    assert consumer.wait_for_assignment()
    return consumer


def event(system_id: str) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(system_id=system_id, version=1)


def test_retries_dead_letters_dedupe_and_commits(
    settings: KafkaSettings, telemetry: Telemetry
) -> None:
    group = f"group-{uuid.uuid4().hex[:8]}"
    topic = settings.topic_prefix + SYSTEM_REGISTERED.topic
    handler = FlakyHandler()
    consumer = consumer_for(settings, telemetry, group, handler)
    publisher = KafkaEventPublisher(settings, "test", telemetry)
    for system_id in ("once-1", "always-1", "ok-1"):
        publisher.publish(event(system_id), key=system_id, wait=True)
    # The same record delivered twice (same ce_id), as after a lost commit.
    raw = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None)
    raw.assign([TopicPartition(topic, 0)])
    raw.seek(TopicPartition(topic, 0), 2)
    [record] = wait_until(lambda: raw.poll(timeout_ms=500).get(TopicPartition(topic, 0)))[:1]
    raw.close()
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    producer.send(topic, key=record.key, value=record.value, headers=record.headers).get(30)
    producer.close()

    wait_until(lambda: consumer.dead_lettered_count == 1 and "ok-1" in handler.applied)
    wait_until(lambda: consumer.handled_count == 2, what="ok-1 and once-1")
    consumer.stop()
    assert handler.calls == Counter({"once-1": 2, "always-1": 3, "ok-1": 1})
    assert handler.applied == ["once-1", "ok-1"]  # the redelivered ok-1 was skipped

    # A restarted member of the group starts after the committed offsets: nothing replayed.
    again = FlakyHandler()
    restarted = consumer_for(settings, telemetry, group, again)
    publisher.publish(event("ok-2"), key="ok-2", wait=True)
    wait_until(lambda: again.applied == ["ok-2"], what="the new event only")
    restarted.stop()
    publisher.close()
    assert sum(again.calls.values()) == 1


class BatchRecorder:
    """A batch handler that refuses batches holding a ``bad-*`` system."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, events: list[ReceivedEvent]) -> None:
        ids = [e.payload.system_id for e in events]  # type: ignore[attr-defined]
        if any(i.startswith("bad-") for i in ids):
            raise ValueError("a bad system in the batch")
        self.batches.append(ids)


class RefusingHandler(FlakyHandler):
    def __call__(self, event: ReceivedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, events_pb2.SystemRegistered)
        if payload.system_id.startswith("bad-"):
            raise InvalidEvent("bad system")
        super().__call__(event)


def test_batches_and_their_one_by_one_fallback(
    settings: KafkaSettings, telemetry: Telemetry
) -> None:
    group = f"group-{uuid.uuid4().hex[:8]}"
    batch, single = BatchRecorder(), RefusingHandler()
    publisher = KafkaEventPublisher(settings, "test", telemetry)

    def consume(expected_handled: int, expected_parked: int) -> None:
        # Started after publishing, so that a poll returns many records at once.
        consumer = EventConsumer(
            settings.model_copy(update={"auto_offset_reset": "earliest"}),
            group_id=group,
            handlers={SYSTEM_REGISTERED: single},
            batch_handlers={SYSTEM_REGISTERED: batch},
            telemetry=telemetry,
            client_id="test",
        )
        consumer.start()
        try:
            wait_until(lambda: consumer.handled_count == expected_handled, what="the good events")
            wait_until(lambda: consumer.dead_lettered_count == expected_parked, what="parking")
        finally:
            consumer.stop()

    for i in range(40):
        publisher.publish(event(f"ok-{i}"), key="same-partition")
    publisher.flush()
    consume(40, 0)
    assert [i for b in batch.batches for i in b] == [f"ok-{i}" for i in range(40)]
    assert single.applied == []  # all of it went through the batch handler

    publisher.publish(event("bad-1"), key="same-partition")
    for i in range(40, 60):
        publisher.publish(event(f"ok-{i}"), key="same-partition")
    publisher.flush()
    publisher.close()
    consume(20, 1)  # the batch fails on bad-1: one by one, bad-1 parked, the rest applied
    assert single.applied == [f"ok-{i}" for i in range(40, 60)]
    assert len([i for b in batch.batches for i in b]) == 40
