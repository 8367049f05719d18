"""An erased conversation's rows leave the analytics (chat.conversation-erased), on a real
SQLite database and a real Iceberg catalog in a temporary folder: committed rows deleted,
staged rows dropped, rows delivered after the erasure (or replayed) kept out, the erasure
itself idempotent; the tables that keep no conversation id are left as they are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.orm import Session, sessionmaker

from collectivia.events.v1 import chat_pb2
from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.sink.area import AREA
from collectivia.officials_analytics.sink.erasure import ERASABLE
from collectivia.officials_analytics.sink.handlers import ConversationErasedHandler
from collectivia.officials_analytics.sink.mapping import fact_of
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.sink.writer import FlushLimits, SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'analytics.db'}")
    create_tables(engine, [cls.__table__ for cls in AREA.tables])
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    storage = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "warehouse")
    )
    return storage.open_lakehouse("analytics")


@pytest.fixture
def writer(sessions: sessionmaker[Session], lakehouse: Lakehouse) -> SinkWriter:
    return SinkWriter(sessions, lakehouse, limits=FlushLimits(), clock=lambda: START)


def received(
    payload: chat_pb2.AnswerProduced | chat_pb2.ConversationErased, event_id: str
) -> ReceivedEvent:
    event_type = event_type_of(payload)
    cloud_event = CloudEvent(
        id=event_id,
        source="citizen-chat",
        type=event_type.ce_type,
        time=START,
        data_content_type=event_type.content_type,
    )
    return ReceivedEvent(cloud_event, payload, event_type.topic, 0, 0)


def answer(event_id: str, conversation_id: str) -> ReceivedEvent:
    return received(
        chat_pb2.AnswerProduced(
            answer_id=f"a-{event_id}",
            conversation_id=conversation_id,
            commune="57463",
            question="Quels sont les horaires de la piscine ?",
            outcome=chat_pb2.ANSWER_OUTCOME_ANSWERED,
        ),
        event_id,
    )


def erased(conversation_id: str, event_id: str) -> ReceivedEvent:
    at = Timestamp()
    at.FromDatetime(START)
    return received(
        chat_pb2.ConversationErased(
            conversation_id=conversation_id, reason="erasure", erased_at=at
        ),
        event_id,
    )


def conversations(lakehouse: Lakehouse) -> list[str]:
    rows = lakehouse.read(dataset_id("chat_answers"))
    return sorted(rows.column("conversation_id").to_pylist())


def test_an_erased_conversation_leaves_the_tables_and_stays_out(
    writer: SinkWriter, lakehouse: Lakehouse
) -> None:
    writer.ensure_tables()
    handler = ConversationErasedHandler(writer)
    writer.stage([fact_of(answer("e1", "gone")), fact_of(answer("e2", "kept"))])
    writer.flush(force=True)
    # Staged, not yet committed, when the erasure comes.
    writer.stage([fact_of(answer("e3", "gone"))])
    assert conversations(lakehouse) == ["gone", "kept"]

    handler(erased("gone", "x1"))
    handler(erased("gone", "x1"))  # redelivered: the same
    writer.flush(force=True)
    assert conversations(lakehouse) == ["kept"]

    # An answer of it delivered after its erasure (another topic, late; or a replay).
    writer.stage([fact_of(answer("e4", "gone")), fact_of(answer("e5", "kept"))])
    writer.flush(force=True)
    assert conversations(lakehouse) == ["kept", "kept"]
    # Nothing more to delete: no new snapshot of the erasure.
    snapshots = len(lakehouse.table(dataset_id("chat_answers")).snapshots())
    writer.flush(force=True)
    assert len(lakehouse.table(dataset_id("chat_answers")).snapshots()) == snapshots


def test_an_erasure_without_a_conversation_id_is_refused(writer: SinkWriter) -> None:
    with pytest.raises(InvalidEvent):
        ConversationErasedHandler(writer)(erased("", "x2"))


def test_only_the_answers_table_keeps_conversation_ids() -> None:
    """What the sink keeps per conversation: the answers (with the masked question); the
    other tables have no conversation id to find an erased conversation by."""
    keyed = {name for name, schema in TABLES.items() if "conversation_id" in schema.names}
    assert keyed == set(ERASABLE) == {"chat_answers"}
