"""What domain code sees of event publishing: no Kafka in sight."""

from __future__ import annotations

from typing import Protocol

from google.protobuf.message import Message
from sqlalchemy.orm import Session


class EventPublisher(Protocol):
    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        """Publish ``payload`` as a CloudEvent keyed by ``key``; return its ``ce_id``.

        With ``wait``, return only once the broker acknowledged it (``acks=all``), raising
        :class:`collectivia.platform.errors.DependencyUnavailable` if it could not.
        """
        ...


class EventOutbox(Protocol):
    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        """Write ``payload`` as a CloudEvent keyed by ``key`` in ``session``'s transaction, to
        be published once it commits (and never if it rolls back); return its ``ce_id``."""
        ...
