"""The event ids the sink has seen, in two tables: ``sink_recent_events``, which staging
writes, and ``sink_events``, which keeps them for the retention.

Event ids are random (UUIDs): each new one lands at a random page of an index by id. In one
large index, a poll of a few thousand ids touches as many pages, each written again at every
commit — most of the staging's time. So staging records them in the recent table, small
enough for its index to stay in memory, and looks them up in the kept one (reads only); the
flushing worker moves the recent ids into the kept table in one sorted pass, each of its pages
written once for thousands of ids (``merge_recent``). An id is in one of the two, or in both
(a replayed id is written to the recent table before the kept one is read): seen either way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from collectivia.officials_analytics.sink.models import SinkEventRow, SinkRecentEventRow

# Ids looked up (or inserted) per statement: well under SQLite's bound variables.
CHUNK = 500


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def core_table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def insert_chunks(session: Session, model: type[Any], values: Sequence[dict[str, Any]]) -> None:
    # Core inserts (executemany), not the ORM's bulk path: several times cheaper per row.
    for chunk in chunks(values):
        session.execute(insert(core_table(model)), list(chunk))


def two_tables(session: Session) -> bool:
    """Whether the database can say which rows it inserted (``ON CONFLICT DO NOTHING
    RETURNING``): the recent table is used; elsewhere ids go to the kept table directly."""
    dialect = session.connection().dialect
    return dialect.name in ("sqlite", "postgresql") and bool(dialect.insert_returning)


def record_new_ids(
    session: Session, table: str, event_ids: Sequence[str], now: datetime
) -> set[str]:
    """Record the ids not seen before; those ids. One statement a chunk inserts them into the
    recent table and returns those it did not hold (an id another process records at the
    same moment is left to it, not counted twice); of those, the ids the kept table holds
    were seen before."""
    if not two_tables(session):
        seen = _kept_ids(session, table, event_ids)
        unseen = [event_id for event_id in event_ids if event_id not in seen]
        insert_chunks(
            session,
            SinkEventRow,
            [{"table_name": table, "event_id": event_id, "seen_at": now} for event_id in unseen],
        )
        return set(unseen)
    connection = session.connection()
    dialect = connection.dialect
    # The driver's own statements and cursor, in the session's transaction: the ORM's
    # parameter handling and the result's row objects cost more than the insert; seen_at
    # converted once, as the ORM would.
    recent, kept = core_table(SinkRecentEventRow), core_table(SinkEventRow)
    convert = recent.c.seen_at.type.dialect_impl(dialect).bind_processor(dialect)
    seen_at = convert(now) if convert is not None else now
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    new: set[str] = set()
    try:
        # In key order: one pass along each index rather than a random page per id.
        for chunk in chunks(sorted(event_ids)):
            # Only the tables' names and placeholders in the text; the values are parameters.
            values = ", ".join([f"({mark}, {mark}, {mark})"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {recent.name} (table_name, event_id, seen_at) "  # noqa: S608
                f"VALUES {values} ON CONFLICT DO NOTHING RETURNING event_id",
                [value for event_id in chunk for value in (table, event_id, seen_at)],
            )
            candidates = sorted(row[0] for row in cursor.fetchall())
            if not candidates:
                continue
            cursor.execute(
                f"SELECT event_id FROM {kept.name} WHERE table_name = {mark} "  # noqa: S608
                f"AND event_id IN ({', '.join([mark] * len(candidates))})",
                [table, *candidates],
            )
            new.update(candidates)
            new.difference_update(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()
    return new


def merge_recent(session: Session) -> int:
    """Move the recent ids into the kept table, in key order (each page of its index written
    once); how many ids the kept table gained. One statement on PostgreSQL (what its delete
    saw is what is inserted); SQLite holds its write lock over the transaction."""
    if not two_tables(session):
        return 0
    recent, kept = core_table(SinkRecentEventRow).name, core_table(SinkEventRow).name
    columns = "table_name, event_id, seen_at"
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        moved = connection.exec_driver_sql(
            f"WITH moved AS (DELETE FROM {recent} RETURNING {columns}) "  # noqa: S608
            f"INSERT INTO {kept} ({columns}) SELECT {columns} FROM moved "
            "ORDER BY table_name, event_id ON CONFLICT DO NOTHING"
        )
        return int(moved.rowcount)
    # "WHERE true": SQLite would read ON CONFLICT as a join's ON otherwise.
    inserted = connection.exec_driver_sql(
        f"INSERT INTO {kept} ({columns}) SELECT {columns} FROM {recent} "  # noqa: S608
        "WHERE true ORDER BY table_name, event_id ON CONFLICT DO NOTHING"
    )
    connection.exec_driver_sql(f"DELETE FROM {recent}")  # noqa: S608
    return int(inserted.rowcount)


def _kept_ids(session: Session, table: str, event_ids: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    for chunk in chunks(event_ids):
        seen.update(
            session.scalars(
                select(SinkEventRow.event_id).where(
                    SinkEventRow.table_name == table, SinkEventRow.event_id.in_(chunk)
                )
            )
        )
    return seen
