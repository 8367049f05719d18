"""The file's columns matched to the schema's fields by name, as validata does (the national
validator of these schemas): the order of the columns does not matter.

- a required field without its column: ``missing-label`` error, and the field is left out
  of the cell checks (no error on every row for it);
- an optional field without its column: a warning; its cells are all missing;
- a column named like a field but for case, accents or punctuation (``NOM_Beneficiaire`` for
  ``nomBeneficiaire``): ``incorrect-label`` error, and its cells are checked as the field's
  (the user sees every error at once);
- a column the schema does not have: a warning, the column is dropped;
- a column named twice: ``duplicate-label`` error (the first is checked); a column without a
  name: ``blank-label`` error when it holds data, a warning when it is empty;
- columns in another order than the schema's: a warning.

Rows whose number of cells differs from the header's get ``missing-cell`` (each field
without its cell) and ``extra-cell`` (each cell beyond the header) errors, as frictionless
reports them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Schema
from frictionless.schema.field import Field

from collectivia.data_lake import messages
from collectivia.data_lake.validation.findings import Finding
from collectivia.data_lake.validation.raw_tables import RawTable
from collectivia.data_lake.validation.schemas import TableSchemaDefinition


@dataclass
class AlignedTable:
    """The columns of the fields checked (in the schema's order), the frictionless schema
    of those fields, and what the header matching found."""

    fields: list[Field]
    columns: dict[str, pa.Array]
    present: frozenset[str]
    schema: Schema
    row_count: int
    findings: list[Finding] = field(default_factory=list)
    row_findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def align(table: RawTable, definition: TableSchemaDefinition) -> AlignedTable:
    findings: list[Finding] = []
    warnings: list[str] = []
    positions: dict[str, list[int]] = {}
    for position, label in enumerate(table.header):
        positions.setdefault(label, []).append(position)
    source: dict[str, int] = {}
    used: set[int] = set()
    for schema_field in definition.schema.fields:
        found = positions.get(schema_field.name)
        if found:
            source[schema_field.name] = found[0]
            used.update(found)
            if len(found) > 1:
                findings.append(
                    Finding(
                        "duplicate-label", column=schema_field.name, details={"count": len(found)}
                    )
                )
    for schema_field in definition.schema.fields:
        if schema_field.name in source:
            continue
        lookalike = next(
            (
                position
                for position, label in enumerate(table.header)
                if position not in used and label and folded(label) == folded(schema_field.name)
            ),
            None,
        )
        if lookalike is not None:
            source[schema_field.name] = lookalike
            used.add(lookalike)
            findings.append(
                Finding("incorrect-label", column=schema_field.name, value=table.header[lookalike])
            )
        elif schema_field.required:
            findings.append(Finding("missing-label", column=schema_field.name))
        else:
            warnings.append(messages.MISSING_OPTIONAL_COLUMN.format(column=schema_field.name))
    for position, label in enumerate(table.header):
        if position in used:
            continue
        if label:
            if label not in source:
                warnings.append(messages.EXTRA_COLUMN.format(column=label, schema=definition.title))
        elif has_data(table.columns[position]):
            findings.append(Finding("blank-label", details={"position": position + 1}))
        else:
            warnings.append(messages.UNNAMED_EMPTY_COLUMN.format(position=position + 1))
    order = [source[f.name] for f in definition.schema.fields if f.name in source]
    if order != sorted(order):
        warnings.append(messages.COLUMNS_REORDERED)

    checked = [f for f in definition.schema.fields if f.name in source or not f.required]
    rows = table.row_count
    columns = {
        f.name: table.columns[source[f.name]] if f.name in source else pa.nulls(rows, pa.string())
        for f in checked
    }
    return AlignedTable(
        fields=checked,
        columns=columns,
        present=frozenset(source),
        schema=checked_schema(definition, [f.name for f in checked]),
        row_count=rows,
        findings=findings,
        row_findings=ragged_rows(table, source),
        warnings=warnings,
    )


def folded(label: str) -> str:
    """A label without case, accents, spaces or punctuation: ``nombeneficiaire``."""
    decomposed = unicodedata.normalize("NFD", label.casefold())
    return "".join(c for c in decomposed if c.isalnum() and unicodedata.category(c) != "Mn")


def has_data(column: pa.Array) -> bool:
    return bool(pc.any(pc.not_equal(column, "")).as_py())


def checked_schema(definition: TableSchemaDefinition, names: list[str]) -> Schema:
    """The frictionless schema of the fields checked; its primary key only when all its
    fields are."""
    descriptor = {k: v for k, v in definition.descriptor.items() if k != "custom_checks"}
    kept = set(names)
    descriptor["fields"] = [f for f in descriptor.get("fields", []) if f.get("name") in kept]
    if not set(definition.primary_key) <= kept:
        descriptor.pop("primaryKey", None)
    descriptor.pop("foreignKeys", None)
    return Schema.from_descriptor(descriptor)


def ragged_rows(table: RawTable, source: dict[str, int]) -> list[Finding]:
    """``missing-cell`` and ``extra-cell`` for the rows whose cells do not match the header
    (the validator drops those of blank rows, which frictionless reports as blank only)."""
    if table.cell_counts is None:
        return []
    width = len(table.header)
    findings: list[Finding] = []
    for index, count in enumerate(table.cell_counts):
        if count < width:
            findings.extend(
                Finding("missing-cell", row=index, column=name)
                for name, position in source.items()
                if position >= count
            )
        elif count > width:
            findings.extend(
                Finding("extra-cell", row=index, details={"position": position, "width": width})
                for position in range(width + 1, count + 1)
            )
    return findings
