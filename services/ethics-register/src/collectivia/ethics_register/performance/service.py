"""The measured performance of the entries: kept once per event (and per run), for existing
entries only; read as a history and as the latest measurement by ``measured_at``."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.performance.models import PerformanceMeasurementRow
from collectivia.ethics_register.performance.schemas import MeasurementRead, MetricRead
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import FieldError, InvalidInput, NotFound

logger = logging.getLogger(__name__)

_MAX_LENGTHS = {"event_id": 64, "system_id": 64, "service": 100, "run_id": 64, "method": 2000}
_MAX_METRIC_LENGTHS = {"name": 100, "unit": 20, "description": 500}
_MAX_METRICS = 50
_MAX_SOURCES = 100
_MAX_SOURCE_LENGTH = 300


@dataclass(frozen=True)
class Metric:
    name: str
    value: float
    unit: str
    description: str


@dataclass(frozen=True)
class Measurement:
    event_id: str
    system_id: str
    system_version: int
    service: str
    measured_at: datetime
    metrics: tuple[Metric, ...]
    method: str
    data_sources: tuple[str, ...]
    samples: int
    run_id: str


def validate(measurement: Measurement) -> None:
    """What every kept measurement must state; :class:`InvalidInput` naming the fields."""
    errors = [
        FieldError(name, messages.REQUIRED)
        for name in ("event_id", "system_id", "service", "method")
        if not getattr(measurement, name).strip()
    ]
    errors += [
        FieldError(name, messages.at_most_characters(limit))
        for name, limit in _MAX_LENGTHS.items()
        if len(getattr(measurement, name)) > limit
    ]
    if measurement.measured_at.tzinfo is None:
        errors.append(FieldError("measured_at", messages.TIME_ZONE_REQUIRED))
    if measurement.samples < 0:
        errors.append(FieldError("samples", messages.NOT_NEGATIVE))
    if not measurement.metrics:
        errors.append(FieldError("metrics", messages.AT_LEAST_ONE_METRIC))
    if len(measurement.metrics) > _MAX_METRICS:
        errors.append(FieldError("metrics", messages.AT_MOST_ITEMS.format(limit=_MAX_METRICS)))
    for index, metric in enumerate(measurement.metrics):
        errors += _metric_errors(f"metrics[{index}]", metric)
    if len(measurement.data_sources) > _MAX_SOURCES:
        errors.append(FieldError("data_sources", messages.AT_MOST_ITEMS.format(limit=_MAX_SOURCES)))
    if any(len(source) > _MAX_SOURCE_LENGTH for source in measurement.data_sources):
        errors.append(FieldError("data_sources", messages.at_most_characters(_MAX_SOURCE_LENGTH)))
    if errors:
        fields = ", ".join(dict.fromkeys(error.field for error in errors))
        raise InvalidInput(messages.INVALID_MEASUREMENT.format(fields=fields), errors)


def _metric_errors(prefix: str, metric: Metric) -> list[FieldError]:
    errors = []
    if not metric.name.strip():
        errors.append(FieldError(f"{prefix}.name", messages.REQUIRED))
    if not math.isfinite(metric.value):
        errors.append(FieldError(f"{prefix}.value", messages.FINITE_NUMBER_REQUIRED))
    errors += [
        FieldError(f"{prefix}.{name}", messages.at_most_characters(limit))
        for name, limit in _MAX_METRIC_LENGTHS.items()
        if len(getattr(metric, name)) > limit
    ]
    return errors


class PerformanceRecords:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        *,
        system_exists: Callable[[str], bool],
        find_system: Callable[[str, Principal | None], object],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``system_exists``: whether an entry exists, whatever its status (a measurement
        of a draft is kept); ``find_system``: the entry as a reader may see it, raising
        :class:`NotFound` otherwise (a draft's measurements are not public)."""
        self._sessions = sessions
        self._system_exists = system_exists
        self._find_system = find_system
        self._clock = clock

    def record(self, measurement: Measurement) -> bool:
        """Keep a measurement; False when this event (or this run of this entry) is already
        kept. :class:`NotFound` for an entry the register does not have."""
        validate(measurement)
        if not self._system_exists(measurement.system_id):
            raise NotFound(messages.system_not_found(measurement.system_id))
        run_id = measurement.run_id or None
        try:
            with self._sessions.begin() as session:
                known = PerformanceMeasurementRow.event_id == measurement.event_id
                if run_id is not None:
                    known |= (PerformanceMeasurementRow.system_id == measurement.system_id) & (
                        PerformanceMeasurementRow.run_id == run_id
                    )
                count = select(func.count()).select_from(PerformanceMeasurementRow).where(known)
                if session.scalar(count):
                    return False
                session.add(_row(measurement, run_id, self._clock()))
        except IntegrityError:  # the same event, kept by another replica meanwhile
            return False
        logger.info(
            "performance of %s measured by %s (%d figures)",
            measurement.system_id,
            measurement.service,
            len(measurement.metrics),
        )
        return True

    def history(
        self, system_id: str, reader: Principal | None = None, limit: int = 100
    ) -> list[MeasurementRead]:
        """The entry's measurements, latest first; :class:`NotFound` for an entry the reader
        may not see."""
        self._find_system(system_id, reader)
        query = (
            select(PerformanceMeasurementRow)
            .where(PerformanceMeasurementRow.system_id == system_id)
            .order_by(
                PerformanceMeasurementRow.measured_at.desc(), PerformanceMeasurementRow.id.desc()
            )
            .limit(limit)
        )
        with self._sessions() as session:
            return [_read(row) for row in session.scalars(query)]

    def latest(self, system_id: str) -> MeasurementRead | None:
        """The most recent measurement by ``measured_at`` (not by arrival); callers show it
        only for an entry they may show."""
        query = (
            select(PerformanceMeasurementRow)
            .where(PerformanceMeasurementRow.system_id == system_id)
            .order_by(
                PerformanceMeasurementRow.measured_at.desc(), PerformanceMeasurementRow.id.desc()
            )
            .limit(1)
        )
        with self._sessions() as session:
            row = session.scalars(query).first()
            return _read(row) if row is not None else None


def _row(measurement: Measurement, run_id: str | None, now: datetime) -> PerformanceMeasurementRow:
    metrics = [
        {"name": m.name, "value": m.value, "unit": m.unit, "description": m.description}
        for m in measurement.metrics
    ]
    return PerformanceMeasurementRow(
        event_id=measurement.event_id,
        system_id=measurement.system_id,
        system_version=measurement.system_version,
        service=measurement.service,
        run_id=run_id,
        measured_at=measurement.measured_at,
        method=measurement.method,
        metrics=json.dumps(metrics, ensure_ascii=False),
        data_sources=json.dumps(list(measurement.data_sources), ensure_ascii=False),
        samples=measurement.samples,
        recorded_at=now,
    )


def _read(row: PerformanceMeasurementRow) -> MeasurementRead:
    return MeasurementRead(
        system_id=row.system_id,
        system_version=row.system_version,
        service=row.service,
        measured_at=row.measured_at,
        method=row.method,
        metrics=[MetricRead(**metric) for metric in json.loads(row.metrics)],
        data_sources=json.loads(row.data_sources),
        samples=row.samples,
        run_id=row.run_id,
    )
