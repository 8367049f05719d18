"""Reading what is on a topic, for assertions on the real broker."""

from __future__ import annotations

from collections.abc import Iterator

from kafka import KafkaConsumer
from kafka.structs import TopicPartition


def read_topic(
    bootstrap: str, topic: str, key_prefix: bytes
) -> Iterator[tuple[bytes, dict[str, bytes]]]:
    """Key and headers of every record of ``topic`` whose key starts with ``key_prefix``,
    from the beginning up to the current end."""
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
                        yield record.key, dict(record.headers or [])
    finally:
        consumer.close()


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
