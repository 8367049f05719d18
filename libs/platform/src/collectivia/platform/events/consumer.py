"""Kafka consumer runner for CloudEvents.

Each record is handled inside a CONSUMER span whose parent is the producer's trace context
(read from the record's headers). Offsets are committed only once every record of a poll was
handled or parked; redelivered events are skipped by ``ce_id``; a record that keeps failing,
or that cannot be decoded, goes to the topic's dead-letter twin with the error in its
headers, and the consumer carries on. A batch handler takes the events of all the partitions
(and topics) it serves in a poll at once: one transaction a poll.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from confluent_kafka import Consumer as KafkaConsumer
from confluent_kafka import KafkaException, TopicPartition
from confluent_kafka import Message as Record
from google.protobuf.message import DecodeError, Message
from kafka import KafkaProducer
from kafka.errors import KafkaError
from opentelemetry import propagate, trace
from opentelemetry.trace import Link, SpanKind, Status, StatusCode

from collectivia.platform.events.catalogue import DEAD_LETTER_SUFFIX, EventType
from collectivia.platform.events.envelope import (
    CloudEvent,
    InvalidEvent,
    decode_headers,
    parse_cloud_event,
)
from collectivia.platform.events.kafka_client import (
    client_config,
    fix_start_offsets,
    poll_records,
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


class InvalidEvents(InvalidEvent):
    """Raised by a batch handler that applied a batch's other events but not these, each with
    the reason it never can be: the consumer parks them on the dead-letter topic and counts the
    batch as handled (rather than handing the whole poll over again one event at a time)."""

    def __init__(self, rejected: list[tuple[ReceivedEvent, InvalidEvent]]) -> None:
        super().__init__(f"{len(rejected)} events cannot be applied")
        self.rejected = rejected


Handler = Callable[[ReceivedEvent], None]
# Takes all the new, valid events of one poll at once (one transaction), for throughput: those
# of every partition of its topic, and of every other topic it is the batch handler of (the
# same object). If it raises :class:`InvalidEvents`, it applied all but those, which are
# parked; any other exception, the records go through the one-by-one handler instead.
BatchHandler = Callable[[list[ReceivedEvent]], None]
# A partition of a topic, as the runner keys a poll's records and offsets.
Partition = tuple[str, int]
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


@dataclass
class _Batch:
    """The events of one poll for one batch handler, from all the partitions it serves."""

    handler: BatchHandler
    events: list[ReceivedEvent] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Each partition's next offset once the batch is handled.
    next_offsets: dict[Partition, int] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    records: int = 0
    # The records, to park those the handler rejects.
    polled: dict[Partition, list[Record]] = field(default_factory=dict)


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
            client_config(self._settings, group_id=self._group_id, client_id=self._client_id)
        )
        self._consumer.subscribe(self._topics, on_assign=self._assigned)
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
        if self._thread is not None and self._thread.is_alive():
            # A handler still running: closing the client under its poll is unsafe (C), the
            # group lets the partitions go after its session timeout instead.
            logger.warning("consumer %s still handling at stop, not closed", self._group_id)
        elif self._consumer is not None:
            self._consumer.close()  # leaves the group; nothing committed on the way out
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

    def _assigned(self, consumer: KafkaConsumer, partitions: list[TopicPartition]) -> None:
        """The group's assignment (called within a poll, in the consumer's thread)."""
        try:
            partitions = fix_start_offsets(consumer, partitions, self._settings.auto_offset_reset)
        except KafkaException:
            # The client then looks the offsets up itself, at its first fetch.
            logger.warning("could not fix the start offsets of %s", partitions, exc_info=True)
        consumer.assign(partitions)
        if partitions:
            self._positioned.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._poll_once()
            except (KafkaException, KafkaError):
                # The client reconnects by itself; a broker restart must not end the loop.
                logger.warning("poll failed, retrying", exc_info=True)
                self._stopping.wait(self._settings.retry_backoff_seconds)
            except Exception:  # thread edge: a bug must be logged, not end consumption silently
                logger.exception("consumer loop error, carrying on")
                self._stopping.wait(self._settings.retry_backoff_seconds)

    def _poll_once(self) -> None:
        assert self._consumer is not None
        polled: dict[Partition, list[Record]] = {}
        for record in poll_records(self._consumer, self._settings.consumer_max_poll_records):
            polled.setdefault((record.topic() or "", record.partition() or 0), []).append(record)
        # One commit for the whole poll (a round trip to the broker each), made even when a
        # partition's handling stops the loop: what was handled is never handled again.
        offsets: dict[Partition, int] = {}
        try:
            offsets.update(self._handle_in_batches(polled))
            for partition, records in polled.items():
                if partition in offsets:
                    continue
                for record in records:
                    if not self._process_or_rewind(record):
                        break
                    offsets[partition] = _offset(record) + 1
                if self._stopping.is_set():
                    return
        finally:
            if offsets:
                self._commit(offsets)

    def _handle_in_batches(self, polled: Mapping[Partition, list[Record]]) -> dict[Partition, int]:
        """Give each batch handler the events of all its partitions at once; the next offset
        of each partition so handled. The others are taken one by one: no batch handler, a
        single record, an invalid record to park, or the batch handler failed."""
        batches: dict[int, _Batch] = {}
        for (topic, partition), records in polled.items():
            handler = self._batch_handlers.get(topic)
            if handler is None:
                continue
            batch = batches.setdefault(id(handler), _Batch(handler))
            if self._decode_into(batch, records):
                batch.next_offsets[topic, partition] = _offset(records[-1]) + 1
                batch.records += len(records)
                batch.polled[topic, partition] = records
                if topic not in batch.topics:
                    batch.topics.append(topic)
        done: dict[Partition, int] = {}
        for batch in batches.values():
            # A single record keeps its own span, child of its producer's.
            if batch.records >= 2 and self._handle_batch(batch):
                done.update(batch.next_offsets)
            if self._stopping.is_set():
                break
        return done

    def _decode_into(self, batch: _Batch, records: list[Record]) -> bool:
        """Add a partition's new events to the batch; False (nothing added) when one of its
        records is invalid (the one-by-one path parks it on the dead-letter topic)."""
        events: list[ReceivedEvent] = []
        links: list[Link] = []
        room = MAX_BATCH_LINKS - len(batch.links)
        for record in records:
            try:
                # A consumed record's headers are a list of (name, bytes); the client's type
                # is wider (a producer's may be a dict).
                headers = decode_headers(record.headers())  # type: ignore[arg-type]
                event, _ = self._decode(record, headers)
            except InvalidEvent:
                return False
            if event.cloud_event.id in self._seen:
                continue
            events.append(event)
            if len(links) < room and "traceparent" in headers:
                context = trace.get_current_span(propagate.extract(headers)).get_span_context()
                if context.is_valid:
                    links.append(Link(context))
        batch.events += events
        batch.links += links
        return True

    def _handle_batch(self, batch: _Batch) -> bool:
        topic = batch.topics[0] if len(batch.topics) == 1 else None
        attributes: dict[str, str | int] = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.consumer.group.name": self._group_id,
            "messaging.batch.message_count": len(batch.events),
        }
        if topic is not None:
            attributes["messaging.destination.name"] = topic
        # A batch has many parents: each producer's span is linked, as OTel advises.
        with self._tracer.start_as_current_span(
            f"process {topic}" if topic is not None else "process",
            kind=SpanKind.CONSUMER,
            links=batch.links,
            attributes=attributes,
        ):
            parked = 0
            try:
                batch.handler(batch.events)
            except InvalidEvents as invalid:
                if not self._park_rejected(batch, invalid):
                    return False
                parked = len(invalid.rejected)
            except Exception:  # process edge: the one-by-one path retries and parks
                logger.warning(
                    "batch of %d failed, handling one by one", len(batch.events), exc_info=True
                )
                return False
        for event in batch.events:
            self._seen.add(event.cloud_event.id)
        self.handled_count += len(batch.events) - parked
        return True

    def _park_rejected(self, batch: _Batch, invalid: InvalidEvents) -> bool:
        """Park the events a batch handler rejected; False when the dead-letter topic could
        not take one (the one-by-one path then retries)."""
        rejected = {(e.topic, e.partition, e.offset): error for e, error in invalid.rejected}
        try:
            for partition, records in batch.polled.items():
                for record in records:
                    error = rejected.get((*partition, _offset(record)))
                    if error is not None:
                        self._dead_letter(record, error, attempts=1)
        except KafkaError:
            logger.warning("could not park %d rejected events, handling one by one", len(rejected))
            return False
        return True

    def _process_or_rewind(self, record: Record) -> bool:
        """False leaves the record uncommitted, to be polled again."""
        assert self._consumer is not None
        try:
            return self._process(record)
        except KafkaError:
            # The dead-letter topic could not take the record: keep it and try again later.
            logger.warning("could not park record at offset %d, will retry", _offset(record))
            self._consumer.seek(
                TopicPartition(record.topic() or "", record.partition() or 0, _offset(record))
            )
            self._stopping.wait(self._settings.retry_backoff_seconds)
            return False

    def _commit(self, offsets: Mapping[Partition, int]) -> None:
        assert self._consumer is not None
        partitions = [TopicPartition(t, p, offset) for (t, p), offset in offsets.items()]
        try:
            committed = self._consumer.commit(offsets=partitions, asynchronous=False)
            failed = [partition for partition in committed if partition.error is not None]
            if failed:
                raise KafkaException(failed[0].error)
        except KafkaException:
            # Lost the partition or the broker: the records come back and are skipped by ce_id.
            logger.warning("offset commit failed for %s", sorted(offsets), exc_info=True)

    def _process(self, record: Record) -> bool:
        """Handle one record; False only when stopping interrupted its retries.

        Handlers raise :class:`InvalidEvent` for an event that can never be applied (parked at
        once); any other exception is retried ``max_delivery_attempts`` times, then parked.
        """
        try:
            headers = decode_headers(record.headers())  # type: ignore[arg-type]
        except InvalidEvent as error:
            self._dead_letter(record, error, attempts=0)
            return True
        parent = propagate.extract(headers)
        topic = record.topic() or ""
        attributes: dict[str, str | int] = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": topic,
            "messaging.consumer.group.name": self._group_id,
            "messaging.destination.partition.id": str(record.partition()),
            "messaging.kafka.offset": _offset(record),
        }
        with self._tracer.start_as_current_span(
            f"process {topic}", context=parent, kind=SpanKind.CONSUMER, attributes=attributes
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
        self, record: Record, event: ReceivedEvent, handler: Handler, span: Any
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

    def _decode(self, record: Record, headers: dict[str, str]) -> tuple[ReceivedEvent, Handler]:
        cloud_event = parse_cloud_event(headers)
        try:
            event_type, handler = self._handlers[cloud_event.type]
        except KeyError:
            raise InvalidEvent(f"no handler for event type {cloud_event.type!r}") from None
        payload = event_type.message()
        try:
            payload.ParseFromString(record.value() or b"")
        except DecodeError as error:
            raise InvalidEvent(f"payload is not a valid {event_type.message.__name__}") from error
        event = ReceivedEvent(
            cloud_event, payload, record.topic() or "", record.partition() or 0, _offset(record)
        )
        return event, handler

    def _dead_letter(self, record: Record, error: BaseException, *, attempts: int) -> None:
        assert self._dead_letters is not None
        original = record.topic() or ""
        topic = original + DEAD_LETTER_SUFFIX
        headers = list(record.headers() or [])
        headers += [
            ("collectivia_error_type", type(error).__name__.encode()),
            ("collectivia_error_message", str(error)[:1000].encode()),
            ("collectivia_delivery_attempts", str(attempts).encode()),
            ("collectivia_original_topic", original.encode()),
            ("collectivia_original_partition", str(record.partition()).encode()),
            ("collectivia_original_offset", str(record.offset()).encode()),
            # Several services may consume one topic: say which one parked the record.
            ("collectivia_consumer_group", self._group_id.encode()),
        ]
        # Awaited: the offset is committed right after, so the record must be safe first.
        self._dead_letters.send(topic, key=record.key(), value=record.value(), headers=headers).get(
            timeout=self._settings.delivery_timeout_seconds
        )
        self.dead_lettered_count += 1
        logger.error(
            "record %s/%s@%s sent to %s: %s",
            original,
            record.partition(),
            record.offset(),
            topic,
            error,
        )


def _offset(record: Record) -> int:
    offset = record.offset()
    return offset if offset is not None else -1
