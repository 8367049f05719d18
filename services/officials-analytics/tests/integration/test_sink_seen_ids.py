"""The sink's seen event ids in their two tables (``sink/seen.py``), on SQLite and on the real
PostgreSQL (in a schema of the test's own): an id is new once, whether the earlier one is
recent or moved to the kept table; the move empties the recent table and keeps an id staged
again after it once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from collectivia.officials_analytics.sink.models import SinkEventRow, SinkRecentEventRow
from collectivia.officials_analytics.sink.seen import merge_recent, record_new_ids
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.servers import start_postgres

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def postgres_url() -> str:
    return start_postgres()


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    schema = f"sink_seen_{uuid.uuid4().hex[:10]}"
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'analytics.db'}"
    else:
        base: str = request.getfixturevalue("postgres_url")
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{base}?options=-csearch_path%3D{schema}"
    engine = create_database_engine(url)
    create_tables(engine, [SinkEventRow.__table__, SinkRecentEventRow.__table__])  # type: ignore[list-item]
    yield create_session_factory(engine)
    engine.dispose()
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def stage(sessions: sessionmaker[Session], ids: list[str], table: str = "chat_answers") -> set[str]:
    with sessions.begin() as session:
        return record_new_ids(session, table, ids, NOW)


def move(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return merge_recent(session)


def ids_in(sessions: sessionmaker[Session], model: type[Any]) -> list[str]:
    with sessions() as session:
        return sorted(session.scalars(select(model.event_id)))


def test_an_id_is_new_once_before_and_after_its_move(sessions: sessionmaker[Session]) -> None:
    assert stage(sessions, ["b", "a"]) == {"a", "b"}
    assert stage(sessions, ["a", "c"]) == {"c"}  # "a" is recent
    assert move(sessions) == 3
    assert ids_in(sessions, SinkRecentEventRow) == []
    assert ids_in(sessions, SinkEventRow) == ["a", "b", "c"]
    assert stage(sessions, ["c", "d"]) == {"d"}  # "c" was moved: a replay, still seen
    assert move(sessions) == 1  # "c", in both tables now, is kept once
    assert ids_in(sessions, SinkEventRow) == ["a", "b", "c", "d"]
    assert ids_in(sessions, SinkRecentEventRow) == []
    assert stage(sessions, ["a"], table="chat_feedback") == {"a"}  # another table's "a"
