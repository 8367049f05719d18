"""The events consumer's Kafka client (confluent-kafka: librdkafka fetches and decodes the
record batches in C): its configuration from the settings, a poll that hands over what is
fetched without waiting to fill a batch, and the start offsets fixed when partitions are
assigned."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Message, TopicPartition

if TYPE_CHECKING:
    from collectivia.platform.settings import KafkaSettings

logger = logging.getLogger(__name__)

# How long a poll waits for its first record, in seconds (also how soon a stop is seen).
POLL_TIMEOUT_SECONDS = 0.5
# How long fixing a partition's start offset may wait for the broker, in seconds.
OFFSETS_TIMEOUT_SECONDS = 10.0
# How long the group waits for a silent member before giving its partitions to the others.
SESSION_TIMEOUT_MS = 10_000


def client_config(settings: KafkaSettings, *, group_id: str, client_id: str) -> dict[str, Any]:
    return {
        "bootstrap.servers": settings.bootstrap_servers,
        "security.protocol": settings.security_protocol.lower(),
        "group.id": group_id,
        "client.id": client_id,
        # The runner commits the offsets itself, once a poll, after handling.
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": settings.auto_offset_reset,
        "fetch.max.bytes": settings.consumer_fetch_max_bytes,
        "max.partition.fetch.bytes": settings.consumer_max_partition_fetch_bytes,
        # librdkafka's 45 s session: after a broker restart the member noticed its session was
        # gone only then, and rejoined minutes later. 10 s (the Java client's default before
        # 3.0, and kafka-python's, which this consumer replaced) brings it back in seconds; a
        # handler's long batch does not count (the poll interval does, 5 min by default).
        "session.timeout.ms": SESSION_TIMEOUT_MS,
        "heartbeat.interval.ms": SESSION_TIMEOUT_MS // 3,
        "logger": logging.getLogger("confluent_kafka"),
    }


def poll_records(consumer: Consumer, max_records: int) -> list[Message]:
    """Up to ``max_records`` records: waits for the first, then takes those already fetched
    (``consume`` alone would wait to fill the batch: latency for a quiet topic)."""
    messages = consumer.consume(1, POLL_TIMEOUT_SECONDS)
    if messages and max_records > 1:
        messages += consumer.consume(max_records - 1, 0)
    records: list[Message] = []
    for message in messages:
        error = message.error()
        if error is None:
            records.append(message)
        elif error.fatal():
            raise KafkaException(error)
        else:  # e.g. a subscribed topic not created yet: the client carries on by itself
            logger.warning("kafka client: %s", error.str())
    return records


def fix_start_offsets(
    consumer: Consumer, partitions: list[TopicPartition], reset: str
) -> list[TopicPartition]:
    """The partitions with their start offsets fixed now: the group's committed offset, else
    the partition's end (``reset`` "latest") as it is now, else its beginning. From then on,
    every event published is seen (librdkafka would look "latest" up later, at its first
    fetch: an event published in between would be skipped)."""
    fixed = consumer.committed(partitions, timeout=OFFSETS_TIMEOUT_SECONDS)
    for partition in fixed:
        if partition.offset >= 0:
            continue
        if reset == "latest":
            _, end = consumer.get_watermark_offsets(
                partition, timeout=OFFSETS_TIMEOUT_SECONDS, cached=False
            )
            partition.offset = end
        else:
            partition.offset = OFFSET_BEGINNING
    return fixed
