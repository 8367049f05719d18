"""Tables created by several processes of one service starting together on one database (the
chat's worker processes): a table another process creates between ``create_all``'s check and
its ``CREATE`` is no error; any other failure is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, String, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from collectivia.platform.assembly import create_tables


class Base(DeclarativeBase):
    pass


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)


class TagRow(Base):
    __tablename__ = "tags"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'service.db'}")
    yield engine
    engine.dispose()


def test_a_table_another_process_created_meanwhile_is_no_error(engine: Engine) -> None:
    created: list[str] = []

    def other_process_first(table: Any, connection: Any, **_: Any) -> None:
        # After this process's check, before its CREATE: the other process's CREATE.
        if not created:
            other = create_engine(engine.url)
            with other.begin() as other_connection:
                other_connection.execute(text("CREATE TABLE notes (id VARCHAR(36) PRIMARY KEY)"))
            other.dispose()
            created.append(table.name)

    event.listen(NoteRow.__table__, "before_create", other_process_first)
    try:
        create_tables(engine, [NoteRow.__table__, TagRow.__table__])  # type: ignore[list-item]
    finally:
        event.remove(NoteRow.__table__, "before_create", other_process_first)
    assert created == ["notes"]
    assert set(inspect(engine).get_table_names()) == {"notes", "tags"}


@pytest.mark.parametrize(
    ("message", "calls"), [("disk I/O error", 1), ("table notes already exists", 3)]
)
def test_another_failure_or_one_that_keeps_coming_is_raised(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, message: str, calls: int
) -> None:
    made: list[int] = []

    def failing(self: MetaData, bind: Any, **_: Any) -> None:
        made.append(1)
        raise OperationalError("CREATE TABLE notes", {}, Exception(message))

    monkeypatch.setattr(MetaData, "create_all", failing)
    with pytest.raises(OperationalError, match=message):
        create_tables(engine, [NoteRow.__table__])  # type: ignore[list-item]
    assert len(made) == calls
