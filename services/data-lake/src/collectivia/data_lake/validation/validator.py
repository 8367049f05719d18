"""Validate a file's table against a Table Schema: the outcome is a French report and, when
the table is valid, its typed Arrow table.

The steps: the file's columns matched to the schema's fields by name (``alignment``); every
cell checked as frictionless checks it, column by column (``columns``; ``engine=
"frictionless"`` runs frictionless itself, row by row: slower, same verdict); the schema's
custom checks (``custom_checks``); the report (``report``). The typed table has the
schema's fields in its order (an absent optional column is all null), each of its Arrow type
(``arrow_types``), missing values null.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation import columns, reference
from collectivia.data_lake.validation.alignment import AlignedTable, align
from collectivia.data_lake.validation.arrow_types import arrow_type
from collectivia.data_lake.validation.checking import CheckContext
from collectivia.data_lake.validation.custom_checks import run_checks
from collectivia.data_lake.validation.findings import CellResults, Finding
from collectivia.data_lake.validation.raw_tables import RawTable
from collectivia.data_lake.validation.report import (
    ValidationIssue,
    ValidationReport,
    build_report,
)
from collectivia.data_lake.validation.schemas import TableSchemaDefinition

__all__ = ["Engine", "ValidationIssue", "ValidationOutcome", "ValidationReport", "validate"]

Engine = Literal["columnar", "frictionless"]


@dataclass(frozen=True)
class ValidationOutcome:
    report: ValidationReport
    table: pa.Table | None

    @property
    def valid(self) -> bool:
        return self.report.valid


def validate(
    table: RawTable,
    schema: TableSchemaDefinition,
    *,
    max_errors: int = 1000,
    engine: Engine = "columnar",
) -> ValidationOutcome:
    aligned = align(table, schema)
    cells = (columns if engine == "columnar" else reference).check_cells(aligned)
    findings = findings_of(aligned, cells, schema)
    report = build_report(
        findings,
        definition=schema,
        row_count=table.row_count,
        header_row=table.header_row,
        warnings=[*table.warnings, *aligned.warnings],
        max_errors=max_errors,
    )
    typed = typed_table(aligned, cells, schema) if report.valid else None
    return ValidationOutcome(report=report, table=typed)


def findings_of(
    aligned: AlignedTable, cells: CellResults, schema: TableSchemaDefinition
) -> list[Finding]:
    blank = set(pc.indices_nonzero(cells.blank_rows).to_pylist())
    context = CheckContext(
        columns=cells.columns,
        present=aligned.present,
        blank_rows=cells.blank_rows,
        row_count=aligned.row_count,
    )
    custom = run_checks([(c.name, c.params) for c in schema.custom_checks], context)
    return [
        *aligned.findings,
        *(f for f in aligned.row_findings if f.row not in blank),
        *cells.findings,
        *custom,
    ]


def typed_table(
    aligned: AlignedTable, cells: CellResults, schema: TableSchemaDefinition
) -> pa.Table:
    arrays = []
    fields = []
    for schema_field in schema.schema.fields:
        kind = arrow_type(schema_field)
        checked = cells.columns.get(schema_field.name)
        arrays.append(checked.typed if checked else pa.nulls(aligned.row_count, kind))
        fields.append(pa.field(schema_field.name, kind, nullable=not schema_field.required))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
