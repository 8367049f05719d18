"""Kafka publisher of CloudEvents: idempotent producer, acks=all, a PRODUCER span each."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kafka import KafkaProducer
from kafka.errors import KafkaError
from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Status, StatusCode

from collectivia.platform import messages
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.envelope import CloudEvent

if TYPE_CHECKING:
    from google.protobuf.message import Message

    from collectivia.platform.settings import KafkaSettings
    from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)


class KafkaEventPublisher:
    def __init__(self, settings: KafkaSettings, source: str, telemetry: Telemetry) -> None:
        self._source = source
        self._topic_prefix = settings.topic_prefix
        self._timeout = settings.delivery_timeout_seconds
        self._tracer = telemetry.tracer(__name__)
        try:
            self._producer = KafkaProducer(
                bootstrap_servers=settings.bootstrap_servers,
                security_protocol=settings.security_protocol,
                client_id=source,
                enable_idempotence=True,
                acks="all",
                linger_ms=5,
                # Each request may take 10 s; the record is retried until the delivery timeout.
                request_timeout_ms=10_000,
                delivery_timeout_ms=int(settings.delivery_timeout_seconds * 1000),
            )
        except KafkaError as error:
            logger.warning("Kafka is unreachable: %s", error)
            raise DependencyUnavailable(messages.KAFKA_UNREACHABLE) from error

    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        event_type = event_type_of(payload)
        topic = self._topic_prefix + event_type.topic
        event = CloudEvent(
            id=str(uuid.uuid4()),
            source=self._source,
            type=event_type.ce_type,
            time=datetime.now(UTC),
            data_content_type=event_type.content_type,
            subject=subject,
        )
        attributes = {
            "messaging.system": "kafka",
            "messaging.operation.type": "send",
            "messaging.destination.name": topic,
            "messaging.message.id": event.id,
            "cloudevents.event_type": event.type,
        }
        with self._tracer.start_as_current_span(
            f"send {topic}", kind=SpanKind.PRODUCER, attributes=attributes
        ) as span:
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            future = self._producer.send(
                topic,
                key=key.encode(),
                value=payload.SerializeToString(),
                headers=event.kafka_headers(carrier),
            )
            if wait:
                try:
                    metadata = future.get(timeout=self._timeout)
                except KafkaError as error:
                    span.set_status(Status(StatusCode.ERROR, str(error)))
                    logger.warning("event %s not acknowledged: %s", event.id, error)
                    raise DependencyUnavailable(messages.EVENT_NOT_DELIVERED) from error
                span.set_attribute("messaging.destination.partition.id", str(metadata.partition))
                span.set_attribute("messaging.kafka.offset", metadata.offset)
        return event.id

    def send_record(
        self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Callable[[float], bool]:
        """Send a record made earlier (the outbox's) as it is. The returned callable waits
        up to its argument for the acknowledgement: True once acknowledged, False while the
        producer still retries; raises :class:`DependencyUnavailable` once it gave up."""
        future = self._producer.send(topic, key=key, value=value, headers=headers)

        def acknowledged(timeout: float) -> bool:
            try:
                future.get(timeout=timeout)
            except KafkaError as error:
                if not future.is_done:
                    return False  # not yet: the producer keeps it
                raise DependencyUnavailable(messages.EVENT_NOT_DELIVERED) from error
            return True

        return acknowledged

    def flush(self) -> None:
        self._producer.flush(timeout=self._timeout)

    def close(self) -> None:
        self._producer.close(timeout=self._timeout)
