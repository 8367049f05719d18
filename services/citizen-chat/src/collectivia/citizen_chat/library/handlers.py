"""Kafka handlers of the data lake's documents (translation only): a published document
becomes searched (a new version replaces the old one whole), a withdrawn one disappears.
A payload that can never be applied (no id, no text, a bad commune code or date) raises
InvalidEvent: the consumer parks it on the dead-letter topic with the reason."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from collectivia.citizen_chat.knowledge.intake import DocumentMetadata, document_from_markdown
from collectivia.citizen_chat.library.service import Library
from collectivia.events.v1.lake_pb2 import DocumentPublished, DocumentWithdrawn
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent


def _time(stamp: Timestamp, event: ReceivedEvent) -> datetime:
    """When the change happened: the payload's time, else the event's (UTC)."""
    if stamp.seconds or stamp.nanos:
        return stamp.ToDatetime(tzinfo=UTC)
    at = event.cloud_event.time
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


class LakeDocumentHandlers:
    def __init__(self, library: Library) -> None:
        self.library = library

    def on_published(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if not isinstance(payload, DocumentPublished):
            raise InvalidEvent(f"expected DocumentPublished, got {type(payload).__name__}")
        if not payload.document_id.strip():
            raise InvalidEvent("document-published without document_id")
        try:
            metadata = DocumentMetadata.parse(
                {
                    "document_id": payload.document_id,
                    "title": payload.title,
                    "url": payload.url,
                    "licence": payload.licence,
                    "theme": payload.theme,
                    "communes": ",".join(payload.communes),
                    "version": payload.version,
                    "published": payload.published,
                }
            )
            document = document_from_markdown(payload.text, metadata, self.library.policy.links)
        except InvalidInput as error:
            raise InvalidEvent(f"document {payload.document_id}: {error.detail}") from error
        self.library.publish(document, _time(payload.published_at, event))

    def on_withdrawn(self, event: ReceivedEvent) -> None:
        payload = event.payload
        if not isinstance(payload, DocumentWithdrawn):
            raise InvalidEvent(f"expected DocumentWithdrawn, got {type(payload).__name__}")
        if not payload.document_id.strip():
            raise InvalidEvent("document-withdrawn without document_id")
        self.library.withdraw_published(
            payload.document_id, payload.reason, _time(payload.withdrawn_at, event)
        )
