"""The notes' rules: domain code, no FastAPI, gRPC or Kafka here (the views translate)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.platform.errors import InvalidInput, NotFound
from collectivia.service_template import messages
from collectivia.service_template.notes.models import NoteRow
from collectivia.service_template.notes.schemas import NoteCreate, NoteRead


def _now() -> datetime:
    return datetime.now(UTC)


class Notes:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        max_notes: int,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._max_notes = max_notes
        self._clock = clock

    def add(self, note: NoteCreate, *, author: str) -> NoteRead:
        text = note.text.strip()
        if not text:
            raise InvalidInput(messages.NOTE_EMPTY)
        row = NoteRow(id=str(uuid.uuid4()), text=text, author=author, created_at=self._clock())
        with self._sessions.begin() as session:
            session.add(row)
        return _read(row)

    def get(self, note_id: str) -> NoteRead:
        with self._sessions() as session:
            row = session.get(NoteRow, note_id)
            if row is None:
                raise NotFound(messages.NOTE_NOT_FOUND.format(note_id=note_id))
            return _read(row)

    def latest(self) -> list[NoteRead]:
        with self._sessions() as session:
            rows = session.query(NoteRow).order_by(NoteRow.created_at.desc())
            return [_read(row) for row in rows.limit(self._max_notes)]


def _read(row: NoteRow) -> NoteRead:
    return NoteRead(id=row.id, text=row.text, created_at=row.created_at)
