"""Refused files in quarantine: each kept with its validation report until a corrected load
of its dataset is accepted (replaced) or a steward discards it.

The bytes are files in a folder of their own (``IngestionSettings.quarantine_folder``), named
by the entry's id, never by the sender's name; the database keeps the entry and its report.
A folder rather than the database: files reach 200 MB, which SQLite and PostgreSQL hold
badly (a blob read whole, WAL and backups bloated), and a deleted file is gone at once where
a deleted database value lingers until vacuum — the quarantine may hold personal data, so
its files are deleted as soon as they stop being needed (replaced, discarded, erased)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.ingestion.models import QuarantinedLoad
from collectivia.data_lake.ingestion.schemas import IssueRead, QuarantineDetail, QuarantineRead
from collectivia.platform.errors import NotFound, PermissionDenied, RuleViolation

log = logging.getLogger(__name__)

PENDING = "pending"
REPLACED = "replaced"
DISCARDED = "discarded"
STATUSES = (PENDING, REPLACED, DISCARDED)
QUARANTINE_PENDING_RULE = "quarantaine-en-attente"
_ENTRY_ID = re.compile(r"^[0-9a-f]{32}$")


def _now() -> datetime:
    return datetime.now(UTC)


class QuarantineFiles:
    """The quarantined files' bytes, one file per entry id."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def write(self, entry_id: str, content: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        final = self._path(entry_id)
        partial = final.with_suffix(".part")
        partial.write_bytes(content)
        os.replace(partial, final)  # never a half-written file under the entry's name

    def read(self, entry_id: str) -> bytes | None:
        path = self._path(entry_id)
        return path.read_bytes() if path.exists() else None

    def delete(self, entry_ids: Iterable[str]) -> None:
        for entry_id in entry_ids:
            try:
                self._path(entry_id).unlink(missing_ok=True)
            except OSError:
                log.exception("quarantined file %s could not be deleted", entry_id)

    def _path(self, entry_id: str) -> Path:
        if not _ENTRY_ID.match(entry_id):
            raise ValueError(f"not a quarantine entry id: {entry_id!r}")
        return self._folder / f"{entry_id}.bin"


class Quarantine:
    """The stewards' view of refused files: list, read the report and the file, discard."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        files: QuarantineFiles,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self.files = files
        self._clock = clock

    def entries(
        self, *, by: Reader, dataset_id: str | None = None, status: str | None = None
    ) -> list[QuarantineRead]:
        _require_steward(by)
        query = select(QuarantinedLoad).order_by(QuarantinedLoad.created_at.desc())
        if dataset_id:
            query = query.where(QuarantinedLoad.dataset_id == dataset_id)
        if status:
            query = query.where(QuarantinedLoad.status == status)
        with self._sessions() as session:
            return [summary(row) for row in session.scalars(query)]

    def get(self, entry_id: str, *, by: Reader) -> QuarantineDetail:
        _require_steward(by)
        with self._sessions() as session:
            return detail(_entry(session, entry_id))

    def original(self, entry_id: str, *, by: Reader) -> tuple[str, bytes]:
        """The refused file as it was sent: its name and bytes."""
        _require_steward(by)
        with self._sessions() as session:
            row = _entry(session, entry_id)
        content = self.files.read(row.id) if row.file_kept else None
        if content is None:
            raise NotFound(
                messages.QUARANTINE_FILE_GONE.format(quarantine_id=entry_id, status=row.status)
            )
        return row.filename, content

    def discard(self, entry_id: str, *, by: Reader) -> QuarantineDetail:
        _require_steward(by)
        with self._sessions.begin() as session:
            row = _entry(session, entry_id)
            if row.status != PENDING:
                raise RuleViolation(
                    messages.QUARANTINE_NOT_PENDING.format(
                        quarantine_id=entry_id, status=row.status
                    ),
                    QUARANTINE_PENDING_RULE,
                )
            _close(row, DISCARDED, self._clock())
            read = detail(row)
        self.files.delete([entry_id])
        return read

    def close_pending(self, session: Session, dataset_id: str, *, status: str) -> list[str]:
        """Within the caller's transaction: the dataset's pending entries get ``status``;
        returns their ids, whose files the caller deletes once the transaction committed."""
        rows = session.scalars(
            select(QuarantinedLoad).where(
                QuarantinedLoad.dataset_id == dataset_id, QuarantinedLoad.status == PENDING
            )
        ).all()
        now = self._clock()
        for row in rows:
            _close(row, status, now)
        return [row.id for row in rows]

    def forget(self, session: Session, dataset_id: str) -> list[str]:
        """Within the caller's transaction (an erasure): every entry of the dataset loses its
        file and the issues of its report (which may quote cell values); pending ones are
        discarded. Returns the ids whose files the caller deletes once committed."""
        rows = session.scalars(
            select(QuarantinedLoad).where(QuarantinedLoad.dataset_id == dataset_id)
        ).all()
        now = self._clock()
        for row in rows:
            if row.status == PENDING:
                _close(row, DISCARDED, now)
            row.file_kept = False
            row.report = {**row.report, "errors": []}
        return [row.id for row in rows]


def _close(row: QuarantinedLoad, status: str, now: datetime) -> None:
    row.status = status
    row.closed_at = now
    row.file_kept = False


def _entry(session: Session, entry_id: str) -> QuarantinedLoad:
    row = session.get(QuarantinedLoad, entry_id) if _ENTRY_ID.match(entry_id) else None
    if row is None:
        raise NotFound(messages.QUARANTINE_NOT_FOUND.format(quarantine_id=entry_id[:64]))
    return row


def _require_steward(reader: Reader) -> None:
    if not reader.is_steward:
        raise PermissionDenied(messages.LOADS_STEWARD_REQUIRED)


def summary(row: QuarantinedLoad) -> QuarantineRead:
    return QuarantineRead(
        id=row.id,
        dataset_id=row.dataset_id,
        load_id=row.load_id,
        filename=row.filename,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        schema_name=row.schema_name,
        error_count=row.error_count,
        truncated=bool(row.report.get("truncated", False)),
        status=row.status,
        file_kept=row.file_kept,
        contract_id=row.contract_id,
        submitted_by=row.submitted_by,
        created_at=row.created_at,
        closed_at=row.closed_at,
    )


def detail(row: QuarantinedLoad) -> QuarantineDetail:
    return QuarantineDetail(
        **summary(row).model_dump(),
        row_count=int(row.report.get("row_count", 0)),
        issues=[IssueRead(**issue) for issue in row.report.get("errors", [])],
    )
