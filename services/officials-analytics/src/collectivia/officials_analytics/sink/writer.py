"""The row writer: facts staged once by event id, then committed to the Iceberg tables in
large appends.

Two steps, so that every event counts once and Iceberg gets few, large commits (a commit per
poll of 500 events would cost 25 to 100 ms each, growing with the table's metadata, and leave
thousands of small files):

1. **Stage** (the Kafka handlers, the demo): in one database transaction, the events whose id
   the table has not seen are recorded (``sink/seen.py``) and their rows kept in
   ``sink_pending`` (one Arrow IPC blob per table and batch). Ids seen before — a redelivery
   after a crash between this transaction and the Kafka offset commit, a replay of the topics
   — are dropped there. An id is kept for the retention (longer than any topic keeps its
   events), then forgotten by the flushing worker.
2. **Flush** (a worker, every second): a table's pending rows are committed once there are
   ``flush_rows`` of them or the oldest has waited ``flush_delay``. The flush first claims the
   rows under a load id (committed to the database), appends them to the table with that id in
   the snapshot's summary, then deletes them. A crash between the Iceberg commit and the
   deletion leaves the claim: the next flush finds the load id in the table's snapshots and
   only deletes the rows; not there, it appends them (same load id). A table's claims are
   resolved in order before new rows are claimed.

Replacing rows (``lake_telemetry``): a telemetry period published again replaces its earlier
rows. Staging notes, per event, whether its period was seen before; the flush keeps only the
latest publication of each period among the rows it commits, and deletes the earlier
publications' rows from the table in the same Iceberg transaction as it appends.

Several processes may stage into one database (the service's replicas, the demo command); one
commits a table at a time: a claim left by another process — or by this one before a restart —
is taken over once ``claim_timeout`` has passed (that process died)."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
from pyiceberg.expressions import And, BooleanExpression, EqualTo, Or
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from collectivia.lakehouse.tables import LOAD_ID, OPERATION, Lakehouse, Partitioning
from collectivia.officials_analytics.sink.erasure import ConversationErasures
from collectivia.officials_analytics.sink.mapping import Fact
from collectivia.officials_analytics.sink.models import (
    SinkEventRow,
    SinkKeyRow,
    SinkPendingRow,
    add_seen_at,
)
from collectivia.officials_analytics.sink.seen import (
    chunks,
    core_table,
    insert_chunks,
    merge_recent,
    record_new_ids,
)
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id

log = logging.getLogger(__name__)

# The snapshots' operation (``collectivia.operation``) of the sink's commits.
EVENTS_OPERATION = "events"
CREATE_OPERATION = "create"
# Every analytics table is partitioned by its month (the indicators read month by month).
PARTITIONING = (Partitioning("month"),)
# The tables whose rows a later event replaces, and the columns of the replaced key.
REPLACING = {"lake_telemetry": ("dataset_id", "period", "occurred_at")}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FlushLimits:
    # A table's staged rows that start a commit at once.
    flush_rows: int = 20_000
    # The longest a staged row waits for its commit.
    flush_delay: timedelta = timedelta(seconds=30)
    # The most rows in one commit (a backlog is committed in several).
    max_commit_rows: int = 500_000
    # A claim left by another process is taken over after this long.
    claim_timeout: timedelta = timedelta(minutes=5)
    # How often the flushing worker looks for due rows, in seconds.
    check_interval: float = 1.0
    # How long an event id is kept to recognise a redelivery (None: for good); the flushing
    # worker forgets older ones every ``purge_interval``.
    event_retention: timedelta | None = timedelta(days=400)
    purge_interval: timedelta = timedelta(hours=1)
    # The ids staged since the recent ids were last moved into the kept table that start the
    # next move (``sink/seen.py``: the recent table's index stays in memory), and the longest
    # between two moves.
    merge_ids: int = 50_000
    merge_interval: timedelta = timedelta(minutes=1)


class SinkWriter:
    """Stages facts (once per event id) and commits them to the analytics tables."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        lakehouse: Lakehouse,
        *,
        limits: FlushLimits | None = None,
        owner: str | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._lakehouse = lakehouse
        self._limits = limits or FlushLimits()
        # Who claims: this process (a claim it left before a restart is taken over after the
        # timeout, like any other process's).
        self._owner = (owner or f"{socket.gethostname()}:{os.getpid()}")[:64]
        self._clock = clock
        self._flushing = threading.Lock()
        self._purged_at: datetime | None = None
        self._merged_at: datetime | None = None
        self._staged_since_merge = 0
        # Conversations the chat erased: their rows deleted and kept out (sink/erasure.py).
        self.erasures = ConversationErasures(sessions, lakehouse)
        self.staged_events = 0
        self.committed_rows = 0

    @property
    def lakehouse(self) -> Lakehouse:
        return self._lakehouse

    @property
    def limits(self) -> FlushLimits:
        return self._limits

    def ensure_tables(self) -> None:
        """Create the missing tables, empty, so that the indicators can read them at once
        (and date the event ids of a database older than their date: ``add_seen_at``)."""
        add_seen_at(self._sessions.kw["bind"], self._clock())
        for table, schema in TABLES.items():
            if not self._lakehouse.has_table(dataset_id(table)):
                self._lakehouse.write(
                    dataset_id(table),
                    schema.empty_table(),
                    load_id=f"create-{table}",
                    operation=CREATE_OPERATION,
                    replace=False,
                    partitioning=PARTITIONING,
                )

    # --- staging ---------------------------------------------------------------------------

    def stage(self, facts: Iterable[Fact]) -> int:
        """Keep the facts whose event was not seen before (per table), in one transaction;
        how many were new."""
        by_table: dict[str, dict[str, Fact]] = {}
        for fact in facts:
            by_table.setdefault(fact.table, {}).setdefault(fact.event_id, fact)
        if not by_table:
            return 0
        now = self._clock()
        new = 0
        with self._sessions.begin() as session:
            for table, group in by_table.items():
                recorded = record_new_ids(session, table, list(group), now)
                fresh = [fact for event_id, fact in group.items() if event_id in recorded]
                if not fresh:
                    continue
                replaces = _replaced_keys(session, table, fresh)
                rows = [row for fact in fresh for row in fact.rows]
                if rows or replaces:
                    session.execute(
                        insert(core_table(SinkPendingRow)),
                        [
                            {
                                "table_name": table,
                                "rows": to_ipc(rows_table(table, rows)),
                                "row_count": len(rows),
                                "replaces": "\n".join(replaces),
                                "staged_at": now,
                            }
                        ],
                    )
                new += len(fresh)
        self.staged_events += new
        self._staged_since_merge += new
        return new

    def merge_seen_events(self) -> int:
        """Move the ids staged recently into the kept table (``sink/seen.py``); how many."""
        with self._sessions.begin() as session:
            moved = merge_recent(session)
        self._merged_at = self._clock()
        self._staged_since_merge = 0
        return moved

    def _merge_if_due(self, *, force: bool) -> int:
        due = (
            force
            or self._merged_at is None
            or self._staged_since_merge >= self._limits.merge_ids
            or self._merged_at <= self._clock() - self._limits.merge_interval
        )
        return self.merge_seen_events() if due else 0

    # --- retention -------------------------------------------------------------------------

    def purge_seen_events(self) -> int:
        """Forget the event ids staged longer ago than the retention; how many."""
        retention = self._limits.event_retention
        if retention is None:
            return 0
        now = self._clock()
        # The recent ids first: the retention counts from when each was staged.
        self.merge_seen_events()
        with self._sessions.begin() as session:
            purged = session.execute(
                delete(SinkEventRow).where(SinkEventRow.seen_at < now - retention)
            )
        self.erasures.purge(now - retention)
        self._purged_at = now
        count = int(purged.rowcount)  # type: ignore[attr-defined]
        if count:
            log.info("%d event ids past their retention forgotten", count)
        return count

    def purge_if_due(self) -> int:
        """``purge_seen_events`` once every ``purge_interval`` (the flushing worker's round)."""
        due = (
            self._purged_at is None
            or self._purged_at <= self._clock() - self._limits.purge_interval
        )
        return self.purge_seen_events() if due else 0

    # --- flushing --------------------------------------------------------------------------

    def flush(self, *, force: bool = False) -> int:
        """Commit the tables' due rows (every pending row with ``force``); the rows committed."""
        with self._flushing:
            committed = sum(self._flush_table(table, force=force) for table in TABLES)
            # After the commits, under the same lock: no commit in flight brings rows back.
            self.erasures.apply()
            self._merge_if_due(force=force)
            return committed

    def pending_rows(self) -> int:
        with self._sessions() as session:
            total = session.scalar(select(func.coalesce(func.sum(SinkPendingRow.row_count), 0)))
        return int(total or 0)

    def _flush_table(self, table: str, *, force: bool) -> int:
        committed = 0
        for load_id, claimed_by, claimed_at in self._claims(table):
            if (
                claimed_by != self._owner
                and claimed_at > self._clock() - self._limits.claim_timeout
            ):
                return committed  # another process is committing this table
            committed += self._commit(table, load_id, recovering=True)
        while self._due(table, force=force):
            claimed = self._claim(table)
            if claimed is None:
                break
            committed += self._commit(table, claimed, recovering=False)
        return committed

    def _claims(self, table: str) -> list[tuple[str, str, datetime]]:
        with self._sessions() as session:
            claims = session.execute(
                select(
                    SinkPendingRow.load_id,
                    func.min(SinkPendingRow.claimed_by),
                    func.min(SinkPendingRow.claimed_at),
                )
                .where(SinkPendingRow.table_name == table, SinkPendingRow.load_id.is_not(None))
                .group_by(SinkPendingRow.load_id)
                .order_by(func.min(SinkPendingRow.seq))
            ).all()
        return [
            (str(load_id), str(by), _aware(at))
            for load_id, by, at in claims
            if load_id is not None and at is not None
        ]

    def _due(self, table: str, *, force: bool) -> bool:
        with self._sessions() as session:
            count, rows, oldest = session.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(SinkPendingRow.row_count), 0),
                    func.min(SinkPendingRow.staged_at),
                ).where(SinkPendingRow.table_name == table, SinkPendingRow.load_id.is_(None))
            ).one()
        if not count:
            return False
        if force or rows >= self._limits.flush_rows:
            return True
        return oldest is not None and _aware(oldest) <= self._clock() - self._limits.flush_delay

    def _claim(self, table: str) -> str | None:
        """Claim the oldest pending rows of ``table`` (up to ``max_commit_rows``) under a new
        load id; None when another process claimed them first."""
        with self._sessions.begin() as session:
            counts = session.execute(
                select(SinkPendingRow.seq, SinkPendingRow.row_count)
                .where(SinkPendingRow.table_name == table, SinkPendingRow.load_id.is_(None))
                .order_by(SinkPendingRow.seq)
            ).all()
            if not counts:
                return None
            taken: list[int] = []
            total = 0
            for seq, rows in counts:
                if taken and total + rows > self._limits.max_commit_rows:
                    break
                taken.append(seq)
                total += rows
            load_id = uuid.uuid4().hex
            claimed = session.execute(
                update(SinkPendingRow)
                .where(
                    SinkPendingRow.table_name == table,
                    SinkPendingRow.load_id.is_(None),
                    SinkPendingRow.seq >= taken[0],
                    SinkPendingRow.seq <= taken[-1],
                )
                .values(load_id=load_id, claimed_by=self._owner, claimed_at=self._clock())
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 0:  # type: ignore[attr-defined]
                return None
        return load_id

    def _commit(self, table: str, load_id: str, *, recovering: bool) -> int:
        """Append the rows claimed under ``load_id`` (unless an earlier try did: looked up when
        ``recovering`` a claim left behind), then forget them; the rows appended."""
        with self._sessions() as session:
            staged = session.execute(
                select(SinkPendingRow.rows, SinkPendingRow.replaces)
                .where(SinkPendingRow.load_id == load_id)
                .order_by(SinkPendingRow.seq)
            ).all()
        if not staged:
            return 0
        appended = 0
        if recovering and self._written(table, load_id):
            log.info("load %s of %s was committed before: its rows are forgotten", load_id, table)
        else:
            rows = pa.concat_tables([from_ipc(blob) for blob, _ in staged])
            replaced = sorted({key for _, keys in staged for key in keys.splitlines() if key})
            if table in REPLACING:
                rows = latest_per_key(rows, REPLACING[table])
            rows = self.erasures.drop_erased(table, rows)
            self._append(table, rows, load_id=load_id, replaced=replaced)
            appended = rows.num_rows
        self._forget(load_id)
        self.committed_rows += appended
        return appended

    def _forget(self, load_id: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(SinkPendingRow).where(SinkPendingRow.load_id == load_id))

    def _written(self, table: str, load_id: str) -> bool:
        """Whether the table has a snapshot of ``load_id`` (a commit whose bookkeeping a crash
        interrupted)."""
        table_id = dataset_id(table)
        if not self._lakehouse.has_table(table_id):
            return False
        return any(
            snapshot.summary is not None and snapshot.summary.get(LOAD_ID) == load_id
            for snapshot in self._lakehouse.table(table_id).snapshots()
        )

    def _append(self, table: str, rows: pa.Table, *, load_id: str, replaced: Sequence[str]) -> None:
        table_id = dataset_id(table)
        if not replaced or not self._lakehouse.has_table(table_id):
            self._lakehouse.write(
                table_id,
                rows,
                load_id=load_id,
                operation=EVENTS_OPERATION,
                replace=False,
                partitioning=PARTITIONING,
            )
            return
        # The replaced keys' rows deleted and the new ones appended in one transaction.
        iceberg = self._lakehouse.table(table_id)
        properties = {LOAD_ID: load_id, OPERATION: EVENTS_OPERATION}
        with iceberg.transaction() as transaction:
            columns = {field.name for field in iceberg.schema().fields}
            if not set(rows.schema.names) <= columns:
                with transaction.update_schema() as schema:
                    schema.union_by_name(rows.schema)
            transaction.delete(
                keys_filter(REPLACING[table], replaced), snapshot_properties=properties
            )
            transaction.append(rows, snapshot_properties=properties)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _replaced_keys(session: Session, table: str, facts: Sequence[Fact]) -> list[str]:
    """The keys of ``facts`` seen before (their earlier rows are to be replaced); the others
    are recorded as seen."""
    keys = list(dict.fromkeys(fact.replaces for fact in facts if fact.replaces))
    if not keys:
        return []
    known: set[str] = set()
    for chunk in chunks(keys):
        known.update(
            session.scalars(
                select(SinkKeyRow.key).where(
                    SinkKeyRow.table_name == table, SinkKeyRow.key.in_(chunk)
                )
            )
        )
    insert_chunks(
        session, SinkKeyRow, [{"table_name": table, "key": key} for key in keys if key not in known]
    )
    return [key for key in keys if key in known]


def rows_table(table: str, rows: Sequence[dict[str, Any]]) -> pa.Table:
    """The rows as an Arrow table of ``table``'s schema (built column by column: thirty times
    faster than row by row, ``from_pylist``)."""
    schema = TABLES[table]
    return pa.Table.from_pydict(
        {name: [row[name] for row in rows] for name in schema.names}, schema=schema
    )


def to_ipc(rows: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, rows.schema) as writer:
        writer.write_table(rows)
    return bytes(sink.getvalue().to_pybytes())


def from_ipc(blob: bytes) -> pa.Table:
    with pa.ipc.open_stream(blob) as reader:
        return reader.read_all()


def latest_per_key(rows: pa.Table, key: Sequence[str]) -> pa.Table:
    """Of the rows of several publications of one key, those of the last publication only
    (rows in staging order; a publication's rows share its event id)."""
    if rows.num_rows == 0:
        return rows
    columns = [rows.column(name).to_pylist() for name in key]
    events = rows.column("event_id").to_pylist()
    last: dict[tuple[Any, ...], str] = {}
    for position, event_id in enumerate(events):
        last[tuple(column[position] for column in columns)] = event_id
    keep = [
        last[tuple(column[position] for column in columns)] == event_id
        for position, event_id in enumerate(events)
    ]
    if all(keep):
        return rows
    return rows.filter(pa.array(keep))


def keys_filter(columns: Sequence[str], keys: Sequence[str]) -> BooleanExpression:
    """Rows whose ``columns`` equal one of ``keys`` (each a JSON list of the values)."""
    terms: list[BooleanExpression] = []
    for key in keys:
        values = json.loads(key)
        equals = [
            EqualTo(term=column, value=value) for column, value in zip(columns, values, strict=True)
        ]
        terms.append(equals[0] if len(equals) == 1 else And(*equals))
    return terms[0] if len(terms) == 1 else Or(*terms)


class Flusher:
    """The worker that commits due rows every ``check_interval``, and what is left at stop."""

    def __init__(self, writer: SinkWriter, interval: float) -> None:
        self._writer = writer
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sink-flush", daemon=True)

    def start(self) -> Flusher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(60)
        try:
            self._writer.flush(force=True)
        except Exception:  # thread edge: the rows stay staged, committed at the next start
            log.warning(
                "final flush failed; the staged rows wait for the next start", exc_info=True
            )

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self._writer.flush()
            except Exception:  # thread edge: the claim stays, retried at the next round
                log.warning("flush failed, retrying", exc_info=True)
            try:
                self._writer.purge_if_due()
            except Exception:  # thread edge: the old ids stay, purged at a later round
                log.warning("purge of old event ids failed, retrying", exc_info=True)


def start_flushing(writer: SinkWriter) -> Flusher:
    return Flusher(writer, writer.limits.check_interval).start()
