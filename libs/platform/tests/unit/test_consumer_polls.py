"""The consumer's poll, on a stand-in Kafka client: its fetch settings passed to the client,
one offset commit for every partition of a poll, one call of a batch handler for all the
topics it serves, an invalid record parked without holding the others back, a batch's links
bounded, and the start offsets fixed when partitions are assigned."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
from confluent_kafka import OFFSET_BEGINNING, OFFSET_INVALID, Message, TopicPartition
from pydantic import SecretStr

from collectivia.events.v1 import register_pb2
from collectivia.platform.events import consumer as consumer_module
from collectivia.platform.events.catalogue import (
    INCIDENT_REPORTED,
    SYSTEM_REGISTERED,
    EventType,
)
from collectivia.platform.events.consumer import (
    MAX_BATCH_LINKS,
    BatchHandler,
    EventConsumer,
    InvalidEvents,
    ReceivedEvent,
)
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent
from collectivia.platform.events.kafka_client import fix_start_offsets
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

TOPIC = SYSTEM_REGISTERED.topic


def record(partition: int, offset: int, system_id: str, *, topic: str = TOPIC) -> Message:
    event_type: EventType[Any] = SYSTEM_REGISTERED if topic == TOPIC else INCIDENT_REPORTED
    cloud_event = CloudEvent(
        id=str(uuid.uuid4()),
        source="test",
        type=event_type.ce_type,
        time=datetime.now(UTC),
        data_content_type=event_type.content_type,
    )
    parent = f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"
    payload = (
        register_pb2.SystemRegistered(system_id=system_id)
        if topic == TOPIC
        else register_pb2.IncidentReported(incident_id=system_id, system_id=system_id)
    )
    headers: list[tuple[str, str | bytes | None]] = [
        *cloud_event.kafka_headers({"traceparent": parent})
    ]
    return Message(
        topic=topic,
        partition=partition,
        offset=offset,
        key=system_id.encode(),
        value=payload.SerializeToString(),
        headers=headers,
    )


class Sent:
    def get(self, timeout: float) -> None:
        pass


class StandInClient:
    """What the consumer calls of confluent-kafka's consumer (and kafka-python's producer,
    for the dead letters); the configuration it was made with, the batch sizes asked."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, config: dict[str, Any] | None = None, **options: Any) -> None:
        StandInClient.made.append(config or options)
        self.polls: list[list[Message]] = []
        self.asked: list[int] = []
        self.commits: list[list[TopicPartition]] = []
        self.sent: list[tuple[str, bytes | None]] = []

    def subscribe(self, topics: list[str], **_callbacks: Any) -> None:
        pass

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Message]:
        self.asked.append(num_messages)
        if not self.polls:
            return []
        if num_messages == 1 and len(self.polls[0]) > 1:
            return [self.polls[0].pop(0)]
        return self.polls.pop(0)

    def commit(self, *, offsets: list[TopicPartition], asynchronous: bool) -> list[TopicPartition]:
        assert not asynchronous
        self.commits.append(offsets)
        return offsets

    def send(self, topic: str, *, value: bytes | None, **_fields: Any) -> Sent:
        self.sent.append((topic, value))
        return Sent()

    def close(self, **_options: Any) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(consumer_module, "KafkaConsumer", StandInClient)
    monkeypatch.setattr(consumer_module, "KafkaProducer", StandInClient)
    StandInClient.made = []
    yield


def consumer(
    settings: KafkaSettings,
    batches: list[list[ReceivedEvent]],
    *,
    handled: list[ReceivedEvent] | None = None,
) -> EventConsumer:
    telemetry = setup_telemetry(
        ServiceSettings(service_name="test", client_id="test", client_secret=SecretStr("x"))
    )
    batch: BatchHandler = batches.append  # one object for both event types
    return EventConsumer(
        settings,
        group_id="group",
        handlers=dict.fromkeys(
            (SYSTEM_REGISTERED, INCIDENT_REPORTED),
            (handled.append if handled is not None else lambda _event: None),
        ),
        batch_handlers=dict.fromkeys((SYSTEM_REGISTERED, INCIDENT_REPORTED), batch),
        telemetry=telemetry,
        client_id="test",
    )


def committed(client: StandInClient) -> list[dict[tuple[str, int], int]]:
    return [{(p.topic, p.partition): p.offset for p in commit} for commit in client.commits]


def test_the_fetch_settings_reach_the_client(stand_in: None) -> None:
    settings = KafkaSettings(
        consumer_max_poll_records=5_000,
        consumer_fetch_max_bytes=8 << 20,
        consumer_max_partition_fetch_bytes=4 << 20,
        security_protocol="SASL_SSL",
    )
    events = consumer(settings, [])
    events.start()
    events.stop()
    config = StandInClient.made[0]
    assert config["fetch.max.bytes"] == 8 << 20
    assert config["max.partition.fetch.bytes"] == 4 << 20
    assert config["security.protocol"] == "sasl_ssl"
    assert config["enable.auto.commit"] is False
    assert config["group.id"] == "group"
    # A poll waits for one record, then takes up to the rest of its size at once.
    client = StandInClient()
    events._consumer = client  # type: ignore[assignment]
    client.polls.append([record(0, offset, f"s-{offset}") for offset in range(3)])
    events._poll_once()
    assert client.asked == [1, 4_999]
    defaults = KafkaSettings()
    assert (defaults.consumer_max_poll_records, defaults.consumer_max_partition_fetch_bytes) == (
        500,
        1 << 20,
    )


def test_a_poll_of_several_partitions_and_topics_is_one_batch_and_one_commit(
    stand_in: None,
) -> None:
    batches: list[list[ReceivedEvent]] = []
    events = consumer(KafkaSettings(), batches)
    client = StandInClient()
    events._consumer = client  # type: ignore[assignment]
    other = INCIDENT_REPORTED.topic
    client.polls.append(
        [
            record(0, 0, "a-0"),
            record(1, 10, "b-10"),
            record(0, 1, "a-1"),
            record(2, 7, "i-7", topic=other),
            record(0, 2, "a-2"),
            record(1, 11, "b-11"),
        ]
    )
    events._poll_once()
    # The batch handler serves both topics: one call, each partition's records in order.
    assert len(batches) == 1
    keys = [(event.topic, event.partition, event.offset) for event in batches[0]]
    assert [key for key in keys if key[:2] == (TOPIC, 0)] == [(TOPIC, 0, n) for n in range(3)]
    expected = [(TOPIC, 0, 0), (TOPIC, 0, 1), (TOPIC, 0, 2), (TOPIC, 1, 10), (TOPIC, 1, 11)]
    assert sorted(keys) == sorted([*expected, (other, 2, 7)])
    assert committed(client) == [{(TOPIC, 0): 3, (TOPIC, 1): 12, (other, 2): 8}]
    events._poll_once()  # nothing polled: nothing committed
    assert len(client.commits) == 1


def test_an_invalid_record_is_parked_and_the_other_partitions_batched(stand_in: None) -> None:
    batches: list[list[ReceivedEvent]] = []
    handled: list[ReceivedEvent] = []
    events = consumer(KafkaSettings(), batches, handled=handled)
    client = StandInClient()
    events._consumer = client  # type: ignore[assignment]
    dead_letters = StandInClient()
    events._dead_letters = dead_letters
    broken = Message(topic=TOPIC, partition=1, offset=5, value=b"x", headers=[])
    client.polls.append([record(0, 0, "a-0"), record(0, 1, "a-1"), broken, record(1, 6, "b-6")])
    events._poll_once()
    assert [[event.offset for event in batch] for batch in batches] == [[0, 1]]
    # The invalid record's partition one by one: parked, then its next record handled.
    assert dead_letters.sent == [(TOPIC + ".dlq", b"x")]
    assert [event.offset for event in handled] == [6]
    assert committed(client) == [{(TOPIC, 0): 2, (TOPIC, 1): 7}]


def test_events_a_batch_handler_rejects_are_parked_and_the_batch_committed(
    stand_in: None,
) -> None:
    handled: list[ReceivedEvent] = []
    calls: list[int] = []

    def rejecting(events: list[ReceivedEvent]) -> None:
        calls.append(len(events))
        bad = [event for event in events if event.offset == 1]
        raise InvalidEvents([(event, InvalidEvent("no analytics table")) for event in bad])

    telemetry = setup_telemetry(
        ServiceSettings(service_name="test", client_id="test", client_secret=SecretStr("x"))
    )
    events = EventConsumer(
        KafkaSettings(),
        group_id="group",
        handlers={SYSTEM_REGISTERED: handled.append},
        batch_handlers={SYSTEM_REGISTERED: rejecting},
        telemetry=telemetry,
        client_id="test",
    )
    client, dead_letters = StandInClient(), StandInClient()
    events._consumer = client  # type: ignore[assignment]
    events._dead_letters = dead_letters
    polled = [record(0, offset, f"s-{offset}") for offset in range(3)]
    client.polls.append(list(polled))
    events._poll_once()
    # One call; the rejected record parked; nothing handed over again one by one.
    assert calls == [3]
    assert dead_letters.sent == [(TOPIC + ".dlq", polled[1].value())]
    assert handled == []
    assert events.handled_count == 2
    assert committed(client) == [{(TOPIC, 0): 3}]


def test_a_batch_links_to_a_bounded_number_of_producers(
    stand_in: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked: list[int] = []
    events = consumer(KafkaSettings(), [])
    real_start = type(events._tracer).start_as_current_span

    def recording(tracer: Any, name: str, **options: Any) -> Any:
        linked.append(len(options.get("links") or ()))
        return real_start(tracer, name, **options)

    monkeypatch.setattr(type(events._tracer), "start_as_current_span", recording)
    client = StandInClient()
    events._consumer = client  # type: ignore[assignment]
    count = MAX_BATCH_LINKS + 20
    client.polls.append([record(offset % 2, offset, f"s-{offset}") for offset in range(count)])
    events._poll_once()
    assert linked == [MAX_BATCH_LINKS]
    assert committed(client) == [{(TOPIC, 0): count - 1, (TOPIC, 1): count}]


class AssigningClient:
    """The group's committed offsets and the partitions' ends, as the broker would say."""

    def committed(self, partitions: list[TopicPartition], timeout: float) -> list[TopicPartition]:
        offsets = {0: 42}
        return [
            TopicPartition(p.topic, p.partition, offsets.get(p.partition, OFFSET_INVALID))
            for p in partitions
        ]

    def get_watermark_offsets(
        self, partition: TopicPartition, timeout: float, cached: bool
    ) -> tuple[int, int]:
        assert not cached  # the end as it is now
        return (3, 100 + partition.partition)


@pytest.mark.parametrize(
    ("reset", "start"), [("latest", 101), ("earliest", OFFSET_BEGINNING)], ids=str
)
def test_start_offsets_are_fixed_at_assignment(reset: str, start: int) -> None:
    partitions = [TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)]
    fixed = fix_start_offsets(AssigningClient(), partitions, reset)  # type: ignore[arg-type]
    assert [(p.partition, p.offset) for p in fixed] == [(0, 42), (1, start)]
