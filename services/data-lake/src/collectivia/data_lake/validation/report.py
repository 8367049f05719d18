"""The validation report: every broken rule worded in French, naming the row, the column, the
rule and the value (cut to 80 characters).

Rows are numbered as a spreadsheet user counts them: ``header_row`` is the header's row (1
for a CSV or XLSX file whose header is the first line), so the first data row is
``header_row + 1``; JSON and Parquet files have no header row (``header_row`` 0) and their
first row is row 1. Errors come sorted: the file and its columns first, then by row and by
the column's place in the schema. ``counts`` counts every error by ``code`` (the rule, with
the broken constraint after a colon: ``constraint-error:pattern``), even beyond the
``max_errors`` listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frictionless import Field
from frictionless.fields import BooleanField

from collectivia.data_lake import messages
from collectivia.data_lake.validation.findings import Finding
from collectivia.data_lake.validation.schemas import TableSchemaDefinition

DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DETAILS_WORDED = ("previous",)
DAY_LAST_FORMATS = ("default", "%Y-%m-%d")


@dataclass(frozen=True)
class ValidationIssue:
    """A broken rule: at ``row`` (as the user counts, None for the file or a column) and
    ``column`` (None for a whole row or the file), ``rule`` (a frictionless error type such as
    ``type-error`` or ``constraint-error``, or a custom check's name), the ``constraint`` a
    ``constraint-error`` breaks, the offending ``value`` (cut to 80 characters) and the French
    ``message`` that says it all."""

    row: int | None
    column: str | None
    rule: str
    message: str
    constraint: str | None = None
    value: str | None = None

    @property
    def code(self) -> str:
        return f"{self.rule}:{self.constraint}" if self.constraint else self.rule


@dataclass(frozen=True)
class ValidationReport:
    schema: str
    valid: bool
    row_count: int
    errors: tuple[ValidationIssue, ...]
    error_count: int
    truncated: bool
    counts: Mapping[str, int]
    warnings: tuple[str, ...] = ()
    header_row: int = 1
    columns: tuple[str, ...] = field(default=())


def build_report(
    findings: list[Finding],
    *,
    definition: TableSchemaDefinition,
    row_count: int,
    header_row: int,
    warnings: list[str],
    max_errors: int,
) -> ValidationReport:
    order = {name: position for position, name in enumerate(definition.field_names)}

    def sort_key(found: Finding) -> tuple[int, int, int, str, str]:
        return (
            -1 if found.row is None else found.row,
            order.get(found.column or "", len(order)),
            int(found.details.get("position", 0)),
            found.rule,
            found.constraint or "",
        )

    ordered = sorted(findings, key=sort_key)
    counts = Counter(f"{f.rule}:{f.constraint}" if f.constraint else f.rule for f in ordered)
    kept = ordered[:max_errors]
    return ValidationReport(
        schema=definition.name,
        valid=not findings,
        row_count=row_count,
        errors=tuple(issue(found, definition, header_row) for found in kept),
        error_count=len(findings),
        truncated=len(findings) > len(kept),
        counts=dict(sorted(counts.items())),
        warnings=tuple(warnings),
        header_row=header_row,
        columns=definition.field_names,
    )


def issue(found: Finding, definition: TableSchemaDefinition, header_row: int) -> ValidationIssue:
    row = None if found.row is None else found.row + header_row + 1
    value = None if found.value is None else messages.shortened(found.value)
    return ValidationIssue(
        row=row,
        column=found.column,
        rule=found.rule,
        constraint=found.constraint,
        value=value,
        message=message(found, definition, row, header_row),
    )


def message(
    found: Finding, definition: TableSchemaDefinition, row: int | None, header_row: int
) -> str:
    words: dict[str, Any] = {
        "where": messages.where(row, found.column),
        "rule": found.rule,
        "column": found.column,
        "value": messages.shortened(found.value or ""),
    }
    schema_field = field_of(definition, found.column)
    if schema_field is not None:
        words.update(constraint_words(schema_field, found))
    words.update({k: v for k, v in found.details.items() if k not in DETAILS_WORDED})
    if "previous" in found.details:
        words["previous"] = found.details["previous"] + header_row + 1
    for key in ("columns", "filled", "missing"):
        if key in words:
            words[key] = messages.listing(list(words[key]))
    if "op" in words:
        words["op"] = messages.OPERATOR_WORDS.get(words["op"], words["op"])
    if "other_value" in words:
        words["other_value"] = messages.shortened(str(words["other_value"] or ""))
    for key in template_keys(found):
        template = messages.ISSUES.get(key)
        if template is None:
            continue
        try:
            return template.format(**words)
        except (KeyError, IndexError):
            break
    generic = messages.ISSUE_WITH_VALUE if found.value else messages.ISSUE_WITHOUT_VALUE
    return generic.format(**words)


def template_keys(found: Finding) -> list[str]:
    keys = []
    if found.constraint:
        keys.append(f"{found.rule}:{found.constraint}")
    variant = found.details.get("variant")
    if variant:
        keys.append(f"{found.rule}:{variant}")
    keys.append(found.rule)
    return keys


def field_of(definition: TableSchemaDefinition, name: str | None) -> Field | None:
    if name is None or not definition.schema.has_field(name):
        return None
    found: Field = definition.schema.get_field(name)
    return found


def constraint_words(schema_field: Field, found: Finding) -> dict[str, Any]:
    """What the messages say of the field: the type expected, the constraint's limit."""
    words: dict[str, Any] = {"expected": expected(schema_field), "hint": hint(schema_field, found)}
    if found.constraint:
        limit = schema_field.constraints.get(found.constraint)
        if found.constraint == "enum" and isinstance(limit, list):
            words["limit"] = messages.listing([str(v) for v in limit])
        else:
            words["limit"] = limit
        words["length"] = len(found.value or "")
    return words


def expected(schema_field: Field) -> str:
    kind, form = schema_field.type, schema_field.format
    text = messages.TYPE_EXPECTED.get(f"{kind}/{form}") or messages.TYPE_EXPECTED.get(kind)
    if text is None:
        return messages.TYPE_EXPECTED_OTHER.format(type=kind)
    if isinstance(schema_field, BooleanField):
        values = [*schema_field.true_values, *schema_field.false_values]
        return text.format(values=messages.listing(values))
    if kind in messages.DEFAULT_TIME_FORMATS:
        if form in ("default", "any"):
            words = messages.DEFAULT_TIME_FORMATS[kind]
        else:
            words = messages.date_format_words(form)
        return text.format(format=words)
    if kind == "geopoint":
        return text.format(format=messages.GEOPOINT_FORMATS.get(form, form))
    return text


def hint(schema_field: Field, found: Finding) -> str:
    """A hint for the usual mistakes: a decimal comma, a date written day first."""
    value = found.value or ""
    if found.rule != "type-error":
        return ""
    if schema_field.type in ("number", "integer") and "," in value:
        return messages.HINT_DECIMAL_COMMA
    day_first = DAY_FIRST_DATE.match(value)
    if schema_field.type == "date" and schema_field.format in DAY_LAST_FORMATS and day_first:
        day, month, year = day_first.groups()
        return messages.HINT_DATE_ORDER.format(iso=f"{year}-{int(month):02d}-{int(day):02d}")
    return ""
