"""The reference engine: frictionless itself reads the aligned table, row by row.

Slower than ``columns`` (about 30,000 rows a second on 15 columns), and kept for that reason:
the tests check the columnar engine reaches the same verdict on every cell, and
``validate(..., engine="frictionless")`` lets an operator compare on a real file.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Resource

from collectivia.data_lake.validation.alignment import AlignedTable
from collectivia.data_lake.validation.arrow_types import to_arrow
from collectivia.data_lake.validation.columns import blank_cells, marks
from collectivia.data_lake.validation.findings import CellResults, CheckedColumn, Finding

CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)"')
PREVIOUS_NOTE = re.compile(r"at position (\d+)")


def check_cells(aligned: AlignedTable) -> CellResults:
    fields = aligned.schema.fields
    names = [field.name for field in fields]
    raw_columns = [aligned.columns[name].to_pylist() for name in names]
    rows: list[list[Any]] = [list(row) for row in zip(*raw_columns, strict=True)]
    findings: list[Finding] = []
    values: dict[str, list[object]] = {name: [] for name in names}
    key = [names.index(name) for name in aligned.schema.primary_key]
    raws = dict(zip(names, raw_columns, strict=True))
    resource = Resource(data=[names, *rows], schema=aligned.schema)
    with resource:
        for row in resource.row_stream:  # type: ignore[attr-defined]
            index = row.row_number - 2
            for name in names:
                values[name].append(row[name])
            findings.extend(finding(error, index, key, raws) for error in row.errors)
    columns: dict[str, CheckedColumn] = {}
    blank_rows = pa.array([bool(fields)] * aligned.row_count, type=pa.bool_())
    for field, raw in zip(fields, raw_columns, strict=True):
        typed, too_large = to_arrow(field, values[field.name], raw)
        findings.extend(
            Finding("out-of-range", row=p, column=field.name, value=raw[p]) for p in too_large
        )
        blank = blank_cells(field, aligned.columns[field.name])
        columns[field.name] = CheckedColumn(
            raw=aligned.columns[field.name],
            blank=blank,
            typed=typed,
            too_large=marks(aligned.row_count, too_large),
        )
        blank_rows = pc.and_(blank_rows, blank)
    return CellResults(columns=columns, findings=findings, blank_rows=blank_rows)


def finding(error: Any, index: int, key: list[int], raws: dict[str, list[str | None]]) -> Finding:
    """The finding of a frictionless error on the row at ``index`` (``key``: the positions
    of the primary key's cells; ``raws``: the cells, by column)."""
    rule = error.type
    column = getattr(error, "field_name", None) or None
    cell = getattr(error, "cell", None)
    if rule == "constraint-error":
        found = CONSTRAINT_NOTE.search(error.note)
        constraint = found.group(1) if found else None
        value = "" if constraint == "required" else cell
        return Finding(rule, row=index, column=column, constraint=constraint, value=value)
    found = PREVIOUS_NOTE.search(error.note or "")
    details = {"previous": int(found.group(1)) - 2} if found else {}
    if rule == "primary-key":
        if not found:
            return Finding(rule, row=index, details={"variant": "blank"})
        value = " | ".join(error.cells[position] for position in key)
        return Finding(rule, row=index, value=value, details=details)
    if rule == "unique-error":  # frictionless gives the typed value: the cell as written
        value = raws[column][index] if column in raws else cell
        return Finding(rule, row=index, column=column, value=value, details=details)
    return Finding(rule, row=index, column=column, value=cell if rule == "type-error" else None)
