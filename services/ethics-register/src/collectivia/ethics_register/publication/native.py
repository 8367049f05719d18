"""The collectivity's own open-data format: every public field of every published entry.

JSON keeps the record's structure, with ``measured_performance``: the latest performance the
service measured (``null`` before any), its history at ``/v1/systems/{id}/measurements``.
CSV has one row per entry and stable columns derived from the model, not from the data:
nested objects become ``organisation.name``; a list of objects becomes one column per
sub-field (``risks.description``), its items joined with `` | `` in the same order in every
column; a list of strings is joined the same way; a mapping is JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from collectivia.ethics_register.performance.schemas import MeasurementRead
from collectivia.ethics_register.systems.schemas import SystemRead

FORMAT = "collectivia-registre"
FORMAT_VERSION = "1"
JOINER = " | "


def register_document(
    systems: list[SystemRead],
    generated_at: datetime,
    measured: Mapping[str, MeasurementRead | None] | None = None,
) -> dict[str, Any]:
    """``measured``: the latest measurement of each entry, by id."""
    measured = measured or {}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(),
        "systems": [_entry(system, measured.get(system.id)) for system in systems],
    }


def _entry(system: SystemRead, measurement: MeasurementRead | None) -> dict[str, Any]:
    entry = system.model_dump(mode="json")
    entry["measured_performance"] = (
        measurement.model_dump(mode="json") if measurement is not None else None
    )
    return entry


def csv_columns(model: type[BaseModel] = SystemRead, prefix: str = "") -> list[str]:
    """Column names, in the model's field order."""
    columns: list[str] = []
    for name, field in model.model_fields.items():
        inner = _model_in(field.annotation)
        if inner is None:
            columns.append(prefix + name)
        else:
            columns.extend(csv_columns(inner, f"{prefix}{name}."))
    return columns


def register_csv(systems: list[SystemRead]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["id", *(column for column in csv_columns() if column != "id")]
    writer.writerow(columns)
    for system in systems:
        cells = _flatten(system.model_dump(mode="json"), SystemRead)
        writer.writerow([cells.get(column, "") for column in columns])
    return out.getvalue()


def _flatten(data: dict[str, Any], model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    cells: dict[str, str] = {}
    for name, field in model.model_fields.items():
        value = data.get(name)
        inner = _model_in(field.annotation)
        if inner is None:
            cells[prefix + name] = _cell(value)
        elif isinstance(value, list):
            rows = [_flatten(item, inner) for item in value]
            for column in csv_columns(inner):
                cells[f"{prefix}{name}.{column}"] = JOINER.join(row[column] for row in rows)
        else:
            cells.update(_flatten(value or {}, inner, f"{prefix}{name}."))
    return cells


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return JOINER.join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``Model``, ``Model | None`` or ``list[Model]``, if any."""
    origin = get_origin(annotation)
    if origin in (Union, UnionType, list):
        for arg in get_args(annotation):
            if arg is not NoneType and (found := _model_in(arg)) is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
