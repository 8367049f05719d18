"""Telemetry ingestion: an operator's stream of batches, each checked reading by reading
(column by column), its refused readings quarantined one by one, its accepted readings
appended to the dataset's Iceberg table (partitioned by month of ``measured_at``), and
acknowledged once stored.

Who may stream: a DSP operator (realm role ``dsp-operator``) whose contract in force lists
the dataset as continuous; the dataset must be of kind "telemetry".

All or nothing per batch, acknowledged only once stored. Batches waiting when a commit ends
are taken together into the next one (up to ``max_commit_readings`` readings): while one
commit is written, the next batches are read and converted, and a client that streams
faster than one commit per batch gets fewer, larger commits. Each batch's acknowledgement
is sent only after the commit that holds it. A batch id seen before is a duplicate:
acknowledged as it was the first time (``duplicate``), nothing stored again.

Crash safety: a batch is recorded "pending" with its commit's id before the commit, and
"stored" after it. A batch found pending when sent again is resolved by looking for its
commit in the table's history: there, it is confirmed (a duplicate); not there, it is
forgotten and stored anew. Never stored twice, never acknowledged unstored."""

from __future__ import annotations

import logging
import math
import queue
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pyiceberg.exceptions import CommitFailedException
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.contracts.schemas import MeasureRange
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import DatasetKind, DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.telemetry.models import (
    QuarantinedReadingRow,
    TelemetryBatchRow,
    TelemetryDatasetRow,
    TouchedPeriodRow,
)
from collectivia.data_lake.telemetry.readings import (
    MICROS,
    CheckedReadings,
    ReadingRules,
    Rejected,
    check_readings,
)
from collectivia.lakehouse.tables import Lakehouse, Partitioning, Version
from collectivia.platform.errors import (
    DependencyUnavailable,
    DomainError,
    InvalidInput,
    PermissionDenied,
)

log = logging.getLogger(__name__)

BATCH_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
PENDING = "pending"
STORED = "stored"
OPERATION = "telemetry"
# Every telemetry table: partitioned by month of the readings' time.
PARTITIONING = (Partitioning("measured_at", "month"),)
# The stored readings' layout version (DatasetUpdated.schema_version).
SCHEMA_VERSION = "telemetrie-1"
HOUR = "hour"
DAY = "day"
PERIOD_MICROS = {HOUR: 3600 * MICROS, DAY: 86_400 * MICROS}
COMMIT_ATTEMPTS = 3
# How long the read-ahead waits to hand over the end of a stream that nobody reads any more.
GIVE_UP_SECONDS = 60.0


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IncomingBatch:
    """One batch as received: its readings as columns (``readings.RAW_SCHEMA``)."""

    dataset_id: str
    batch_id: str
    readings: pa.Table


@dataclass(frozen=True)
class BatchAck:
    batch_id: str
    accepted: int
    # (position in the batch, reason in French) of each refused reading.
    rejected: tuple[tuple[int, str], ...]
    duplicate: bool
    # The snapshot holding the batch's rows; None when none were accepted.
    snapshot_id: int | None


@dataclass(frozen=True)
class TelemetryLimits:
    max_batch_readings: int
    max_commit_readings: int
    read_ahead_batches: int
    future_skew: timedelta
    max_age: timedelta
    # The measures of a dataset whose contract declares none.
    default_measures: tuple[MeasureRange, ...]


@dataclass(frozen=True)
class _Target:
    """A dataset a stream may write: checked once per stream."""

    dataset: DatasetRead
    contract_id: str
    rules: ReadingRules


@dataclass
class _Stream:
    operator: Reader
    targets: dict[str, _Target] = field(default_factory=dict)


@dataclass(frozen=True)
class _Fresh:
    """A batch seen for the first time, checked."""

    position: int
    batch: IncomingBatch
    checked: CheckedReadings


class TelemetryIngestion:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        datasets: Datasets,
        registry: ContractRegistry,
        lakehouse: Lakehouse,
        limits: TelemetryLimits,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._datasets = datasets
        self._registry = registry
        self._lakehouse = lakehouse
        self.limits = limits
        self._clock = clock
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def ingest(self, batches: Iterable[IncomingBatch], *, operator: Reader) -> Iterator[BatchAck]:
        """Acknowledge each batch of the stream once stored, in order. A malformed batch, or
        one for a dataset the operator may not stream, ends the stream with its error (the
        batches before it are stored and acknowledged first)."""
        stream = _Stream(operator)
        ahead = _ReadAhead(batches, self.limits.read_ahead_batches)
        try:
            while True:
                group: list[IncomingBatch] = []
                error: DomainError | None = None
                readings = 0
                item = ahead.get(wait=True)
                while isinstance(item, IncomingBatch):
                    try:
                        self._admit(stream, item)
                    except DomainError as refused:
                        error = refused
                        break
                    group.append(item)
                    readings += item.readings.num_rows
                    if readings >= self.limits.max_commit_readings:
                        break
                    item = ahead.get(wait=False)
                if group:
                    yield from self._store(group, stream)
                if error is not None:
                    raise error
                if item is None:
                    return
        finally:
            ahead.close()

    def store(self, batches: Sequence[IncomingBatch], *, operator: Reader) -> list[BatchAck]:
        """Store ``batches`` in one commit per dataset (no read-ahead): their acks, in order."""
        stream = _Stream(operator)
        for batch in batches:
            self._admit(stream, batch)
        return self._store(list(batches), stream)

    def _admit(self, stream: _Stream, batch: IncomingBatch) -> None:
        if not batch.dataset_id:
            raise InvalidInput(messages.BATCH_DATASET_REQUIRED)
        if not BATCH_ID.match(batch.batch_id):
            raise InvalidInput(messages.BATCH_ID_INVALID.format(batch_id=batch.batch_id[:100]))
        count = batch.readings.num_rows
        if count > self.limits.max_batch_readings:
            raise InvalidInput(
                messages.BATCH_TOO_LARGE.format(
                    batch_id=batch.batch_id, count=count, limit=self.limits.max_batch_readings
                )
            )
        if batch.dataset_id not in stream.targets:
            stream.targets[batch.dataset_id] = self._target(stream.operator, batch.dataset_id)

    def _target(self, operator: Reader, dataset_id: str) -> _Target:
        today = self._clock().date()
        contract, obligation = self._registry.stream_obligation(
            operator=operator, dataset_id=dataset_id[:120], on=today
        )
        dataset = self._datasets.describe(dataset_id)
        if dataset.kind is not DatasetKind.TELEMETRY:
            raise PermissionDenied(
                messages.TELEMETRY_NOT_TELEMETRY.format(
                    dataset_id=dataset_id, kind=dataset.kind.value
                )
            )
        rules = ReadingRules(
            obligation.measures or self.limits.default_measures,
            future_skew=self.limits.future_skew,
            max_age=self.limits.max_age,
        )
        return _Target(dataset, contract.id, rules)

    def _store(self, group: list[IncomingBatch], stream: _Stream) -> list[BatchAck]:
        by_dataset: dict[str, list[tuple[int, IncomingBatch]]] = {}
        for position, batch in enumerate(group):
            by_dataset.setdefault(batch.dataset_id, []).append((position, batch))
        acks: dict[int, BatchAck] = {}
        for dataset_id, items in by_dataset.items():
            target = stream.targets[dataset_id]
            with self._lock(dataset_id):
                acks.update(self._store_dataset(target, items, stream.operator))
        return [acks[position] for position in range(len(group))]

    def _store_dataset(
        self, target: _Target, items: list[tuple[int, IncomingBatch]], operator: Reader
    ) -> dict[int, BatchAck]:
        dataset_id = target.dataset.id
        now = self._clock()
        known = self._known(dataset_id, {batch.batch_id for _, batch in items})
        acks: dict[int, BatchAck] = {}
        fresh: list[_Fresh] = []
        repeated: list[tuple[int, str]] = []  # a batch id twice in the same group
        taken: set[str] = set()
        for position, batch in items:
            if batch.batch_id in known:
                acks[position] = replace(known[batch.batch_id], duplicate=True)
            elif batch.batch_id in taken:
                repeated.append((position, batch.batch_id))
            else:
                taken.add(batch.batch_id)
                fresh.append(
                    _Fresh(position, batch, check_readings(batch.readings, target.rules, now=now))
                )
        if fresh:
            acks.update(self._commit(target, fresh, operator, now))
        first_of = {f.batch.batch_id: f.position for f in fresh}
        for position, batch_id in repeated:
            acks[position] = replace(acks[first_of[batch_id]], duplicate=True)
        return acks

    def _commit(
        self, target: _Target, fresh: list[_Fresh], operator: Reader, now: datetime
    ) -> dict[int, BatchAck]:
        dataset_id = target.dataset.id
        commit_id = uuid.uuid4().hex
        accepted = [
            _with_batch_id(f.checked.accepted, f.batch.batch_id)
            for f in fresh
            if f.checked.accepted.num_rows
        ]
        rows = pa.concat_tables(accepted) if accepted else None
        self._record_pending(target, fresh, operator, commit_id, rows, now)
        version: Version | None = None
        if rows is not None:
            try:
                version = self._append(dataset_id, rows, commit_id)
            except Exception:
                log.exception("telemetry commit %s of %s failed", commit_id, dataset_id)
                self._forget(dataset_id, commit_id)
                raise DependencyUnavailable(
                    messages.BATCH_WRITE_FAILED.format(batch_id=fresh[0].batch.batch_id)
                ) from None
            self._datasets.record_version(dataset_id, version, schema_version=SCHEMA_VERSION)
        self._confirm(target, commit_id, version, rows.num_rows if rows is not None else 0)
        snapshot_id = version.snapshot_id if version is not None else None
        log.debug(
            "telemetry commit %s of %s: %d batches, %d readings",
            commit_id,
            dataset_id,
            len(fresh),
            rows.num_rows if rows is not None else 0,
        )
        return {
            f.position: BatchAck(
                batch_id=f.batch.batch_id,
                accepted=f.checked.accepted.num_rows,
                rejected=tuple((r.index, r.reason) for r in f.checked.rejected),
                duplicate=False,
                snapshot_id=snapshot_id if f.checked.accepted.num_rows else None,
            )
            for f in fresh
        }

    def _append(self, dataset_id: str, rows: pa.Table, commit_id: str) -> Version:
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            try:
                return self._lakehouse.write(
                    dataset_id,
                    rows,
                    load_id=commit_id,
                    operation=OPERATION,
                    replace=False,
                    partitioning=PARTITIONING,
                )
            except CommitFailedException:
                # Another writer (a replica) committed first: append again on its version.
                if attempt == COMMIT_ATTEMPTS:
                    raise
                log.info(
                    "telemetry commit %s of %s retried (concurrent commit)", commit_id, dataset_id
                )
        raise AssertionError("unreachable")

    def _record_pending(
        self,
        target: _Target,
        fresh: list[_Fresh],
        operator: Reader,
        commit_id: str,
        rows: pa.Table | None,
        now: datetime,
    ) -> None:
        """The batches (pending), their refused readings and the periods they touch, in one
        transaction, before the commit."""
        dataset_id = target.dataset.id
        quarantined = [
            _quarantined(dataset_id, f.batch.batch_id, commit_id, rejected, now)
            for f in fresh
            for rejected in f.checked.rejected
        ]
        with self._sessions.begin() as session:
            session.add_all(
                TelemetryBatchRow(
                    dataset_id=dataset_id,
                    batch_id=f.batch.batch_id,
                    operator=operator.client_id,
                    contract_id=target.contract_id,
                    commit_id=commit_id,
                    state=PENDING,
                    accepted=f.checked.accepted.num_rows,
                    rejected=[[r.index, r.reason] for r in f.checked.rejected],
                    snapshot_id=None,
                    received_at=now,
                )
                for f in fresh
            )
            if quarantined:
                session.execute(insert(QuarantinedReadingRow), quarantined)
            if rows is not None:
                _touch(session, dataset_id, rows, now)

    def _confirm(
        self, target: _Target, commit_id: str, version: Version | None, appended: int
    ) -> None:
        dataset_id = target.dataset.id
        with self._sessions.begin() as session:
            session.execute(
                update(TelemetryBatchRow)
                .where(
                    TelemetryBatchRow.dataset_id == dataset_id,
                    TelemetryBatchRow.commit_id == commit_id,
                )
                .values(state=STORED, snapshot_id=version.snapshot_id if version else None)
            )
            if version is not None:
                _note_commit(session, dataset_id, target.contract_id, version, appended)

    def _forget(self, dataset_id: str, commit_id: str) -> None:
        """A commit that did not happen: its batches and their refused readings go."""
        with self._sessions.begin() as session:
            session.execute(
                delete(TelemetryBatchRow).where(
                    TelemetryBatchRow.dataset_id == dataset_id,
                    TelemetryBatchRow.commit_id == commit_id,
                )
            )
            session.execute(
                delete(QuarantinedReadingRow).where(
                    QuarantinedReadingRow.dataset_id == dataset_id,
                    QuarantinedReadingRow.commit_id == commit_id,
                )
            )

    def _known(self, dataset_id: str, batch_ids: set[str]) -> dict[str, BatchAck]:
        """The acks of the batches already received; a pending one is resolved first."""
        query = select(TelemetryBatchRow).where(
            TelemetryBatchRow.dataset_id == dataset_id,
            TelemetryBatchRow.batch_id.in_(sorted(batch_ids)),
        )
        with self._sessions() as session:
            rows = list(session.scalars(query))
        pending = {row.commit_id for row in rows if row.state == PENDING}
        if pending:
            self._resolve(dataset_id, pending)
            with self._sessions() as session:
                rows = list(session.scalars(query))
        return {
            row.batch_id: BatchAck(
                batch_id=row.batch_id,
                accepted=row.accepted,
                rejected=tuple((int(i), str(reason)) for i, reason in row.rejected),
                duplicate=True,
                snapshot_id=row.snapshot_id if row.accepted else None,
            )
            for row in rows
        }

    def _resolve(self, dataset_id: str, commit_ids: set[str]) -> None:
        """Pending batches left by a crash between their record and their commit's end."""
        committed: dict[str, int] = {}
        if self._lakehouse.has_table(dataset_id):
            committed = {
                v.load_id: v.snapshot_id
                for v in self._lakehouse.versions(dataset_id)
                if v.load_id in commit_ids
            }
        for commit_id in commit_ids:
            if commit_id in committed:
                log.warning("telemetry commit %s of %s found: confirmed", commit_id, dataset_id)
                with self._sessions.begin() as session:
                    session.execute(
                        update(TelemetryBatchRow)
                        .where(
                            TelemetryBatchRow.dataset_id == dataset_id,
                            TelemetryBatchRow.commit_id == commit_id,
                        )
                        .values(state=STORED, snapshot_id=committed[commit_id])
                    )
            else:
                log.warning(
                    "telemetry commit %s of %s never happened: forgotten", commit_id, dataset_id
                )
                self._forget(dataset_id, commit_id)

    def _lock(self, dataset_id: str) -> threading.Lock:
        """One commit at a time per dataset in this process."""
        with self._locks_guard:
            return self._locks.setdefault(dataset_id, threading.Lock())


def _with_batch_id(rows: pa.Table, batch_id: str) -> pa.Table:
    return rows.append_column(
        "batch_id", pa.repeat(pa.scalar(batch_id, pa.string()), rows.num_rows)
    )


def _quarantined(
    dataset_id: str, batch_id: str, commit_id: str, rejected: Rejected, now: datetime
) -> dict[str, Any]:
    reading = rejected.reading
    value = reading.get("value")
    finite = isinstance(value, float) and math.isfinite(value)
    return {
        "dataset_id": dataset_id,
        "batch_id": batch_id,
        "position": rejected.index,
        "commit_id": commit_id,
        "sensor_id": (reading.get("sensor_id") or "")[:200],
        "measure": (reading.get("measure") or "")[:100],
        "value": value if finite else None,
        "value_text": repr(value)[:40],
        "unit": (reading.get("unit") or "")[:40],
        "measured_at": reading.get("measured_at"),
        "commune": (reading.get("commune") or "")[:20],
        "reason": rejected.reason,
        "received_at": now,
    }


def _touch(session: Session, dataset_id: str, rows: pa.Table, now: datetime) -> None:
    """Mark the hours and days the rows fall in: their aggregates are to publish again."""
    at = pc.cast(rows.column("measured_at"), pa.int64())
    for period, size in PERIOD_MICROS.items():
        starts = pc.unique(pc.multiply(pc.divide(at, size), size)).to_pylist()
        for start in starts:
            session.merge(
                TouchedPeriodRow(
                    dataset_id=dataset_id,
                    period=period,
                    period_start=datetime.fromtimestamp(start / MICROS, UTC),
                    touched_at=now,
                )
            )


def _note_commit(
    session: Session, dataset_id: str, contract_id: str, version: Version, appended: int
) -> None:
    row = session.get(TelemetryDatasetRow, dataset_id)
    if row is None:
        row = TelemetryDatasetRow(
            dataset_id=dataset_id,
            contract_id=contract_id,
            latest_snapshot_id=version.snapshot_id,
            announced_snapshot_id=None,
            rows_since_announced=0,
            updated_at=version.committed_at,
        )
        session.add(row)
    row.contract_id = contract_id
    row.latest_snapshot_id = version.snapshot_id
    row.rows_since_announced = (row.rows_since_announced or 0) + appended
    row.updated_at = version.committed_at


class _End:
    """The stream ended."""


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = _End()
_NOTHING = object()


class _ReadAhead:
    """Reads the stream's batches in a thread of its own (parsing and converting them while
    a commit is written), a few at most ahead."""

    def __init__(self, source: Iterable[IncomingBatch], size: int) -> None:
        self._queue: queue.Queue[IncomingBatch | _End | _Failure] = queue.Queue(maxsize=size)
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(source,), name="telemetry-read-ahead", daemon=True
        )
        self._thread.start()

    def get(self, *, wait: bool) -> IncomingBatch | object | None:
        """The next batch; None at the stream's end; ``_NOTHING`` when none is waiting (and
        ``wait`` is false). Raises what broke the stream."""
        try:
            item = self._queue.get(block=wait)
        except queue.Empty:
            return _NOTHING
        if isinstance(item, _Failure):
            raise item.error
        if isinstance(item, _End):
            return None
        return item

    def close(self) -> None:
        self._stopping.set()

    def _run(self, source: Iterable[IncomingBatch]) -> None:
        try:
            for batch in source:
                if not self._put(batch):
                    return
            self._put(_END, patience=GIVE_UP_SECONDS)
        except BaseException as error:  # the stream broke: the reading side raises it
            self._put(_Failure(error), patience=GIVE_UP_SECONDS)

    def _put(self, item: IncomingBatch | _End | _Failure, patience: float | None = None) -> bool:
        """Queue ``item``, waiting while the queue is full, until the reading side closes
        (or, with ``patience``, for that long: the end of a stream nobody reads any more)."""
        waited = 0.0
        while not self._stopping.is_set() and (patience is None or waited < patience):
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                waited += 0.1
        return False
