"""Kafka consumer runner for CloudEvents.

Each record is handled inside a CONSUMER span whose parent is the producer's trace context
(read from the record's headers: the stock kafka-python instrumentation closes its span
before our code runs). Offsets are committed only once every record of a poll was handled
or parked; redelivered events are skipped by ``ce_id``; a record that keeps failing, or
that cannot be decoded, goes to the topic's dead-letter twin with the error in its headers,
and the consumer carries on.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from google.protobuf.message import DecodeError, Message
from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition
from opentelemetry import propagate, trace
from opentelemetry.trace import Link, SpanKind, Status, StatusCode

from collectivia.platform.events.catalogue import DEAD_LETTER_SUFFIX, EventType
from collectivia.platform.events.envelope import (
    CloudEvent,
    InvalidEvent,
    decode_headers,
    parse_cloud_event,
)

if TYPE_CHECKING:
    from collectivia.platform.settings import KafkaSettings
    from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceivedEvent:
    cloud_event: CloudEvent
    payload: Message
    topic: str
    partition: int
    offset: int


Handler = Callable[[ReceivedEvent], None]
# Takes all the new, valid events of one poll of one partition at once (one transaction),
# for throughput; if it raises, the records go through the one-by-one handler instead.
BatchHandler = Callable[[list[ReceivedEvent]], None]
# The producers' spans a batch's span links to: the OTel SDK keeps 128 links a span by
# default, so reading more trace headers (a quarter of a batch's decoding) is wasted.
MAX_BATCH_LINKS = 128


class RecentlySeen:
    """Bounded memory of handled ``ce_id``s: redelivery after a rebalance costs nothing.

    Handlers stay idempotent on their own store too, since this memory ends with the process.
    """

    def __init__(self, capacity: int = 100_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity

    def __contains__(self, ce_id: object) -> bool:
        return ce_id in self._ids

    def add(self, ce_id: str) -> None:
        self._ids[ce_id] = None
        self._ids.move_to_end(ce_id)
        while len(self._ids) > self._capacity:
            self._ids.popitem(last=False)


class EventConsumer:
    def __init__(
        self,
        settings: KafkaSettings,
        *,
        group_id: str,
        handlers: Mapping[EventType[Any], Handler],
        telemetry: Telemetry,
        client_id: str,
        batch_handlers: Mapping[EventType[Any], BatchHandler] | None = None,
    ) -> None:
        self._settings = settings
        self._batch_handlers = {
            settings.topic_prefix + event_type.topic: handler
            for event_type, handler in (batch_handlers or {}).items()
        }
        self._group_id = group_id
        self._handlers = {event_type.ce_type: (event_type, h) for event_type, h in handlers.items()}
        self._topics = sorted({settings.topic_prefix + event_type.topic for event_type in handlers})
        self._tracer = telemetry.tracer(__name__)
        self._client_id = client_id
        self._seen = RecentlySeen()
        self._stopping = threading.Event()
        self._positioned = threading.Event()
        self._thread: threading.Thread | None = None
        self._consumer: KafkaConsumer | None = None
        self._dead_letters: KafkaProducer | None = None
        self.handled_count = 0
        self.dead_lettered_count = 0

    def start(self) -> None:
        """Connect and start consuming in a background thread."""
        self._consumer = KafkaConsumer(
            *self._topics,
            bootstrap_servers=self._settings.bootstrap_servers,
            security_protocol=self._settings.security_protocol,
            group_id=self._group_id,
            client_id=self._client_id,
            enable_auto_commit=False,
            auto_offset_reset=self._settings.auto_offset_reset,
            max_poll_records=self._settings.consumer_max_poll_records,
            fetch_max_bytes=self._settings.consumer_fetch_max_bytes,
            max_partition_fetch_bytes=self._settings.consumer_max_partition_fetch_bytes,
        )
        self._dead_letters = KafkaProducer(
            bootstrap_servers=self._settings.bootstrap_servers,
            security_protocol=self._settings.security_protocol,
            client_id=f"{self._client_id}-dlq",
            enable_idempotence=True,
            acks="all",
        )
        self._thread = threading.Thread(
            target=self._run, name=f"consumer-{self._group_id}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._consumer is not None:
            self._consumer.close(autocommit=False)
        if self._dead_letters is not None:
            self._dead_letters.close(timeout=timeout)

    @property
    def positioned(self) -> bool:
        """The group gave this consumer its partitions and their start offsets are fixed."""
        return self._positioned.is_set()

    def wait_for_assignment(self, timeout: float = 30.0) -> bool:
        """Block until the group gave this consumer its partitions and their start offsets
        are fixed: from then on, every event published is seen (tests, start-up)."""
        return self._positioned.wait(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._poll_once()
            except KafkaError:
                # The client reconnects by itself; a broker restart must not end the loop.
                logger.warning("poll failed, retrying", exc_info=True)
                self._stopping.wait(self._settings.retry_backoff_seconds)
            except Exception:  # thread edge: a bug must be logged, not end consumption silently
                logger.exception("consumer loop error, carrying on")
                self._stopping.wait(self._settings.retry_backoff_seconds)

    def _poll_once(self) -> None:
        assert self._consumer is not None
        batches = self._consumer.poll(timeout_ms=500)
        if not self._positioned.is_set() and self._consumer.assignment():
            for partition in self._consumer.assignment():
                self._consumer.position(partition)  # resolves "latest" now, in this thread
            self._positioned.set()
        # One commit for the whole poll (a round trip to the broker each), made even when a
        # partition's handling stops the loop: what was handled is never handled again.
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        try:
            for partition, records in batches.items():
                done = None
                if self._handle_as_batch(partition.topic, records):
                    done = records[-1].offset
                else:
                    for record in records:
                        if not self._process_or_rewind(partition, record):
                            break
                        done = record.offset
                if done is not None:
                    offsets[partition] = OffsetAndMetadata(done + 1, "", -1)
                if self._stopping.is_set():
                    return
        finally:
            if offsets:
                self._commit(offsets)

    def _handle_as_batch(self, topic: str, records: list[Any]) -> bool:
        """Give the records to the topic's batch handler; False to take them one by one
        (no batch handler, an invalid record to park, or the batch handler failed)."""
        batch_handler = self._batch_handlers.get(topic)
        if batch_handler is None or len(records) < 2:
            return False
        events: list[ReceivedEvent] = []
        links: list[Link] = []
        for record in records:
            try:
                headers = decode_headers(record.headers)
                event, _ = self._decode(record, headers)
            except InvalidEvent:
                return False  # the one-by-one path parks it on the dead-letter topic
            if event.cloud_event.id in self._seen:
                continue
            events.append(event)
            if len(links) < MAX_BATCH_LINKS:
                context = trace.get_current_span(propagate.extract(headers)).get_span_context()
                if context.is_valid:
                    links.append(Link(context))
        attributes: dict[str, str | int] = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": topic,
            "messaging.consumer.group.name": self._group_id,
            "messaging.batch.message_count": len(events),
        }
        # A batch has many parents: each producer's span is linked, as OTel advises.
        with self._tracer.start_as_current_span(
            f"process {topic}", kind=SpanKind.CONSUMER, links=links, attributes=attributes
        ):
            try:
                batch_handler(events)
            except Exception:  # process edge: the one-by-one path retries and parks
                logger.warning(
                    "batch of %d failed, handling one by one", len(events), exc_info=True
                )
                return False
        for event in events:
            self._seen.add(event.cloud_event.id)
        self.handled_count += len(events)
        return True

    def _process_or_rewind(self, partition: TopicPartition, record: Any) -> bool:
        """False leaves the record uncommitted, to be polled again."""
        assert self._consumer is not None
        try:
            return self._process(record)
        except KafkaError:
            # The dead-letter topic could not take the record: keep it and try again later.
            logger.warning("could not park record at offset %d, will retry", record.offset)
            self._consumer.seek(partition, record.offset)
            self._stopping.wait(self._settings.retry_backoff_seconds)
            return False

    def _commit(self, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        assert self._consumer is not None
        try:
            self._consumer.commit(offsets)
        except (CommitFailedError, KafkaError):
            # Lost the partition or the broker: the records come back and are skipped by ce_id.
            logger.warning("offset commit failed for %s", sorted(offsets), exc_info=True)

    def _process(self, record: Any) -> bool:
        """Handle one record; False only when stopping interrupted its retries.

        Handlers raise :class:`InvalidEvent` for an event that can never be applied (parked at
        once); any other exception is retried ``max_delivery_attempts`` times, then parked.
        """
        try:
            headers = decode_headers(record.headers)
        except InvalidEvent as error:
            self._dead_letter(record, error, attempts=0)
            return True
        parent = propagate.extract(headers)
        attributes = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": record.topic,
            "messaging.consumer.group.name": self._group_id,
            "messaging.destination.partition.id": str(record.partition),
            "messaging.kafka.offset": record.offset,
        }
        with self._tracer.start_as_current_span(
            f"process {record.topic}", context=parent, kind=SpanKind.CONSUMER, attributes=attributes
        ) as span:
            try:
                event, handler = self._decode(record, headers)
            except InvalidEvent as error:
                span.set_status(Status(StatusCode.ERROR, str(error)))
                self._dead_letter(record, error, attempts=0)
                return True
            span.set_attribute("messaging.message.id", event.cloud_event.id)
            if event.cloud_event.id in self._seen:
                logger.info("event %s already handled, skipped", event.cloud_event.id)
                return True
            return self._handle_with_retries(record, event, handler, span)

    def _handle_with_retries(
        self, record: Any, event: ReceivedEvent, handler: Handler, span: Any
    ) -> bool:
        attempts = self._settings.max_delivery_attempts
        for attempt in range(1, attempts + 1):
            try:
                handler(event)
            except InvalidEvent as error:
                # The handler says the event itself is wrong: retrying cannot help.
                span.set_status(Status(StatusCode.ERROR, str(error)))
                self._dead_letter(record, error, attempts=attempt)
                break
            except Exception as error:  # process edge: any handler failure is retried, then parked
                logger.warning(
                    "handler failed for event %s (attempt %d/%d)",
                    event.cloud_event.id,
                    attempt,
                    attempts,
                    exc_info=True,
                )
                if attempt == attempts:
                    span.set_status(Status(StatusCode.ERROR, str(error)))
                    self._dead_letter(record, error, attempts=attempt)
                    break
                if self._stopping.wait(self._settings.retry_backoff_seconds * attempt):
                    return False
            else:
                self.handled_count += 1
                break
        self._seen.add(event.cloud_event.id)
        return True

    def _decode(self, record: Any, headers: dict[str, str]) -> tuple[ReceivedEvent, Handler]:
        cloud_event = parse_cloud_event(headers)
        try:
            event_type, handler = self._handlers[cloud_event.type]
        except KeyError:
            raise InvalidEvent(f"no handler for event type {cloud_event.type!r}") from None
        payload = event_type.message()
        try:
            payload.ParseFromString(record.value or b"")
        except DecodeError as error:
            raise InvalidEvent(f"payload is not a valid {event_type.message.__name__}") from error
        event = ReceivedEvent(cloud_event, payload, record.topic, record.partition, record.offset)
        return event, handler

    def _dead_letter(self, record: Any, error: BaseException, *, attempts: int) -> None:
        assert self._dead_letters is not None
        topic = record.topic + DEAD_LETTER_SUFFIX
        headers = list(record.headers or [])
        headers += [
            ("collectivia_error_type", type(error).__name__.encode()),
            ("collectivia_error_message", str(error)[:1000].encode()),
            ("collectivia_delivery_attempts", str(attempts).encode()),
            ("collectivia_original_topic", record.topic.encode()),
            ("collectivia_original_partition", str(record.partition).encode()),
            ("collectivia_original_offset", str(record.offset).encode()),
            # Several services may consume one topic: say which one parked the record.
            ("collectivia_consumer_group", self._group_id.encode()),
        ]
        # Awaited: the offset is committed right after, so the record must be safe first.
        self._dead_letters.send(topic, key=record.key, value=record.value, headers=headers).get(
            timeout=self._settings.delivery_timeout_seconds
        )
        self.dead_lettered_count += 1
        logger.error(
            "record %s/%d@%d sent to %s: %s",
            record.topic,
            record.partition,
            record.offset,
            topic,
            error,
        )
