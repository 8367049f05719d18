"""The lake's document events translated to the library; a payload that can never be
applied is refused as an InvalidEvent (the consumer parks it on the dead-letter topic)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.library.handlers import LakeDocumentHandlers
from collectivia.citizen_chat.library.service import Library
from collectivia.events.v1.lake_pb2 import DocumentPublished, DocumentWithdrawn
from collectivia.platform.database import create_session_factory
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

SENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _event(payload: Message) -> ReceivedEvent:
    ce_type = DOCUMENT_PUBLISHED if isinstance(payload, DocumentPublished) else DOCUMENT_WITHDRAWN
    cloud_event = CloudEvent("e1", "data-lake", ce_type.ce_type, SENT, ce_type.content_type)
    return ReceivedEvent(cloud_event, payload, ce_type.topic, 0, 0)


@pytest.fixture
def handlers(tmp_path: Path) -> LakeDocumentHandlers:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    return LakeDocumentHandlers(Library(create_session_factory(engine), sample_knowledge_base([])))


def test_a_publication_becomes_a_searched_document_with_its_metadata(
    handlers: LakeDocumentHandlers,
) -> None:
    handlers.on_published(
        _event(
            DocumentPublished(
                document_id="lake-marche",
                title="Le marché de Woippy",
                text="## Jours\n\nLe marché a lieu le **jeudi** matin.",
                url="https://lake.example/marche",
                version="3",
                published="2026-02-01",
                communes=["57751"],
                origin="data-lake",
            )
        )
    )
    library = handlers.library
    document = library.knowledge.document("lake-marche")
    assert document is not None
    assert document.text == "## Jours\nLe marché a lieu le jeudi matin."
    assert (document.version, document.communes) == ("3", ("57751",))
    entry = library.entry("lake-marche")
    assert (entry.origin, entry.status) == ("lake", "indexed")
    # No time in the payload: the event's time orders the changes.
    stamp = Timestamp()
    stamp.FromDatetime(datetime(2026, 3, 1, tzinfo=UTC))
    handlers.on_withdrawn(_event(DocumentWithdrawn(document_id="lake-marche", withdrawn_at=stamp)))
    assert library.knowledge.document("lake-marche") is not None  # older than the publication
    handlers.on_withdrawn(_event(DocumentWithdrawn(document_id="lake-marche", reason="erreur")))
    assert library.knowledge.document("lake-marche") is None


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (DocumentPublished(title="T", text="x"), "without document_id"),
        (DocumentPublished(document_id="d", title="T", text="  "), "texte est vide"),
        (DocumentPublished(document_id="d", text="x"), "titre est vide"),
        (DocumentPublished(document_id="d", title="T", text="x", communes=["Metz"]), "INSEE"),
        (DocumentPublished(document_id="d", title="T", text="x", published="mars"), "AAAA"),
        (DocumentWithdrawn(), "without document_id"),
    ],
)
def test_a_payload_that_can_never_apply_is_an_invalid_event(
    handlers: LakeDocumentHandlers, payload: Message, reason: str
) -> None:
    handler = (
        handlers.on_published if isinstance(payload, DocumentPublished) else handlers.on_withdrawn
    )
    with pytest.raises(InvalidEvent, match=reason):
        handler(_event(payload))
    assert handlers.library.entries() == []
