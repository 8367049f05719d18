"""What the charts and the report show, taken from the indicators' domain object (never
computed again here): an indicator's result as a :class:`~.charts.Chart` — its shown cells
only, its suppressed cells counted, never drawn nor listed — and the groups' values in
French words."""

from __future__ import annotations

from collections.abc import Sequence

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.catalogue import DIMENSION_LABELS
from collectivia.officials_analytics.indicators.declarations import (
    COMMUNE,
    MONTH,
    Count,
    CountDistinct,
    CountLess,
    Indicator,
    Sum,
)
from collectivia.officials_analytics.indicators.engine import KpiResult
from collectivia.officials_analytics.pages.charts import Bar, Chart, month_label, period_label
from collectivia.officials_analytics.storage.communes import CommuneDirectory
from collectivia.platform.errors import FieldError, InvalidInput

# The key indicators of the dashboard and of the council's report, in their order.
KEY_INDICATORS = (
    "questions-posees",
    "taux-de-reponse",
    "demandes-agent",
    "satisfaction",
    "propositions-ia-acceptees",
    "propositions-ia-modifiees",
    "propositions-ia-ecartees",
    "consommation-eau",
)

# The values the sink writes, as people read them (the page's script has the same list).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "outcome": {
        "answered": "Répondue par l'assistant",
        "refused": "Sans réponse",
        "handed_over": "Transmise à un agent",
        "completed": "Menée à bien",
        "failed": "Échec",
    },
    "generative": {"true": "Oui", "false": "Non", "True": "Oui", "False": "Non"},
    "channel": {"conversation": "Conversation", "email": "Courriel", "phone": "Téléphone"},
}


def group_label(dimension: str, value: str, directory: CommuneDirectory | None = None) -> str:
    """A group's value in words: a month "mars 2026", an outcome "Sans réponse", a commune
    its name; an empty value "(non renseigné)"."""
    if dimension == MONTH:
        return month_label(value)
    if not value:
        return messages.PAGES_NO_VALUE
    if dimension == COMMUNE and directory is not None:
        return directory.name(value)
    return VALUE_LABELS.get(dimension, {}).get(value, value)


def additive(indicator: Indicator) -> bool:
    """Counts and sums add up over months and groups (a difference of counts too); shares,
    medians and means do not."""
    aggregate = indicator.aggregate
    if isinstance(aggregate, CountLess):
        return not aggregate.percent
    return isinstance(aggregate, Count | CountDistinct | Sum)


def scope_label(result: KpiResult, directory: CommuneDirectory | None = None) -> str:
    """Whose figures: "commune Montigny-lès-Metz" (its code while the member communes'
    reference lacks it), "communes Metz, Woippy", "toutes les communes", or the whole
    collectivity's for an indicator without communes."""
    names = directory or CommuneDirectory()
    if not result.indicator.per_commune:
        return messages.PAGES_WHOLE_COLLECTIVITY
    if not result.communes:
        return messages.PAGES_EVERY_COMMUNE
    if len(result.communes) == 1:
        return messages.PAGES_ONE_COMMUNE.format(commune=names.name(result.communes[0]))
    return messages.PAGES_COMMUNES.format(
        communes=messages.LIST_SEPARATOR.join(names.name(c) for c in result.communes)
    )


def chart_of(result: KpiResult, directory: CommuneDirectory | None = None) -> Chart:
    """The chart of one indicator's result: by one dimension, or its one value when grouped
    by none. Suppressed cells are counted, not drawn."""
    if len(result.group_by) > 1:
        raise InvalidInput(
            messages.PAGES_CHART_ONE_DIMENSION,
            [FieldError("group_by", messages.PAGES_CHART_ONE_DIMENSION)],
        )
    dimension = result.group_by[0] if result.group_by else ""
    shown = [cell for cell in result.cells if not cell.suppressed and cell.value is not None]
    bars = [
        Bar(
            key=cell.dimensions[0] if dimension else "",
            label=group_label(dimension, cell.dimensions[0], directory) if dimension else "",
            value=float(cell.value if cell.value is not None else 0),
        )
        for cell in shown
    ]
    if dimension == MONTH:
        bars.sort(key=lambda bar: bar.key)
    indicator = result.indicator
    return Chart(
        indicator=indicator.label,
        unit=indicator.unit,
        dimension=DIMENSION_LABELS.get(dimension, dimension) if dimension else "",
        scope=scope_label(result, directory),
        period=period_label(result.period.first, result.period.last),
        bars=tuple(bars),
        suppressed=sum(1 for cell in result.cells if cell.suppressed),
        min_group_size=indicator.min_group_size,
        by_month=dimension == MONTH,
        additive=additive(indicator),
        decimals=indicator.decimals,
    )


def rows_of(chart: Chart) -> Sequence[tuple[str, str]]:
    """The chart's data table: each shown group and its value, in words."""
    return [(bar.label or chart.indicator, chart.value(bar.value)) for bar in chart.bars]
