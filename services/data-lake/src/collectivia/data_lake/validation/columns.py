"""The columnar engine: frictionless's verdict on every cell, column by column.

Frictionless reads a table row by row in Python (about 33,000 rows a second for a 15-column
schema on two cores); this engine reaches the same verdict more than ten times faster, in two
steps per column:

1. Arrow proves, vectorised, that most cells are valid: a cell passes when its text has a
   shape the frictionless reader of its type surely accepts (``-?[0-9]{1,18}`` for an
   integer, ``AAAA-MM-JJ`` naming a real day for a date...) and its typed value surely meets
   every constraint (bounds compared strictly on doubles: only an exact tie could go either
   way; patterns matched by RE2 only when RE2 cannot accept what Python's ``re`` refuses).
2. Every other cell (an odd shape, a tie with a bound, a type without a fast path: time,
   geopoint...) goes to frictionless's own cell reader, once per distinct value, which says
   exactly what is wrong (``type-error``, ``constraint-error`` and which constraint).

So a cell is valid here exactly when frictionless finds it valid; the tests check the two
engines agree on the shared examples and on generated tables (``reference.py`` runs
frictionless itself). Blank rows, ``unique`` and the primary key follow frictionless too
(``integrity.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Field
from frictionless.fields import BooleanField

from collectivia.data_lake.validation import integrity, patterns
from collectivia.data_lake.validation.alignment import AlignedTable
from collectivia.data_lake.validation.arrow_types import arrow_type, to_arrow
from collectivia.data_lake.validation.findings import CellResults, CheckedColumn, Finding

INTEGER = r"^-?[0-9]{1,18}$"
NUMBER = r"^-?[0-9]{1,30}(?:\.[0-9]{1,30})?$"
YEAR = r"^[0-9]{4}$"
# A day of year 0001 to 9999 (Python's dates have no year 0); the day of month checked after.
DATE = (
    r"^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"
)
# What rfc3986 needs to find a scheme (frictionless's only test of a uri): exact.
URI = r"^[a-zA-Z][a-zA-Z0-9+.-]*:"
# A subset of what the ``validators`` library accepts as an email (local part of letters,
# digits, ``_``, ``-`` and inner dots; a domain of LDH labels ending with a letter).
EMAIL = (
    r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z]$"
)
NUMBER_OPTIONS = ("group_char", "decimal_char", "bare_number", "float_number")
DEFAULT_DATE_FORMATS = ("default", "%Y-%m-%d")

Typed = tuple[pa.Array, pa.Array]  # (cells surely of the type, their typed values)


def check_cells(aligned: AlignedTable) -> CellResults:
    rows = aligned.row_count
    findings: list[Finding] = []
    columns: dict[str, CheckedColumn] = {}
    blank_rows = pa.array([bool(aligned.schema.fields)] * rows, type=pa.bool_())
    for field in aligned.schema.fields:
        checked, found = check_column(field, aligned.columns[field.name])
        columns[field.name] = checked
        findings.extend(found)
        blank_rows = pc.and_(blank_rows, checked.blank)
    findings = with_blank_rows(findings, blank_rows)
    findings.extend(integrity.check(aligned.schema, columns))
    return CellResults(columns=columns, findings=findings, blank_rows=blank_rows)


def with_blank_rows(findings: list[Finding], blank_rows: pa.Array) -> list[Finding]:
    """Frictionless reports a blank row as blank only: its cells' errors are replaced."""
    blank = set(pc.indices_nonzero(blank_rows).to_pylist())
    if not blank:
        return findings
    kept = [f for f in findings if f.row not in blank]
    kept.extend(Finding("blank-row", row=index) for index in sorted(blank))
    return kept


def missing_values(field: Field) -> list[str]:
    if not field.has_defined("missing_values") and field.schema is not None:
        return list(field.schema.missing_values)
    return list(field.missing_values)


def blank_cells(field: Field, raw: pa.Array) -> pa.Array:
    """The missing values: no cell, or a cell the schema counts as missing (``""``...)."""
    missing = pa.array(missing_values(field), type=pa.string())
    return pc.or_(pc.is_null(raw), pc.is_in(raw, value_set=missing).fill_null(False))


def check_column(field: Field, raw: pa.Array) -> tuple[CheckedColumn, list[Finding]]:
    findings: list[Finding] = []
    blank = blank_cells(field, raw)
    if field.required:
        findings.extend(
            Finding("constraint-error", row=i, column=field.name, constraint="required", value="")
            for i in pc.indices_nonzero(blank).to_pylist()
        )
    present = pc.invert(blank)
    fast = fast_typed(field, raw, present)
    if fast is None:
        ok, typed = (
            pa.array([False] * len(raw), type=pa.bool_()),
            pa.nulls(len(raw), arrow_type(field)),
        )
    else:
        ok, typed = fast
        ok = constrained(field, raw, typed, ok)
    rest = pc.and_(present, pc.invert(ok))
    too_large = None
    if pc.any(rest).as_py():
        typed, too_large = read_one_by_one(field, raw, typed, rest, findings)
    typed = pc.if_else(blank, pa.scalar(None, typed.type), typed)
    return CheckedColumn(raw=raw, blank=blank, typed=typed, too_large=too_large), findings


def read_one_by_one(
    field: Field, raw: pa.Array, typed: pa.Array, rest: pa.Array, findings: list[Finding]
) -> tuple[pa.Array, pa.Array | None]:
    """The cells of ``rest`` read by frictionless (each distinct value once): their findings
    added to ``findings``, their values put into ``typed``; and which are whole numbers too
    large for 64 bits (None when none)."""
    indices = pc.indices_nonzero(rest)
    cells: list[str] = raw.take(indices).to_pylist()
    reader = field.create_cell_reader()
    results = {cell: reader(cell) for cell in set(cells)}
    values: list[object] = []
    for index, cell in zip(indices.to_pylist(), cells, strict=True):
        value, notes = results[cell]
        for name in notes or {}:
            if name == "type":
                findings.append(Finding("type-error", row=index, column=field.name, value=cell))
            else:
                findings.append(
                    Finding(
                        "constraint-error",
                        row=index,
                        column=field.name,
                        constraint=name,
                        value=cell,
                    )
                )
        values.append(None if notes and "type" in notes else value)
    replacement, too_large = to_arrow(field, values, list(cells))
    index_list = indices.to_pylist()
    findings.extend(
        Finding("out-of-range", row=index_list[p], column=field.name, value=cells[p])
        for p in too_large
    )
    return pc.replace_with_mask(typed, rest, replacement), marks(
        len(raw), [index_list[p] for p in too_large]
    )


def marks(length: int, positions: list[int]) -> pa.Array | None:
    """A mask of ``length`` true at ``positions``; None when there are none."""
    if not positions:
        return None
    mask = [False] * length
    for position in positions:
        mask[position] = True
    return pa.array(mask, type=pa.bool_())


# --- step 1: the types ----------------------------------------------------------------------


def fast_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    """Which present cells surely have the field's type, and their typed values; None when
    the type has no fast path (every cell then goes to frictionless)."""
    reader = FAST_TYPES.get(field.type)
    if reader is None:
        return None
    return reader(field, raw, present)


def matching(raw: pa.Array, present: pa.Array, regex: str) -> pa.Array:
    return pc.and_(present, pc.match_substring_regex(raw, regex).fill_null(False))


def only(raw: pa.Array, ok: pa.Array) -> pa.Array:
    return pc.if_else(ok, raw, pa.scalar(None, pa.string()))


def string_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    if field.format == "default":
        return present, raw
    if field.format == "uri":
        return matching(raw, present, URI), raw
    if field.format == "email":
        ok = matching(raw, present, EMAIL)
        at = pc.find_substring(raw, "@")
        length = pc.utf8_length(raw)
        short_enough = pc.and_(
            pc.less_equal(at, 64), pc.less_equal(pc.subtract(pc.subtract(length, at), 1), 253)
        )
        return pc.and_(ok, short_enough.fill_null(False)), raw
    return None


def integer_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    if field.has_defined("bare_number"):
        return None
    ok = matching(raw, present, INTEGER)
    return ok, pc.cast(only(raw, ok), pa.int64())


def number_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    if any(field.has_defined(option) for option in NUMBER_OPTIONS):
        return None
    ok = matching(raw, present, NUMBER)
    return ok, pc.cast(only(raw, ok), pa.float64())


def year_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    ok = matching(raw, present, YEAR)
    return ok, pc.cast(only(raw, ok), pa.int32())


def boolean_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    if not isinstance(field, BooleanField):
        return None
    trues = pa.array(list(field.true_values), type=pa.string())
    falses = pa.array(list(field.false_values), type=pa.string())
    is_false = pc.is_in(raw, value_set=falses).fill_null(False)
    is_true = pc.and_(pc.is_in(raw, value_set=trues).fill_null(False), pc.invert(is_false))
    ok = pc.and_(present, pc.or_(is_true, is_false))
    typed = pc.if_else(ok, is_true, pa.scalar(None, pa.bool_()))
    return ok, typed


def date_typed(field: Field, raw: pa.Array, present: pa.Array) -> Typed | None:
    if field.format not in DEFAULT_DATE_FORMATS:
        return None
    ok = matching(raw, present, DATE)
    shaped = only(raw, ok)
    try:
        return ok, pc.cast(shaped, pa.date32())
    except pa.ArrowInvalid:  # a 30 February among them: find it
        parsed = pc.strptime(shaped, format="%Y-%m-%d", unit="s", error_is_null=True)
        day = pc.cast(pc.utf8_slice_codeunits(shaped, 8, 10), pa.int64())
        real = pc.equal(pc.day(parsed), day).fill_null(False)
        ok = pc.and_(ok, real)
        return ok, pc.cast(pc.if_else(ok, parsed, pa.scalar(None, parsed.type)), pa.date32())


FAST_TYPES: dict[str, Callable[[Field, pa.Array, pa.Array], Typed | None]] = {
    "string": string_typed,
    "integer": integer_typed,
    "number": number_typed,
    "year": year_typed,
    "boolean": boolean_typed,
    "date": date_typed,
}


# --- step 1: the constraints ----------------------------------------------------------------

BOUNDS = {
    "minimum": (pc.greater_equal, pc.greater),
    "maximum": (pc.less_equal, pc.less),
    "exclusiveMinimum": (pc.greater, pc.greater),
    "exclusiveMaximum": (pc.less, pc.less),
}


def constrained(field: Field, raw: pa.Array, typed: pa.Array, ok: pa.Array) -> pa.Array:
    """``ok`` narrowed to the cells that surely meet every constraint of the field; all
    false when a constraint has no fast check (frictionless then reads every cell)."""
    for name, constraint in field.constraints.items():
        if constraint is None or name in ("required", "unique"):
            continue
        if name not in field.supported_constraints:  # frictionless ignores it too
            continue
        sure = constraint_met(field, name, constraint, raw, typed)
        if sure is None:
            return pa.array([False] * len(raw), type=pa.bool_())
        ok = pc.and_(ok, sure.fill_null(False))
    return ok


def constraint_met(
    field: Field, name: str, constraint: Any, raw: pa.Array, typed: pa.Array
) -> pa.Array | None:
    kind = field.type
    if name in ("minLength", "maxLength") and kind == "string":
        compare = pc.greater_equal if name == "minLength" else pc.less_equal
        return compare(pc.utf8_length(raw), int(constraint))
    if name == "pattern" and kind == "string":
        regex = patterns.re2_equivalent(str(constraint))
        if regex is None:
            return None
        try:
            return pc.match_substring_regex(raw, regex)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    reader = field.create_value_reader()
    if name == "enum" and kind in ("string", "integer", "year", "date", "boolean"):
        allowed = [reader(value) for value in constraint]
        allowed = [value for value in allowed if value is not None]
        return pc.is_in(typed, value_set=pa.array(allowed, type=typed.type))
    if name in BOUNDS and kind in ("integer", "year", "date", "number"):
        bound = reader(constraint)
        exact, strict = BOUNDS[name]
        if kind == "number":
            # A double equal to the bound may stand for a decimal on either side of it.
            return strict(typed, pa.scalar(float(bound), pa.float64()))
        return exact(typed, pa.scalar(bound, typed.type))
    return None
