"""``compare-columns-value`` and ``sum-columns-value``, as validata checks them.

``compare-columns-value``: on each row where both cells have a value, ``column`` ``op``
``column2`` must hold (``op``: ``>``, ``>=``, ``==``, ``<=``, ``<``). Numbers (and text that
reads as a number) compare as numbers, dates as dates, other text in alphabetical (code
point) order; a number against a date, say, is an error (the values are not comparable).

``sum-columns-value``: on each row where every cell has a value, ``column`` must equal the sum
of ``columns`` (whole numbers added exactly; decimals added as decimals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation.checking import CheckContext, skipped_rows
from collectivia.data_lake.validation.findings import Finding

OPERATORS: dict[str, Callable[[Any, Any], pa.Array]] = {
    ">": pc.greater,
    ">=": pc.greater_equal,
    "==": pc.equal,
    "<=": pc.less_equal,
    "<": pc.less,
}
# What Python's float() reads (validata's test of a number written as text).
NUMERIC_TEXT = (
    r"^\s*[-+]?(?:(?:[0-9](?:_?[0-9])*)?\.?[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9]+)?"
    r"|[0-9]+\.|(?i:inf|infinity|nan))\s*$"
)


def numbers_of(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Which ``values`` are numbers (or text reading as one), and them as doubles."""
    kind = values.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return pc.is_valid(values), pc.cast(values, pa.float64(), safe=False)
    if pa.types.is_string(kind):
        numeric = pc.match_substring_regex(values, NUMERIC_TEXT).fill_null(False)
        text = pc.if_else(numeric, values, pa.scalar(None, pa.string()))
        doubles = pa.array([as_float(cell) for cell in text.to_pylist()], type=pa.float64())
        return numeric, doubles
    return pa.array([False] * len(values), type=pa.bool_()), pa.nulls(len(values), pa.float64())


def as_float(cell: str | None) -> float | None:
    try:
        return None if cell is None else float(cell)
    except ValueError:
        return None


def compare_columns(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    first, second, op = str(params["column"]), str(params["column2"]), str(params["op"])
    if not (context.is_present(first) and context.is_present(second)):
        return []
    checked = pc.invert(skipped_rows(context, [first, second]))
    left, right = context.typed(first), context.typed(second)
    compare = OPERATORS[op]
    left_numeric, left_numbers = numbers_of(left)
    right_numeric, right_numbers = numbers_of(right)
    both_numeric = pc.and_(left_numeric, right_numeric)
    holds = compare(left_numbers, right_numbers).fill_null(False)
    comparable = both_numeric
    if left.type == right.type:
        holds = pc.if_else(both_numeric, holds, compare(left, right).fill_null(False))
        comparable = pa.array([True] * len(left), type=pa.bool_())
    broken = pc.and_(checked, pc.and_(comparable, pc.invert(holds)))
    odd = pc.and_(checked, pc.invert(comparable))
    findings: list[Finding] = []
    for variant, rows in (("broken", broken), ("incomparable", odd)):
        for index in pc.indices_nonzero(rows).to_pylist():
            findings.append(
                Finding(
                    "compare-columns-value",
                    row=index,
                    column=first,
                    value=context.columns[first].raw[index].as_py(),
                    details={
                        "variant": variant,
                        "op": op,
                        "other": second,
                        "other_value": context.columns[second].raw[index].as_py(),
                    },
                )
            )
    return findings


def sum_columns(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    total_name = str(params["column"])
    names = [str(name) for name in params.get("columns") or []]
    if not all(context.is_present(name) for name in [total_name, *names]):
        return []
    checked = pc.invert(skipped_rows(context, [total_name, *names]))
    typed = [context.typed(name) for name in names]
    total = context.typed(total_name)
    if all(pa.types.is_integer(t.type) for t in [*typed, total]):
        added = pc.cast(typed[0], pa.int64()) if typed else pa.array([0] * len(total))
        try:
            for values in typed[1:]:
                added = pc.add_checked(added, values)
            wrong = pc.not_equal(pc.cast(total, pa.int64()), added).fill_null(False)
            rows = pc.indices_nonzero(pc.and_(checked, wrong)).to_pylist()
            sums = {index: str(added[index].as_py()) for index in rows}
        except pa.ArrowInvalid:  # beyond 64 bits: add them in Python
            rows, sums = decimal_sums(context, total_name, names, checked)
    else:
        rows, sums = decimal_sums(context, total_name, names, checked)
    return [
        Finding(
            "sum-columns-value",
            row=index,
            column=total_name,
            value=context.columns[total_name].raw[index].as_py(),
            details={"columns": names, "total": sums[index]},
        )
        for index in rows
    ]


def decimal_sums(
    context: CheckContext, total_name: str, names: list[str], checked: pa.Array
) -> tuple[list[int], dict[int, str]]:
    rows: list[int] = []
    sums: dict[int, str] = {}
    for index in pc.indices_nonzero(checked).to_pylist():
        try:
            total = Decimal(context.columns[total_name].raw[index].as_py().strip())
            added = sum(
                (Decimal(context.columns[n].raw[index].as_py().strip()) for n in names),
                Decimal(0),
            )
        except (InvalidOperation, AttributeError):
            continue
        if total != added:
            rows.append(index)
            sums[index] = str(added)
    return rows, sums
