"""The documents' rules without a broker: a publication whose announcement cannot be
written leaves nothing stored, a refused one announces nothing; each version is kept and
announced with the lake as its origin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf.message import Message
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake.database import Base
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.documents.models import DocumentRow, DocumentVersionRow
from collectivia.data_lake.documents.schemas import DocumentContent, DocumentCreate
from collectivia.data_lake.documents.service import Documents
from collectivia.events.v1.lake_pb2 import DocumentPublished, DocumentWithdrawn
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    NotFound,
    PermissionDenied,
)
from collectivia.platform.events.outbox.models import OutboxBase, OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.platform.events.protocol import EventOutbox

STEWARD = Reader(roles=frozenset({"data-steward"}), communes=(), client_id="cli", subject="s-1")
AGENT = Reader(roles=frozenset({"agent"}), communes=("57463",), client_id="cli", subject="a-1")
NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


class Recording:
    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.sent: list[tuple[Message, str]] = []

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "documents are announced in the transaction storing them"
        if self.down:
            raise DependencyUnavailable("Base de données injoignable.")
        self.sent.append((payload, key))
        return "event-id"


def documents(outbox: EventOutbox) -> tuple[Documents, sessionmaker[Any]]:
    engine = create_engine("sqlite://")
    tables: list[Any] = [DocumentRow.__table__, DocumentVersionRow.__table__]
    Base.metadata.create_all(engine, tables=tables)
    outbox_tables: list[Any] = [OutboxRecord.__table__]
    OutboxBase.metadata.create_all(engine, tables=outbox_tables)
    sessions = sessionmaker(engine)
    return Documents(sessions=sessions, outbox=outbox, clock=lambda: NOW), sessions


BODY = DocumentCreate(
    id="cantine",
    title="La cantine",
    text="# La cantine\n\nLes repas sont servis à midi.",
    communes=["57463"],
)


def test_nothing_is_stored_when_the_announcement_cannot_be_written() -> None:
    service, _ = documents(Recording(down=True))
    with pytest.raises(DependencyUnavailable):
        service.publish(BODY, by=STEWARD)
    with pytest.raises(NotFound):
        service.get("cantine", reader=STEWARD)


def test_a_refused_change_announces_nothing() -> None:
    """The real outbox: the event leaves with its transaction (a conflict rolls both back)."""
    service, sessions = documents(Outbox("data-lake"))
    service.publish(BODY, by=STEWARD)
    with pytest.raises(Conflict):
        service.publish(BODY, by=STEWARD)
    [announced] = pending_events(sessions)
    assert isinstance(announced, DocumentPublished) and announced.document_id == "cantine"


def test_every_version_is_kept_and_announced() -> None:
    publisher = Recording()
    service, _ = documents(publisher)
    first = service.publish(BODY, by=STEWARD)
    content = DocumentContent(title="La cantine", text="# La cantine\n\nRepas à 12 h 15.")
    second = service.revise("cantine", content, by=STEWARD)
    assert (first.version_number, second.version_number) == (1, 2)
    assert [v.number for v in service.versions("cantine", by=STEWARD)] == [2, 1]
    announced = [payload for payload, key in publisher.sent if key == "cantine"]
    assert [type(p) for p in announced] == [DocumentPublished, DocumentPublished]
    last = announced[-1]
    assert isinstance(last, DocumentPublished)
    assert (last.origin, last.text, last.version) == ("data-lake", content.text, "")
    withdrawn = service.withdraw("cantine", "", by=STEWARD)
    assert withdrawn.withdrawal_reason  # a default reason, in French
    assert isinstance(publisher.sent[-1][0], DocumentWithdrawn)
    with pytest.raises(NotFound):
        service.get("cantine", reader=AGENT)
    assert service.visible(reader=AGENT) == []
    assert [d.id for d in service.visible(reader=STEWARD)] == ["cantine"]


def test_only_stewards_change_documents() -> None:
    service, _ = documents(Recording())
    with pytest.raises(PermissionDenied):
        service.publish(BODY, by=AGENT)
    service.publish(BODY, by=STEWARD)
    with pytest.raises(PermissionDenied):
        service.withdraw("cantine", "non", by=AGENT)
    with pytest.raises(PermissionDenied):
        service.versions("cantine", by=AGENT)
