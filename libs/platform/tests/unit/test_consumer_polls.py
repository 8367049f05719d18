"""The consumer's poll, on a stand-in Kafka client: its fetch settings passed to the client,
one offset commit for every partition of a poll, a batch's links bounded."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
from kafka.structs import OffsetAndMetadata, TopicPartition
from pydantic import SecretStr

from collectivia.events.v1 import register_pb2
from collectivia.platform.events import consumer as consumer_module
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.consumer import MAX_BATCH_LINKS, EventConsumer, ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

TOPIC = SYSTEM_REGISTERED.topic


class Record:
    def __init__(self, partition: int, offset: int, system_id: str) -> None:
        cloud_event = CloudEvent(
            id=str(uuid.uuid4()),
            source="test",
            type=SYSTEM_REGISTERED.ce_type,
            time=datetime.now(UTC),
            data_content_type=SYSTEM_REGISTERED.content_type,
        )
        parent = f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"
        self.topic, self.partition, self.offset = TOPIC, partition, offset
        self.key = system_id.encode()
        self.value = register_pb2.SystemRegistered(system_id=system_id).SerializeToString()
        self.headers = cloud_event.kafka_headers({"traceparent": parent})


class StandInClient:
    """What the consumer calls of kafka-python's client; the arguments it was made with."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, *_topics: str, **config: Any) -> None:
        StandInClient.made.append(config)
        self.polls: list[dict[TopicPartition, list[Record]]] = []
        self.commits: list[dict[TopicPartition, OffsetAndMetadata]] = []

    def poll(self, timeout_ms: int = 0) -> dict[TopicPartition, list[Record]]:
        return self.polls.pop(0) if self.polls else {}

    def assignment(self) -> set[TopicPartition]:
        return set()

    def commit(self, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        self.commits.append(dict(offsets))

    def close(self, **_options: Any) -> None:
        pass

    def flush(self, *_args: Any) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(consumer_module, "KafkaConsumer", StandInClient)
    monkeypatch.setattr(consumer_module, "KafkaProducer", StandInClient)
    StandInClient.made = []
    yield


def consumer(settings: KafkaSettings, batches: list[list[ReceivedEvent]]) -> EventConsumer:
    telemetry = setup_telemetry(
        ServiceSettings(service_name="test", client_id="test", client_secret=SecretStr("x"))
    )
    return EventConsumer(
        settings,
        group_id="group",
        handlers={SYSTEM_REGISTERED: lambda _event: None},
        batch_handlers={SYSTEM_REGISTERED: batches.append},
        telemetry=telemetry,
        client_id="test",
    )


def test_the_fetch_settings_reach_the_client(stand_in: None) -> None:
    settings = KafkaSettings(
        consumer_max_poll_records=5_000,
        consumer_fetch_max_bytes=8 << 20,
        consumer_max_partition_fetch_bytes=4 << 20,
    )
    events = consumer(settings, [])
    events.start()
    events.stop()
    config = StandInClient.made[0]
    assert config["max_poll_records"] == 5_000
    assert config["fetch_max_bytes"] == 8 << 20
    assert config["max_partition_fetch_bytes"] == 4 << 20
    defaults = KafkaSettings()
    assert (defaults.consumer_max_poll_records, defaults.consumer_max_partition_fetch_bytes) == (
        500,
        1 << 20,
    )


def test_a_poll_of_several_partitions_is_committed_once(stand_in: None) -> None:
    batches: list[list[ReceivedEvent]] = []
    events = consumer(KafkaSettings(), batches)
    client = StandInClient()
    events._consumer = client
    first, second = TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)
    client.polls.append(
        {
            first: [Record(0, offset, f"a-{offset}") for offset in range(3)],
            second: [Record(1, offset, f"b-{offset}") for offset in range(10, 12)],
        }
    )
    events._poll_once()
    assert [len(batch) for batch in batches] == [3, 2]
    assert client.commits == [
        {first: OffsetAndMetadata(3, "", -1), second: OffsetAndMetadata(12, "", -1)}
    ]
    events._poll_once()  # nothing polled: nothing committed
    assert len(client.commits) == 1


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
    events._consumer = client
    partition = TopicPartition(TOPIC, 0)
    client.polls.append(
        {partition: [Record(0, offset, f"s-{offset}") for offset in range(MAX_BATCH_LINKS + 20)]}
    )
    events._poll_once()
    assert linked == [MAX_BATCH_LINKS]
    assert client.commits == [{partition: OffsetAndMetadata(MAX_BATCH_LINKS + 20, "", -1)}]
