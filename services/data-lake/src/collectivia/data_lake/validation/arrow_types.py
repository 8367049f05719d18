"""The Arrow type of each Table Schema type, for the typed table a valid file becomes.

``number`` is ``float64``, not a decimal: Table Schema numbers declare no precision or scale
(amounts with cents, coordinates with 16 decimals, rates: one column may mix them), and every
engine reading the lake (DuckDB, Iceberg, Trino) handles doubles; 15 significant digits keep
amounts up to ten thousand billion euros to the cent. ``datetime`` is ``timestamp[us, UTC]``
(a datetime without time zone, only possible with a custom format, is taken as UTC).
Types without an Arrow counterpart here (time, yearmonth, duration, geopoint, geojson,
object, array, list, any) keep the cell's text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pyarrow as pa
from frictionless import Field

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "year": pa.int32(),
}


def arrow_type(field: Field) -> pa.DataType:
    return ARROW_TYPES.get(field.type, pa.string())


def to_arrow(
    field: Field, values: list[object], raws: list[str | None]
) -> tuple[pa.Array, list[int]]:
    """``values`` (what frictionless read from the cells ``raws``; None for none) as an
    array of the field's Arrow type, and the positions of integers too large for it (left
    null: the validator reports them)."""
    too_large: list[int] = []
    converted: list[object] = []
    kind = field.type
    for position, (value, raw) in enumerate(zip(values, raws, strict=True)):
        if value is None:
            converted.append(None)
        elif kind == "integer":
            if isinstance(value, int) and INT64_MIN <= value <= INT64_MAX:
                converted.append(value)
            else:
                too_large.append(position)
                converted.append(None)
        elif kind == "number":
            converted.append(float(value) if isinstance(value, int | float | Decimal) else None)
        elif kind == "datetime":
            converted.append(as_utc(value))
        elif kind in ARROW_TYPES:
            converted.append(value)
        else:
            converted.append(raw)
    return pa.array(converted, type=arrow_type(field)), too_large


def as_utc(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
