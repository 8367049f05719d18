"""``unique`` constraints and the primary key, as frictionless checks them: row by row, a
value (typed: ``1.0`` and ``1.00`` are one number) seen before is an error at the later row,
naming the last row that had it; empty cells are not compared; a primary key whose cells
are all empty is an error.

Arrow first finds the rows whose key occurs twice (typed values cast to text: two values
frictionless finds equal always give the same text, as equal decimals are equal doubles);
only those rows are then compared exactly, with the values frictionless reads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Field, Schema

from collectivia.data_lake.validation.findings import CheckedColumn, Finding

NULL_MARK = "\x00"
TOO_LARGE_MARK = "\x00too large"
SEPARATOR = "\x1f"


def check(schema: Schema, columns: dict[str, CheckedColumn]) -> list[Finding]:
    findings: list[Finding] = []
    for field in schema.fields:
        if field.constraints.get("unique"):
            findings.extend(duplicates(schema, [field], columns, unique=True))
    if schema.primary_key:
        fields = [schema.get_field(name) for name in schema.primary_key]
        findings.extend(duplicates(schema, fields, columns, unique=False))
    return findings


def key_text(column: CheckedColumn) -> pa.Array:
    typed = column.typed
    if pa.types.is_floating(typed.type):
        typed = pc.add(typed, 0.0)  # -0.0 and 0.0 are one value
    text = pc.cast(typed, pa.string())
    if column.too_large is not None:  # all candidates to one another, compared exactly after
        text = pc.if_else(column.too_large, pa.scalar(TOO_LARGE_MARK), text)
    return text.fill_null(NULL_MARK)


def empty(column: CheckedColumn) -> pa.Array:
    """The cells without a value for frictionless: missing, or not of the type."""
    if column.too_large is None:
        return pc.is_null(column.typed)
    return pc.and_(pc.is_null(column.typed), pc.invert(column.too_large))


def duplicates(
    schema: Schema, fields: Sequence[Field], columns: dict[str, CheckedColumn], *, unique: bool
) -> list[Finding]:
    names = [field.name for field in fields]
    parts = [key_text(columns[name]) for name in names]
    keys = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, SEPARATOR)
    findings: list[Finding] = []
    all_empty = pa.array([True] * len(keys), type=pa.bool_())
    for name in names:
        all_empty = pc.and_(all_empty, empty(columns[name]))
    if not unique:
        findings.extend(
            Finding("primary-key", row=index, details={"variant": "blank", "columns": names})
            for index in pc.indices_nonzero(all_empty).to_pylist()
        )
    counts = pc.value_counts(pc.filter(keys, pc.invert(all_empty)))
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if not len(repeated):
        return findings
    candidates = pc.and_(pc.is_in(keys, value_set=repeated), pc.invert(all_empty))
    readers = [field.create_cell_reader() for field in fields]
    seen: dict[tuple[Hashable, ...], int] = {}
    for index in pc.indices_nonzero(candidates).to_pylist():
        raws = [columns[name].raw[index].as_py() for name in names]
        blanks = [columns[name].blank[index].as_py() for name in names]
        key = tuple(
            None if blank else exact(reader, raw)
            for reader, raw, blank in zip(readers, raws, blanks, strict=True)
        )
        if all(part is None for part in key):
            continue
        previous = seen.get(key)
        seen[key] = index
        if previous is None:
            continue
        if unique:
            findings.append(
                Finding(
                    "unique-error",
                    row=index,
                    column=names[0],
                    value=raws[0],
                    details={"previous": previous},
                )
            )
        else:
            findings.append(
                Finding(
                    "primary-key",
                    row=index,
                    value=" | ".join(raw or "" for raw in raws),
                    details={"previous": previous, "columns": names},
                )
            )
    return findings


def exact(reader: Callable[[Any], tuple[Any, Any]], raw: str | None) -> Hashable:
    """The value frictionless compares: what its reader reads (None for a type error)."""
    value, notes = reader(raw)
    if notes and "type" in notes:
        return None
    return value if isinstance(value, Hashable) else repr(value)
