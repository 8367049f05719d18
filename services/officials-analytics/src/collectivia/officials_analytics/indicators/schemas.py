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
from collectivia.officials_analytics.storage.communes import CommuneDirectory
from collectivia.platform.errors import FieldError, InvalidInput


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


class CommuneRead(BaseModel):
    code: str = Field(description="Code INSEE.")
    name: str = Field(description="Nom ; le code quand le référentiel ne la connaît pas.")
    population: int | None = None


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
    filters: dict[str, list[str]] = Field(
        default_factory=dict, description="Les valeurs retenues d'autres dimensions (thème...)."
    )
    cells: list[CellRead]
    commune_names: dict[str, str] = Field(
        default_factory=dict,
        description="Le nom de chaque commune citée (couverte ou dans les valeurs), par code "
        "INSEE ; le code lui-même quand le référentiel des communes ne la connaît pas.",
    )


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


def communes_cited(result: KpiResult) -> list[str]:
    """The communes a result names: those covered and those of its cells."""
    cited = set(result.communes)
    if "commune" in result.group_by:
        position = result.group_by.index("commune")
        cited |= {cell.dimensions[position] for cell in result.cells}
    return sorted(c for c in cited if c)


def kpi_values(result: KpiResult, directory: CommuneDirectory | None = None) -> KpiValues:
    names = (directory or CommuneDirectory()).names(communes_cited(result))
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
        filters={name: list(values) for name, values in result.filters},
        commune_names=names,
    )


def parsed_filters(raw: list[str]) -> dict[str, list[str]]:
    """``dimension:value`` pairs (repeated for several values) by dimension."""
    found: dict[str, list[str]] = {}
    for position, pair in enumerate(raw, start=1):
        name, separator, value = pair.partition(":")
        if not separator or not name.strip() or not value.strip():
            # Named by its place, not repeated: it may be anything a person typed.
            detail = messages.FILTER_INVALID.format(position=position)
            raise InvalidInput(detail, [FieldError("filter", detail)])
        found.setdefault(name.strip(), []).append(value.strip())
    return found


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def kpi_csv(result: KpiResult, directory: CommuneDirectory | None = None) -> str:
    """One line per cell: the dimensions asked (the commune's code, then its name), the value
    (empty when suppressed) and whether it is suppressed (« secret statistique »)."""
    names = directory or CommuneDirectory()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header: list[str] = []
    for name in result.group_by:
        header += [name, messages.CSV_COMMUNE_NAME] if name == "commune" else [name]
    writer.writerow([*header, messages.CSV_VALUE, messages.CSV_SUPPRESSED])
    for cell in result.cells:
        value = "" if cell.value is None else _number(cell.value, result.indicator.decimals)
        dimensions: list[str] = []
        for name, given in zip(result.group_by, cell.dimensions, strict=True):
            dimensions += [given, names.name(given)] if name == "commune" else [given]
        writer.writerow(
            [
                *(_safe(v) for v in dimensions),
                value,
                messages.CSV_YES if cell.suppressed else messages.CSV_NO,
            ]
        )
    return out.getvalue()


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def csv_filename(result: KpiResult) -> str:
    return f"{result.indicator.name}_{result.period.first}_{result.period.last}.csv"
