"""What the telemetry tells the suite, every few seconds rather than at every commit:

* ``fr.collectivia.lake.dataset-updated.v1`` (mode "append") for each telemetry dataset
  that got new readings since its last announcement: one event for all the commits of the
  interval, whose ``rows_added`` counts them all. A stream commits several times a second;
  the consumers (analytics, catalogue) want to hear "new readings are there", not every
  commit.
* ``fr.collectivia.lake.telemetry-aggregated.v1`` for each hour and day (UTC) that received
  readings: count, minimum, maximum, mean and total per sensor, measure, unit and commune —
  so a late reading republishes its hour and its day, with the same key
  (``<dataset>/<hour|day>/<start>``; the topic is compacted: the latest stays). An hour's
  aggregate is computed with DuckDB over all that hour's readings as stored (the table's
  files outside the hour are skipped by their statistics), then kept in the service's
  database; a day's is made of its hours' (a day is never read whole). Computing them once
  per interval, not per commit, reads each touched hour once however many commits touched
  it.

The periods to publish and the commits not yet announced are recorded with each commit
(in the service's database): a restart publishes what was left. An event is written to the
outbox in the transaction that clears its record: both or neither; the relay sends it once
committed, at least once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pyiceberg.expressions import And, BooleanExpression, GreaterThanOrEqual, LessThan, Or
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import sessionmaker

from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import APPEND, DatasetUpdates
from collectivia.data_lake.telemetry.models import (
    HourlyAggregateRow,
    TelemetryDatasetRow,
    TouchedPeriodRow,
)
from collectivia.data_lake.telemetry.readings import MICROS
from collectivia.data_lake.telemetry.service import HOUR, SCHEMA_VERSION
from collectivia.events.v1 import lake_pb2
from collectivia.lakehouse.queries import run_query
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

log = logging.getLogger(__name__)

# An hour is 3,600,000,000 microseconds since the epoch (UTC).
HOURLY_SQL = """
SELECT at_us // 3600000000 * 3600000000 AS bucket, sensor_id, measure, unit,
       coalesce(commune, '') AS commune, count(*) AS n, min(value) AS lo, max(value) AS hi,
       sum(value) AS total
FROM readings
GROUP BY bucket, sensor_id, measure, unit, commune
ORDER BY bucket, sensor_id, measure, unit, commune
"""
ONE_HOUR = timedelta(hours=1)


def _now() -> datetime:
    return datetime.now(UTC)


def aggregate_key(dataset_id: str, period: str, start: datetime) -> str:
    return f"{dataset_id}/{period}/{start.astimezone(UTC).isoformat()}"


@dataclass(frozen=True)
class Flushed:
    announced: int
    aggregates: int


class TelemetryPublication:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        datasets: Datasets,
        lakehouse: Lakehouse,
        updates: DatasetUpdates,
        outbox: EventOutbox,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._datasets = datasets
        self._lakehouse = lakehouse
        self._updates = updates
        self._outbox = outbox
        self._clock = clock
        self._lock = threading.Lock()

    def flush(self) -> Flushed:
        """Announce the datasets' new readings and publish the touched periods' aggregates."""
        with self._lock:
            return Flushed(self._announce(), self._aggregate())

    def _announce(self) -> int:
        with self._sessions() as session:
            due = [
                (row.dataset_id, row.contract_id, row.latest_snapshot_id, row.rows_since_announced)
                for row in session.scalars(select(TelemetryDatasetRow))
                if row.announced_snapshot_id != row.latest_snapshot_id
            ]
        announced = 0
        for dataset_id, contract_id, snapshot_id, rows in due:
            version = self._lakehouse.latest_version(dataset_id)
            dataset = self._datasets.describe(dataset_id)
            summary = replace(version, rows_added=rows, rows_removed=0)
            with self._sessions.begin() as session:
                self._updates.announce(
                    session,
                    dataset,
                    summary,
                    mode=APPEND,
                    schema_version=SCHEMA_VERSION,
                    contract_id=contract_id,
                )
                session.execute(
                    update(TelemetryDatasetRow)
                    .where(TelemetryDatasetRow.dataset_id == dataset_id)
                    .values(
                        announced_snapshot_id=snapshot_id,
                        rows_since_announced=TelemetryDatasetRow.rows_since_announced - rows,
                    )
                )
            announced += 1
        return announced

    def _aggregate(self) -> int:
        with self._sessions() as session:
            touched = [
                (row.dataset_id, row.period, row.period_start, row.touched_at)
                for row in session.scalars(select(TouchedPeriodRow))
            ]
        by_dataset: dict[str, list[tuple[str, datetime, datetime]]] = {}
        for dataset_id, period, start, touched_at in touched:
            by_dataset.setdefault(dataset_id, []).append((period, start, touched_at))
        published = 0
        for dataset_id, periods in by_dataset.items():
            published += self._aggregate_dataset(dataset_id, periods)
        return published

    def _aggregate_dataset(
        self, dataset_id: str, periods: list[tuple[str, datetime, datetime]]
    ) -> int:
        dataset = self._datasets.describe(dataset_id)
        hours = sorted({start for period, start, _touched in periods if period == HOUR})
        hourly = self._recompute_hours(dataset_id, hours) if hours else {}
        published = 0
        # The hours first: their aggregates, just stored, make up their days'.
        for period, start, touched_at in sorted(periods, key=lambda p: (p[0] != HOUR, p[1])):
            if period == HOUR:
                aggregates = hourly.get(start, [])
            else:
                aggregates = self._day_from_hours(dataset_id, start)
            payload = lake_pb2.TelemetryAggregated(
                dataset_id=dataset_id,
                period=period,
                period_start=timestamp(start),
                contract_id=dataset.contract_id or "",
                aggregates=[_message(a) for a in aggregates],
            )
            with self._sessions.begin() as session:
                self._outbox.add(session, payload, key=aggregate_key(dataset_id, period, start))
                # Cleared unless touched again meanwhile (then published again next time).
                session.execute(
                    delete(TouchedPeriodRow).where(
                        TouchedPeriodRow.dataset_id == dataset_id,
                        TouchedPeriodRow.period == period,
                        TouchedPeriodRow.period_start == start,
                        TouchedPeriodRow.touched_at == touched_at,
                    )
                )
            published += 1
        return published

    def _recompute_hours(
        self, dataset_id: str, hours: list[datetime]
    ) -> dict[datetime, list[Aggregate]]:
        """The aggregates of the ``hours``, from their readings only (the table's files
        outside those hours are skipped by their statistics), stored for their days."""
        try:
            rows = self._lakehouse.read(
                dataset_id,
                row_filter=_hours_filter(hours),
                columns=("sensor_id", "measure", "unit", "commune", "value", "measured_at"),
            )
        except UnknownTable:
            rows = None
        computed = _hourly_aggregates(rows) if rows is not None and rows.num_rows else {}
        by_hour = {hour: computed.get(hour, []) for hour in hours}
        with self._sessions.begin() as session:
            for hour, aggregates in by_hour.items():
                session.execute(
                    delete(HourlyAggregateRow).where(
                        HourlyAggregateRow.dataset_id == dataset_id,
                        HourlyAggregateRow.hour_start == hour,
                    )
                )
                session.add_all(
                    HourlyAggregateRow(
                        dataset_id=dataset_id,
                        hour_start=hour,
                        sensor_id=a.sensor_id,
                        measure=a.measure,
                        unit=a.unit,
                        commune=a.commune,
                        count=a.count,
                        minimum=a.minimum,
                        maximum=a.maximum,
                        total=a.total,
                    )
                    for a in aggregates
                )
        return by_hour

    def _day_from_hours(self, dataset_id: str, day: datetime) -> list[Aggregate]:
        query = (
            select(
                HourlyAggregateRow.sensor_id,
                HourlyAggregateRow.measure,
                HourlyAggregateRow.unit,
                HourlyAggregateRow.commune,
                func.sum(HourlyAggregateRow.count),
                func.min(HourlyAggregateRow.minimum),
                func.max(HourlyAggregateRow.maximum),
                func.sum(HourlyAggregateRow.total),
            )
            .where(
                HourlyAggregateRow.dataset_id == dataset_id,
                HourlyAggregateRow.hour_start >= day,
                HourlyAggregateRow.hour_start < day + timedelta(days=1),
            )
            .group_by(
                HourlyAggregateRow.sensor_id,
                HourlyAggregateRow.measure,
                HourlyAggregateRow.unit,
                HourlyAggregateRow.commune,
            )
            .order_by(
                HourlyAggregateRow.sensor_id,
                HourlyAggregateRow.measure,
                HourlyAggregateRow.unit,
                HourlyAggregateRow.commune,
            )
        )
        with self._sessions() as session:
            return [
                Aggregate(sensor, measure, unit, commune, int(n), float(lo), float(hi), float(t))
                for sensor, measure, unit, commune, n, lo, hi, t in session.execute(query)
            ]


@dataclass(frozen=True)
class Aggregate:
    """A sensor measure's readings over a period (the mean is total / count)."""

    sensor_id: str
    measure: str
    unit: str
    commune: str
    count: int
    minimum: float
    maximum: float
    total: float


def _message(aggregate: Aggregate) -> lake_pb2.TelemetryAggregate:
    return lake_pb2.TelemetryAggregate(
        sensor_id=aggregate.sensor_id,
        measure=aggregate.measure,
        unit=aggregate.unit,
        commune=aggregate.commune,
        count=aggregate.count,
        minimum=aggregate.minimum,
        maximum=aggregate.maximum,
        mean=aggregate.total / aggregate.count if aggregate.count else 0.0,
        total=aggregate.total,
    )


def _hours_filter(hours: list[datetime]) -> BooleanExpression:
    """The readings of the ``hours`` (sorted): consecutive hours as one range."""
    ranges: list[tuple[datetime, datetime]] = []
    for hour in hours:
        if ranges and ranges[-1][1] == hour:
            ranges[-1] = (ranges[-1][0], hour + ONE_HOUR)
        else:
            ranges.append((hour, hour + ONE_HOUR))
    expressions: list[BooleanExpression] = [
        And(
            GreaterThanOrEqual(term="measured_at", value=start.isoformat()),
            LessThan(term="measured_at", value=end.isoformat()),
        )
        for start, end in ranges
    ]
    expression = expressions[0]
    for more in expressions[1:]:
        expression = Or(expression, more)
    return expression


def _hourly_aggregates(rows: pa.Table) -> dict[datetime, list[Aggregate]]:
    """The aggregates of ``rows`` per hour (UTC)."""
    readings = rows.append_column("at_us", pc.cast(rows.column("measured_at"), pa.int64()))
    result = run_query(HOURLY_SQL, {"readings": readings.drop_columns(["measured_at"])})
    grouped: dict[datetime, list[Aggregate]] = {}
    for row in result.to_pylist():
        hour = datetime.fromtimestamp(int(row["bucket"]) / MICROS, UTC)
        grouped.setdefault(hour, []).append(
            Aggregate(
                row["sensor_id"],
                row["measure"],
                row["unit"],
                row["commune"],
                int(row["n"]),
                float(row["lo"]),
                float(row["hi"]),
                float(row["total"]),
            )
        )
    return grouped


class PublicationWatch:
    """A thread that flushes the telemetry's announcements and aggregates every
    ``interval_seconds`` until stopped (and once more as it stops)."""

    def __init__(self, publication: TelemetryPublication, interval_seconds: float) -> None:
        self.publication = publication
        self.interval_seconds = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="telemetry-publication", daemon=True)

    @classmethod
    def started(
        cls, publication: TelemetryPublication, interval_seconds: float
    ) -> PublicationWatch:
        watch = cls(publication, interval_seconds)
        watch._thread.start()
        return watch

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            stopping = self._stopping.wait(self.interval_seconds)
            try:
                flushed = self.publication.flush()
                if flushed.announced or flushed.aggregates:
                    log.info(
                        "telemetry: %d datasets announced, %d aggregates published",
                        flushed.announced,
                        flushed.aggregates,
                    )
            except Exception:  # thread edge: log, try again at the next round
                log.exception("telemetry publication failed; retried at the next round")
            if stopping:
                return
