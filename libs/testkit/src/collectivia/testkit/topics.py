"""Reading what is on a topic, for assertions on the real broker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from google.protobuf.message import Message
from kafka import KafkaConsumer
from kafka.consumer.fetcher import ConsumerRecord
from kafka.structs import TopicPartition

from collectivia.platform.events.catalogue import EventType


def _records(bootstrap: str, topic: str, key_prefix: bytes) -> Iterator[ConsumerRecord]:
    """Every record of ``topic`` whose key starts with ``key_prefix``, from the beginning up
    to the current end."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(partitions)
    consumer.seek_to_beginning()
    ends = consumer.end_offsets(partitions)
    try:
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    if (record.key or b"").startswith(key_prefix):
                        yield record
    finally:
        consumer.close()


def read_topic(
    bootstrap: str, topic: str, key_prefix: bytes
) -> Iterator[tuple[bytes, dict[str, bytes]]]:
    """Key and headers of every record of ``topic`` whose key starts with ``key_prefix``."""
    for record in _records(bootstrap, topic, key_prefix):
        yield record.key, dict(record.headers or [])


def events_on(bootstrap: str, event_type: EventType[Any], key: str) -> list[Message]:
    """Payloads of ``event_type`` keyed exactly by ``key``, from the start of its topic to its
    end (assert with ``collectivia.testkit.waiting.wait_until``: the broker is real)."""
    found: list[Message] = []
    for record in _records(bootstrap, event_type.topic, key.encode()):
        if record.key == key.encode():
            payload = event_type.message()
            payload.ParseFromString(record.value)
            found.append(payload)
    return found


def dead_letters_of(
    bootstrap: str, topic: str, key_prefix: bytes, consumer_group: str
) -> list[tuple[bytes, dict[str, bytes]]]:
    """The records that ``consumer_group`` parked on ``topic``'s dead-letter twin (other
    services consuming the same topic park their own copies)."""
    group = consumer_group.encode()
    return [
        (key, headers)
        for key, headers in read_topic(bootstrap, topic + ".dlq", key_prefix)
        if headers.get("collectivia_consumer_group") == group
    ]
