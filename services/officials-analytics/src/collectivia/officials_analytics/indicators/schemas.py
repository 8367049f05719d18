"""What the indicators' HTTP routes answer, and the CSV export: the same cells, the same
suppression, whatever the format."""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel, Field

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.catalogue import DIMENSION_LABELS
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.indicators.engine import KpiResult


class DimensionRead(BaseModel):
    name: str
    label: str


class KpiRead(BaseModel):
    name: str
    label: str
    definition: str
    unit: str
    dimensions: list[DimensionRead]
    # False: the whole collectivity's (no commune filter).
    per_commune: bool
    owner: str
    sources: list[str]
    # Groups smaller than this (facts, or distinct conversations) are not shown.
    min_group_size: int


class CellRead(BaseModel):
    dimensions: dict[str, str]
    # None when suppressed: the group is too small to be shown.
    value: float | None
    suppressed: bool


class KpiValues(BaseModel):
    kpi: KpiRead
    group_by: list[str]
    communes: list[str] = Field(description="Les communes couvertes ; vide : toutes.")
    from_month: str = Field(serialization_alias="from")
    to_month: str = Field(serialization_alias="to")
    cells: list[CellRead]


def kpi_read(indicator: Indicator) -> KpiRead:
    return KpiRead(
        name=indicator.name,
        label=indicator.label,
        definition=indicator.definition,
        unit=indicator.unit,
        dimensions=[
            DimensionRead(name=d.name, label=DIMENSION_LABELS[d.name])
            for d in indicator.all_dimensions
        ],
        per_commune=indicator.per_commune,
        owner=indicator.owner,
        sources=list(indicator.sources),
        min_group_size=indicator.min_group_size,
    )


def kpi_values(result: KpiResult) -> KpiValues:
    return KpiValues(
        kpi=kpi_read(result.indicator),
        group_by=list(result.group_by),
        communes=list(result.communes),
        from_month=result.period.first,
        to_month=result.period.last,
        cells=[
            CellRead(
                dimensions=dict(zip(result.group_by, cell.dimensions, strict=True)),
                value=cell.value,
                suppressed=cell.suppressed,
            )
            for cell in result.cells
        ],
    )


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def kpi_csv(result: KpiResult) -> str:
    """One line per cell: the dimensions asked, the value (empty when suppressed) and whether
    it is suppressed (« secret statistique »)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*result.group_by, messages.CSV_VALUE, messages.CSV_SUPPRESSED])
    for cell in result.cells:
        value = "" if cell.value is None else _number(cell.value, result.indicator.decimals)
        writer.writerow(
            [
                *(_safe(v) for v in cell.dimensions),
                value,
                messages.CSV_YES if cell.suppressed else messages.CSV_NO,
            ]
        )
    return out.getvalue()


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def csv_filename(result: KpiResult) -> str:
    return f"{result.indicator.name}_{result.period.first}_{result.period.last}.csv"
