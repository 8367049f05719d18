"""The sink's bookkeeping in the service's database: which events were taken (once each),
the rows waiting for their Iceberg commit, and the telemetry periods already seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Engine,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    inspect,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.officials_analytics.database import Base, UtcDateTime


class SinkEventRow(Base):
    """An event taken into a table: the same id delivered again adds nothing, as long as
    the id is kept (``SinkSettings.sink_event_retention_days``: longer than the topics keep
    their events, so that any event Kafka can still deliver is recognised)."""

    __tablename__ = "sink_events"
    __table_args__ = (Index("ix_sink_events_seen_at", "seen_at"),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # When the event was staged (what the retention counts from); None only in a database
    # older than the column, until ``add_seen_at`` dates those rows.
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class SinkRecentEventRow(Base):
    """An event id staged since the flushing worker last moved the recent ids into
    ``sink_events`` (``sink/seen.py``): a small table, whose index by id stays in memory."""

    __tablename__ = "sink_recent_events"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SinkPendingRow(Base):
    """Rows of one table staged by one batch of events (Arrow IPC stream), waiting for their
    Iceberg commit. A flush claims pending rows under a load id before it commits them to
    Iceberg with that id, and deletes them once committed: a crash in between is resolved by
    looking for the load id in the table's snapshots."""

    __tablename__ = "sink_pending"
    __table_args__ = (
        Index("ix_sink_pending_table_load", "table_name", "load_id"),
        # Never a seq used again (staging order).
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    rows: Mapped[bytes] = mapped_column(LargeBinary)
    row_count: Mapped[int] = mapped_column(Integer)
    # The period keys (one a line) whose earlier rows these replace (telemetry).
    replaces: Mapped[str] = mapped_column(Text, default="")
    staged_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set by the flush that claimed the rows.
    load_id: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class SinkKeyRow(Base):
    """A replacing key seen (a telemetry period): its next publication replaces its rows."""

    __tablename__ = "sink_keys"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)


class SinkErasureRow(Base):
    """A conversation the chat erased (or purged): its rows are deleted from the tables that
    keep conversations (``writer.ERASABLE``), and rows of it arriving later are dropped (an
    event of it delivered late, or replayed). Kept as long as event ids are."""

    __tablename__ = "sink_erasures"

    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # Whether its committed rows were deleted from the Iceberg tables (by the flush).
    applied: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


def add_seen_at(engine: Engine, now: datetime) -> None:
    """A database made before ``sink_events.seen_at``: the column added, its rows dated
    ``now`` (their retention starts from the upgrade: none is forgotten early), its index
    created (the service's tables are created, never migrated, elsewhere)."""
    inspector = inspect(engine)
    if not inspector.has_table("sink_events"):
        return  # created with the column when the tables are
    if "seen_at" in {column["name"] for column in inspector.get_columns("sink_events")}:
        return
    table = SinkEventRow.__table__
    kind = table.c.seen_at.type.compile(dialect=engine.dialect)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE sink_events ADD COLUMN seen_at {kind}")
        connection.execute(update(SinkEventRow).values(seen_at=now))
    for index in table.indexes:  # type: ignore[attr-defined]
        index.create(engine, checkfirst=True)
