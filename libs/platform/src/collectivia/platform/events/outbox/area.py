"""The outbox area, listed by every service that writes its database and publishes: its
tables, the :class:`Outbox` later areas write their events to, and the relay worker."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import Field

from collectivia.platform.areas import Area, Worker
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxLease, OutboxRecord
from collectivia.platform.events.outbox.relay import OutboxRelay
from collectivia.platform.events.outbox.writer import Outbox
from collectivia.platform.settings import AreaSettings

if TYPE_CHECKING:
    from collectivia.platform.assembly import AreaContext


class OutboxSettings(AreaSettings):
    """Each service subclasses it with its prefix (``COLLECTIVIA_ETHICS_REGISTER_``)."""

    # How often the relay looks for events other processes committed (its own process's
    # commits wake it at once).
    outbox_poll_seconds: float = Field(1.0, gt=0, le=60)
    # The most events one round sends (one per key).
    outbox_batch_size: int = Field(200, ge=1, le=10_000)
    # A relay that stops renewing its lease (a crashed process) is replaced after this; a
    # round's wait for Kafka's acknowledgements is half of it.
    outbox_lease_seconds: float = Field(10.0, ge=1, le=600)
    # While Kafka is away the relay retries, waiting twice as long each time, up to this.
    outbox_retry_max_seconds: float = Field(30.0, ge=1, le=600)


@dataclass(frozen=True)
class OutboxArea:
    outbox: Outbox
    relay: OutboxRelay

    def start(self) -> OutboxRelay:
        return self.relay.start()


def outbox_area(settings: type[OutboxSettings]) -> Area[OutboxArea]:
    """The area, reading ``settings`` (the service's subclass: its prefix); list it before
    the areas that write events."""

    def build(context: AreaContext) -> OutboxArea:
        section = context.section(settings)
        service = context.settings
        outbox = Outbox(service.service_name, tracer=context.telemetry.tracer(__name__))
        context.provide(outbox)
        sessions = context.sessions
        lease = RelayLease(
            sessions,
            holder=f"{service.service_name}@{socket.gethostname()}:{os.getpid()}:"
            f"{uuid.uuid4().hex[:8]}",
            seconds=section.outbox_lease_seconds,
        )
        relay = OutboxRelay(
            sessions,
            context.record_sender,
            lease,
            topic_prefix=service.kafka.topic_prefix,
            batch_size=section.outbox_batch_size,
            poll_seconds=section.outbox_poll_seconds,
            ack_timeout_seconds=section.outbox_lease_seconds / 2,
            retry_max_seconds=section.outbox_retry_max_seconds,
            committed=outbox.committed,
        )
        return OutboxArea(outbox, relay)

    return Area(
        name="outbox",
        summary="Events written in the same transaction as the data they announce, relayed "
        "to Kafka after commit, in order per key, at least once (transactional outbox).",
        build=build,
        tables=(OutboxRecord, OutboxLease),
        workers=(Worker("outbox-relay", start=OutboxArea.start),),
        settings=settings,
    )
