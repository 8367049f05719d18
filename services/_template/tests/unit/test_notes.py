"""The notes' rules, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput, NotFound
from collectivia.service_template.definition import SERVICE
from collectivia.service_template.notes.schemas import NoteCreate
from collectivia.service_template.notes.service import Notes

NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def notes(tmp_path: Path) -> Notes:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'notes.db'}")
    SERVICE.create_schema(engine)
    return Notes(sessions=create_session_factory(engine), max_notes=2, clock=lambda: NOON)


def test_a_note_is_kept_and_read_back(notes: Notes) -> None:
    kept = notes.add(NoteCreate(text="  Rappeler la mairie de Woippy.  "), author="a1")
    assert notes.get(kept.id).text == "Rappeler la mairie de Woippy."
    assert notes.get(kept.id).created_at == NOON


def test_the_list_shows_the_latest_notes_only(notes: Notes) -> None:
    for text in ("une", "deux", "trois"):
        notes.add(NoteCreate(text=text), author="a1")
    assert len(notes.latest()) == 2


def test_bad_input_is_refused_in_french(notes: Notes) -> None:
    with pytest.raises(InvalidInput, match="vide"):
        notes.add(NoteCreate(text="   "), author="a1")
    with pytest.raises(NotFound, match="Aucune note"):
        notes.get("inconnue")
