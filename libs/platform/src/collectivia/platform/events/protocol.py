"""What domain code sees of event publishing: no Kafka in sight."""

from __future__ import annotations

from typing import Protocol

from google.protobuf.message import Message


class EventPublisher(Protocol):
    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        """Publish ``payload`` as a CloudEvent keyed by ``key``; return its ``ce_id``.

        With ``wait``, return only once the broker acknowledged it (``acks=all``), raising
        :class:`collectivia.platform.errors.DependencyUnavailable` if it could not.
        """
        ...
