"""The schemas' ``custom_checks``: the rules of validata (the national validator of the SCDL
schemas) that Table Schema cannot say, run column-wise on the typed cells.

As in validata, a check whose columns are all absent from the file is skipped, and a row
where a compared cell is empty is skipped (``required`` says whether a cell may be empty);
blank rows are skipped too (they are reported as such). A cell of the wrong type counts as
empty here (its type error is already reported), except for ``one-of-required`` and
``cohesive-columns-value``, which ask whether a cell is filled at all.

- ``french-siret-value``: the SIRET checks (``siret.py``);
- ``one-of-required``: ``column`` or ``column2`` filled on each row (both columns absent: one
  error for the file);
- ``year-interval-value``: ``AAAA/AAAA``, the second year after the first; ``AAAA`` alone
  too when ``allow-year-only`` is ``yes`` or ``true``;
- ``cohesive-columns-value``: ``column`` and ``othercolumns`` all filled or all empty on each
  row (some of them absent from the file: one error for the file);
- ``compare-columns-value`` and ``sum-columns-value``: ``comparisons.py``;
- ``nomenclature-actes-value``: ``actes.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation import actes, comparisons, siret
from collectivia.data_lake.validation.checking import CheckContext, skipped_rows
from collectivia.data_lake.validation.findings import Finding

OPERATORS = comparisons.OPERATORS

Run = Callable[[Mapping[str, Any], CheckContext], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    run: Run
    required_params: tuple[str, ...]
    column_params: tuple[str, ...] = ()
    list_params: tuple[str, ...] = ()

    def columns(self, params: Mapping[str, Any]) -> list[str]:
        """The columns ``params`` name (for the schema to declare them)."""
        named = [str(params[p]) for p in self.column_params if p in params]
        for param in self.list_params:
            value = params.get(param)
            if isinstance(value, list):
                named.extend(str(column) for column in value)
        return named


def one_of_required(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    first, second = str(params["column"]), str(params["column2"])
    if not context.is_present(first) and not context.is_present(second):
        return [
            Finding(
                "one-of-required", column=first, details={"variant": "columns", "other": second}
            )
        ]
    neither = pc.and_(pc.invert(context.filled(first)), pc.invert(context.filled(second)))
    rows = pc.and_(neither, pc.invert(context.blank_rows))
    return [
        Finding("one-of-required", row=index, column=first, details={"other": second})
        for index in pc.indices_nonzero(rows).to_pylist()
    ]


YEARS = r"^(?P<first>[0-9]{4})/(?P<second>[0-9]{4})$"


def year_interval(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    column = str(params["column"])
    if not context.is_present(column):
        return []
    year_only = str(params.get("allow-year-only", "false")).lower() in ("true", "yes")
    values = context.text(column)
    checked = pc.invert(skipped_rows(context, [column]))
    parts = pc.extract_regex(values, YEARS)
    is_period = pc.is_valid(parts)
    first = pc.cast(pc.struct_field(parts, "first"), pa.int32())
    second = pc.cast(pc.struct_field(parts, "second"), pa.int32())
    cases = {
        "same": pc.equal(first, second).fill_null(False),
        "reversed": pc.greater(first, second).fill_null(False),
        "format" if year_only else "period": pc.invert(is_period),
    }
    if year_only:
        single = pc.match_substring_regex(values, r"^[0-9]{4}$").fill_null(False)
        cases["format"] = pc.and_(cases["format"], pc.invert(single))
    findings: list[Finding] = []
    raws = context.columns[column].raw
    for variant, rows in cases.items():
        for index in pc.indices_nonzero(pc.and_(rows, checked)).to_pylist():
            findings.append(
                Finding(
                    "year-interval-value",
                    row=index,
                    column=column,
                    value=raws[index].as_py(),
                    details={"variant": variant},
                )
            )
    return findings


def cohesive_columns(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    first = str(params["column"])
    names = [first, *(str(c) for c in params.get("othercolumns") or [])]
    present = [name for name in names if context.is_present(name)]
    if not present:
        return []
    if len(present) < len(names):
        missing = [name for name in names if name not in present]
        return [
            Finding(
                "cohesive-columns-value",
                column=first,
                details={"variant": "columns", "columns": names, "missing": missing},
            )
        ]
    filled = [context.filled(name) for name in names]
    any_filled, all_filled = filled[0], filled[0]
    for mask in filled[1:]:
        any_filled, all_filled = pc.or_(any_filled, mask), pc.and_(all_filled, mask)
    rows = pc.and_(pc.and_(any_filled, pc.invert(all_filled)), pc.invert(context.blank_rows))
    findings: list[Finding] = []
    for index in pc.indices_nonzero(rows).to_pylist():
        which = [name for name, mask in zip(names, filled, strict=True) if mask[index].as_py()]
        findings.append(
            Finding(
                "cohesive-columns-value",
                row=index,
                column=first,
                details={"columns": names, "filled": which},
            )
        )
    return findings


CHECKS: dict[str, CheckSpec] = {
    "french-siret-value": CheckSpec(siret.check, ("column",), ("column",)),
    "one-of-required": CheckSpec(one_of_required, ("column", "column2"), ("column", "column2")),
    "year-interval-value": CheckSpec(year_interval, ("column",), ("column",)),
    "cohesive-columns-value": CheckSpec(
        cohesive_columns, ("column", "othercolumns"), ("column",), ("othercolumns",)
    ),
    "compare-columns-value": CheckSpec(
        comparisons.compare_columns, ("column", "column2", "op"), ("column", "column2")
    ),
    "sum-columns-value": CheckSpec(
        comparisons.sum_columns, ("column", "columns"), ("column",), ("columns",)
    ),
    "nomenclature-actes-value": CheckSpec(actes.check, ("column",), ("column",)),
}


def run_checks(checks: list[tuple[str, Mapping[str, Any]]], context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for name, params in checks:
        findings.extend(CHECKS[name].run(params, context))
    return findings
