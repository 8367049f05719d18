"""Publishing documents: a steward publishes, revises and withdraws them; every version is
kept; each change is announced (``document-published`` / ``document-withdrawn``, key = the
document's id) to the citizen chat's knowledge base through the outbox, in the transaction
that stores it: stored and announced (at least once), or neither."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.documents.models import DocumentRow, DocumentVersionRow
from collectivia.data_lake.documents.schemas import (
    MAX_TEXT_BYTES,
    DocumentContent,
    DocumentCreate,
    DocumentRead,
    DocumentStatus,
    DocumentVersionRead,
)
from collectivia.events.v1 import lake_pb2
from collectivia.platform.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)
ORIGIN = "data-lake"


def _now() -> datetime:
    return datetime.now(UTC)


class Documents:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._clock = clock

    def publish(self, body: DocumentCreate, *, by: Reader) -> DocumentRead:
        """A new document, published at once (409 if the id is taken, withdrawn or not)."""
        _require_steward(by)
        content = DocumentContent.model_validate(body.model_dump(exclude={"id"}))
        _check_size(content)
        now = self._clock()
        with self._sessions.begin() as session:
            if session.get(DocumentRow, body.id) is not None:
                raise Conflict(messages.DOCUMENT_EXISTS.format(document_id=body.id))
            row = DocumentRow(
                id=body.id,
                status=DocumentStatus.PUBLISHED.value,
                current_version=1,
                created_at=now,
                updated_at=now,
                withdrawn_at=None,
                withdrawal_reason="",
            )
            session.add(row)
            session.flush()
            version = self._add_version(session, row, content, by, now)
            self._announce(session, row, version)
            return _read(row, version)

    def revise(self, document_id: str, content: DocumentContent, *, by: Reader) -> DocumentRead:
        """A new version of a document, published at once (a withdrawn one comes back)."""
        _require_steward(by)
        _check_size(content)
        now = self._clock()
        with self._sessions.begin() as session:
            row = _load(session, document_id)
            row.current_version += 1
            row.status = DocumentStatus.PUBLISHED.value
            row.updated_at = now
            row.withdrawn_at = None
            row.withdrawal_reason = ""
            version = self._add_version(session, row, content, by, now)
            self._announce(session, row, version)
            return _read(row, version)

    def withdraw(self, document_id: str, reason: str, *, by: Reader) -> DocumentRead:
        """The document leaves every answer; withdrawing it again announces it again."""
        _require_steward(by)
        now = self._clock()
        reason = reason.strip() or messages.DOCUMENT_WITHDRAWN_BY_STEWARD
        with self._sessions.begin() as session:
            row = _load(session, document_id)
            row.status = DocumentStatus.WITHDRAWN.value
            row.withdrawn_at = row.updated_at = now
            row.withdrawal_reason = reason
            self._outbox.add(
                session,
                lake_pb2.DocumentWithdrawn(
                    document_id=row.id, reason=reason, withdrawn_at=timestamp(now)
                ),
                key=row.id,
                subject=row.id,
            )
            logger.info("document %s withdrawn", row.id)
            return _read(row, _current(session, row))

    def get(self, document_id: str, *, reader: Reader) -> DocumentRead:
        """A published document for anyone; a withdrawn one for stewards only."""
        with self._sessions() as session:
            row = _load(session, document_id)
            if row.status != DocumentStatus.PUBLISHED.value and not reader.is_steward:
                raise NotFound(messages.DOCUMENT_NOT_FOUND.format(document_id=document_id))
            return _read(row, _current(session, row))

    def visible(self, *, reader: Reader) -> list[DocumentRead]:
        """The published documents; the withdrawn ones too for stewards."""
        with self._sessions() as session:
            rows = session.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
            return [
                _read(row, _current(session, row))
                for row in rows
                if row.status == DocumentStatus.PUBLISHED.value or reader.is_steward
            ]

    def versions(self, document_id: str, *, by: Reader) -> list[DocumentVersionRead]:
        """Every version of a document, the latest first (stewards)."""
        _require_steward(by)
        with self._sessions() as session:
            _load(session, document_id)
            versions = session.scalars(
                select(DocumentVersionRow)
                .where(DocumentVersionRow.document_id == document_id)
                .order_by(DocumentVersionRow.number.desc())
            ).all()
            return [
                DocumentVersionRead(
                    number=v.number,
                    title=v.title,
                    version=v.label or v.content_hash,
                    content_hash=v.content_hash,
                    published_at=v.published_at,
                    published_by=v.published_by,
                )
                for v in versions
            ]

    def _add_version(
        self,
        session: Session,
        row: DocumentRow,
        content: DocumentContent,
        by: Reader,
        now: datetime,
    ) -> DocumentVersionRow:
        version = DocumentVersionRow(
            document_id=row.id,
            number=row.current_version,
            title=content.title,
            text=content.text,
            url=content.url,
            theme=content.theme,
            communes=list(content.communes),
            licence=content.licence,
            label=content.version,
            published=content.published,
            content_hash=hashlib.sha256(content.text.encode("utf-8")).hexdigest(),
            published_at=now,
            published_by=by.subject or by.client_id,
        )
        session.add(version)
        session.flush()
        return version

    def _announce(self, session: Session, row: DocumentRow, version: DocumentVersionRow) -> None:
        self._outbox.add(
            session,
            lake_pb2.DocumentPublished(
                document_id=row.id,
                title=version.title,
                text=version.text,
                url=version.url,
                version=version.label,
                published=version.published or "",
                licence=version.licence,
                theme=version.theme,
                communes=version.communes,
                origin=ORIGIN,
                published_at=timestamp(version.published_at),
            ),
            key=row.id,
            subject=row.id,
        )
        logger.info("document %s published, version %d", row.id, version.number)


def _require_steward(by: Reader) -> None:
    if not by.is_steward:
        raise PermissionDenied(messages.DOCUMENTS_STEWARD_REQUIRED)


def _check_size(content: DocumentContent) -> None:
    size = len(content.text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        detail = messages.DOCUMENT_TOO_LARGE.format(size=size, limit=MAX_TEXT_BYTES)
        raise InvalidInput(detail, [FieldError("text", detail)])


def _load(session: Session, document_id: str) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFound(messages.DOCUMENT_NOT_FOUND.format(document_id=document_id))
    return row


def _current(session: Session, row: DocumentRow) -> DocumentVersionRow:
    version = session.get(DocumentVersionRow, (row.id, row.current_version))
    assert version is not None, f"document {row.id} has no version {row.current_version}"
    return version


def _read(row: DocumentRow, version: DocumentVersionRow) -> DocumentRead:
    return DocumentRead(
        id=row.id,
        status=DocumentStatus(row.status),
        version_number=version.number,
        title=version.title,
        text=version.text,
        url=version.url,
        theme=version.theme,
        communes=list(version.communes),
        licence=version.licence,
        version=version.label or version.content_hash,
        published=version.published,
        content_hash=version.content_hash,
        created_at=row.created_at,
        updated_at=row.updated_at,
        withdrawn_at=row.withdrawn_at,
        withdrawal_reason=row.withdrawal_reason,
    )
