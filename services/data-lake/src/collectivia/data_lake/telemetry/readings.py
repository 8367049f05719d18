"""Telemetry readings checked at the door, column by column (pyarrow.compute over the whole
batch, no Python loop per reading): a sensor id of the expected form, a known measure in
its unit, a finite value within the measure's plausible range, a commune's INSEE code when
given, and a time neither in the future (beyond a small clock skew) nor absurdly old.
Each refused reading gets the first reason it fails, in French; only those few are looked
at one by one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.schemas import MeasureRange

SENSOR_ID = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
INSEE_CODE = r"^(\d{5}|2[AB]\d{3})$"
MICROS = 1_000_000

# The readings as they come (one column per field of TelemetryReading) and as they are
# stored (an empty commune is null; the batch id is kept with each row).
RAW_SCHEMA = pa.schema(
    [
        ("sensor_id", pa.string()),
        ("measure", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("measured_at", pa.timestamp("us", tz="UTC")),
        ("commune", pa.string()),
    ]
)
STORED_SCHEMA = RAW_SCHEMA.append(pa.field("batch_id", pa.string()))


class ReadingRules:
    """The measures a dataset takes, their units and plausible ranges, and how far from
    now a reading may be dated."""

    def __init__(
        self, measures: Sequence[MeasureRange], *, future_skew: timedelta, max_age: timedelta
    ) -> None:
        self.measures = tuple(measures)
        self.future_skew = future_skew
        self.max_age = max_age
        # The same, as arrays indexed like ``names``: looked up for a whole batch at once.
        self.names = pa.array([m.measure for m in self.measures], pa.string())
        self.units = pa.array([m.unit for m in self.measures], pa.string())
        self.minimums = pa.array([m.minimum for m in self.measures], pa.float64())
        self.maximums = pa.array([m.maximum for m in self.measures], pa.float64())

    def by_name(self, name: str) -> MeasureRange | None:
        return next((m for m in self.measures if m.measure == name), None)


@dataclass(frozen=True)
class Rejected:
    """A refused reading: its position in its batch, why (French), and what it was."""

    index: int
    reason: str
    reading: dict[str, Any]


@dataclass(frozen=True)
class CheckedReadings:
    accepted: pa.Table
    rejected: tuple[Rejected, ...]


def check_readings(readings: pa.Table, rules: ReadingRules, *, now: datetime) -> CheckedReadings:
    """Split ``readings`` (``RAW_SCHEMA``) into the accepted rows (``RAW_SCHEMA``, empty
    communes as null) and the refused readings with their reasons."""
    if readings.num_rows == 0:
        return CheckedReadings(readings, ())
    sensor = readings.column("sensor_id")
    measure = readings.column("measure")
    value = readings.column("value")
    unit = readings.column("unit")
    commune = readings.column("commune")
    at = pc.cast(readings.column("measured_at"), pa.int64())
    known = pc.index_in(measure, value_set=rules.names)
    now_us = int(now.timestamp() * MICROS)
    failures: list[tuple[str, Any]] = [
        ("sensor", pc.invert(pc.match_substring_regex(sensor, SENSOR_ID))),
        ("measure", pc.is_null(known)),
        ("finite", pc.invert(pc.is_finite(value))),
        (
            "range",
            pc.or_(
                pc.less(value, pc.take(rules.minimums, known)),
                pc.greater(value, pc.take(rules.maximums, known)),
            ),
        ),
        ("unit", pc.not_equal(unit, pc.take(rules.units, known))),
        ("time", pc.equal(at, 0)),
        ("future", pc.greater(at, now_us + int(rules.future_skew.total_seconds() * MICROS))),
        ("old", pc.less(at, now_us - int(rules.max_age.total_seconds() * MICROS))),
        (
            "commune",
            pc.and_(
                pc.not_equal(commune, ""),
                pc.invert(pc.match_substring_regex(commune, INSEE_CODE)),
            ),
        ),
    ]
    masks = [(name, pc.fill_null(mask, False)) for name, mask in failures]
    refused = masks[0][1]
    for _name, mask in masks[1:]:
        refused = pc.or_(refused, mask)
    if not pc.any(refused).as_py():
        return CheckedReadings(_stored_form(readings), ())
    indices = pc.indices_nonzero(refused)
    reasons = _reasons(readings.take(indices), [(n, m.take(indices)) for n, m in masks], rules)
    rejected = tuple(
        Rejected(index, reason, reading)
        for index, (reason, reading) in zip(indices.to_pylist(), reasons, strict=True)
    )
    return CheckedReadings(_stored_form(readings.filter(pc.invert(refused))), rejected)


def _stored_form(readings: pa.Table) -> pa.Table:
    commune = readings.column("commune")
    return readings.set_column(
        readings.schema.get_field_index("commune"),
        "commune",
        pc.if_else(pc.equal(commune, ""), pa.scalar(None, pa.string()), commune),
    )


def _reasons(
    refused: pa.Table, masks: Sequence[tuple[str, Any]], rules: ReadingRules
) -> list[tuple[str, dict[str, Any]]]:
    rows = refused.to_pylist()
    flags = {name: mask.to_pylist() for name, mask in masks}
    names = [name for name, _ in masks]
    return [
        (_reason(next(n for n in names if flags[n][i]), row, rules), row)
        for i, row in enumerate(rows)
    ]


def _reason(failure: str, row: dict[str, Any], rules: ReadingRules) -> str:
    measure = rules.by_name(row["measure"] or "")
    if failure == "sensor":
        return messages.READING_SENSOR_INVALID.format(sensor_id=_short(row["sensor_id"]))
    if failure == "measure" or measure is None:
        return messages.READING_MEASURE_UNKNOWN.format(
            measure=_short(row["measure"]),
            known=", ".join(f"« {m.measure} »" for m in rules.measures),
        )
    if failure == "finite":
        return messages.READING_VALUE_NOT_FINITE.format(value=row["value"], measure=measure.measure)
    if failure == "range":
        return messages.READING_OUT_OF_RANGE.format(
            value=_number(row["value"]),
            measure=measure.measure,
            minimum=_number(measure.minimum),
            maximum=_number(measure.maximum),
            unit=measure.unit,
        )
    if failure == "unit":
        return messages.READING_UNIT.format(
            unit=_short(row["unit"]), measure=measure.measure, expected=measure.unit
        )
    if failure == "time":
        return messages.READING_TIME_MISSING
    if failure == "future":
        return messages.READING_IN_FUTURE.format(
            measured_at=_moment(row["measured_at"]),
            skew=int(rules.future_skew.total_seconds()),
        )
    if failure == "old":
        return messages.READING_TOO_OLD.format(
            measured_at=_moment(row["measured_at"]), days=rules.max_age.days
        )
    return messages.READING_COMMUNE_INVALID.format(commune=_short(row["commune"]))


def _short(text: str | None, limit: int = 80) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    """A French decimal: « 12,5 », « 25 »."""
    return f"{value:g}".replace(".", ",")


def _moment(at: datetime | None) -> str:
    return at.astimezone(UTC).isoformat() if at is not None else ""
