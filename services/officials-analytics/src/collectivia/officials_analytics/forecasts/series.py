"""The monthly series the forecasts are made on, grouped over the analytics tables by the
query engine (DuckDB embedded or Trino, the same SQL):

- ``demand``: answers of the citizen chat (``chat_answers``) per month — for the whole
  territory, per theme, per commune, per commune and theme;
- ``handovers``: requests for an agent (``chat_handoffs``) per month, same groupings;
- ``water``: water consumption, the daily totals of the telemetry measure
  ``consommation`` (``lake_telemetry``, period "day") summed per month — for the whole
  territory and per commune.

A series runs from its first month with a fact to the last complete month (the month before
the current one, Europe/Paris: a month under way would read as a fall). A count series has
zeros where nothing happened; a water month without readings is missing (no reading is not
no consumption). Per commune, a count month with fewer facts than the minimum group size
(but at least one) is masked, and the series is not forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa
from pyiceberg.expressions import AlwaysTrue, And, BooleanExpression, EqualTo, LessThan

from collectivia.lakehouse.engines import EmbeddedDuckDb, QueryEngine, TableRead

# Rows of the telemetry table summed into monthly consumption: the daily aggregates (the
# hourly ones cover the same readings).
TELEMETRY_PERIOD = "day"

# The table is read under this name; {where} keeps the facts that count (values bound).
_COUNTS = """
SELECT theme, commune, month, count(*) AS value,
       GROUPING(theme) AS every_theme, GROUPING(commune) AS every_commune
FROM (SELECT coalesce(theme, '') AS theme, coalesce(commune, '') AS commune, month
      FROM facts WHERE {where})
GROUP BY GROUPING SETS ((month), (theme, month), (commune, month), (theme, commune, month))
"""
_WATER = """
SELECT commune, month, sum(total) AS value, GROUPING(commune) AS every_commune
FROM (SELECT coalesce(commune, '') AS commune, month, total FROM facts WHERE {where})
GROUP BY GROUPING SETS ((month), (commune, month))
"""
_DATASETS = """
SELECT DISTINCT dataset_id FROM facts WHERE {where} AND dataset_id IS NOT NULL
"""
# The name the analytics table is read under in the queries.
SOURCE = "facts"


class SeriesKind(StrEnum):
    DEMAND = "demand"
    WATER = "water"
    HANDOVERS = "handovers"


# The analytics table each kind is built from.
SOURCE_TABLES: Mapping[SeriesKind, str] = {
    SeriesKind.DEMAND: "chat_answers",
    SeriesKind.HANDOVERS: "chat_handoffs",
    SeriesKind.WATER: "lake_telemetry",
}
# The columns each kind's queries read.
SOURCE_COLUMNS: Mapping[SeriesKind, tuple[str, ...]] = {
    SeriesKind.DEMAND: ("theme", "commune", "month"),
    SeriesKind.HANDOVERS: ("theme", "commune", "month"),
    SeriesKind.WATER: ("commune", "month", "total", "measure", "period", "dataset_id"),
}


@dataclass(frozen=True, order=True)
class SeriesKey:
    kind: SeriesKind
    # None: every theme (always None for water).
    theme: str | None = None
    # INSEE code; None: the whole territory.
    commune: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}|{self.theme or '*'}|{self.commune or '*'}"

    @property
    def counts_people(self) -> bool:
        """A count of people's requests in one commune: small months are masked."""
        return self.kind is not SeriesKind.WATER and self.commune is not None


class Problem(StrEnum):
    """Why a series is not forecast."""

    NO_DATA = "no_data"
    SMALL_GROUPS = "small_groups"
    MISSING_MONTHS = "missing_months"
    TOO_SHORT = "too_short"


@dataclass(frozen=True)
class MonthlySeries:
    key: SeriesKey
    # "YYYY-MM", consecutive.
    months: tuple[str, ...]
    # None: masked (a small group) or missing (no reading that month).
    values: tuple[float | None, ...]
    # Months masked because fewer than the minimum group size (and more than none).
    masked: int = 0
    # Water months without any reading.
    missing: int = 0

    def problem(self, min_months: int) -> Problem | None:
        """Why this series may not be forecast; None when it may."""
        if not self.months:
            return Problem.NO_DATA
        if self.masked:
            return Problem.SMALL_GROUPS
        if self.missing:
            return Problem.MISSING_MONTHS
        if len(self.months) < min_months:
            return Problem.TOO_SHORT
        return None

    def known(self) -> list[float]:
        """The values, for a series without masked or missing months."""
        return [value for value in self.values if value is not None]


def month_after(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def month_before(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, inclusive ("YYYY-MM")."""
    months: list[str] = []
    month = first
    while month <= last:
        months.append(month)
        month = month_after(month)
    return months


def series_query(
    kind: SeriesKind, *, before_month: str, water_measure: str, only: SeriesKey | None
) -> tuple[str, list[object]]:
    """The query of the series of ``kind`` (DuckDB and Trino alike) and its parameters: the
    facts before ``before_month``, water's measure and daily aggregates, ``only``'s theme and
    commune."""
    template = _WATER if kind is SeriesKind.WATER else _COUNTS
    clause, parameters = _where(kind, before_month, water_measure, only)
    return template.format(where=clause), parameters


def _where(
    kind: SeriesKind, before_month: str, water_measure: str, only: SeriesKey | None
) -> tuple[str, list[object]]:
    clause, parameters = "month < ?", [before_month]
    if kind is SeriesKind.WATER:
        clause += " AND measure = ? AND period = ?"
        parameters += [water_measure, TELEMETRY_PERIOD]
    if only is not None and only.theme is not None:
        clause += " AND theme = ?"
        parameters.append(only.theme)
    if only is not None and only.commune is not None:
        clause += " AND commune = ?"
        parameters.append(only.commune)
    return clause, list(parameters)


def pushed_filter(
    kind: SeriesKind, *, before_month: str, water_measure: str, only: SeriesKey | None
) -> BooleanExpression:
    """What a scan in this process may skip: the query's WHERE (``_where``) for Iceberg."""
    parts: list[BooleanExpression] = [LessThan(term="month", value=before_month)]
    if kind is SeriesKind.WATER:
        parts += [
            EqualTo(term="measure", value=water_measure),
            EqualTo(term="period", value=TELEMETRY_PERIOD),
        ]
    if only is not None and only.theme is not None:
        parts.append(EqualTo(term="theme", value=only.theme))
    if only is not None and only.commune is not None:
        parts.append(EqualTo(term="commune", value=only.commune))
    expression: BooleanExpression = AlwaysTrue()
    for part in parts:
        expression = And(expression, part)
    return expression


def query_series(
    kind: SeriesKind,
    engine: QueryEngine,
    facts: TableRead,
    *,
    before_month: str,
    min_group_size: int,
    water_measure: str = "consommation",
    only: SeriesKey | None = None,
) -> dict[SeriesKey, MonthlySeries]:
    """Every series of ``kind`` in ``facts`` (its analytics table), grouped by ``engine``, up
    to the month before ``before_month`` ("YYYY-MM": the current month); ``only``: that
    series alone."""
    sql, parameters = series_query(
        kind, before_month=before_month, water_measure=water_measure, only=only
    )
    grouped = engine.run(sql, {SOURCE: facts}, parameters).to_pylist()
    return series_of(kind, grouped, before_month, min_group_size, only)


def build_series(
    kind: SeriesKind,
    facts: pa.Table,
    *,
    before_month: str,
    min_group_size: int,
    water_measure: str = "consommation",
    only: SeriesKey | None = None,
) -> dict[SeriesKey, MonthlySeries]:
    """:func:`query_series` over rows already read (DuckDB embedded)."""
    return query_series(
        kind,
        EmbeddedDuckDb(),
        TableRead.of_rows(facts),
        before_month=before_month,
        min_group_size=min_group_size,
        water_measure=water_measure,
        only=only,
    )


def series_of(
    kind: SeriesKind,
    grouped: list[dict[str, object]],
    before_month: str,
    min_group_size: int,
    only: SeriesKey | None,
) -> dict[SeriesKey, MonthlySeries]:
    """The series from the query's groups (a total of every theme or commune included)."""
    totals: dict[SeriesKey, dict[str, float]] = {}
    for row in grouped:
        month, value = str(row["month"]), row["value"]
        commune = None if row["every_commune"] else str(row["commune"])
        theme = None
        if kind is not SeriesKind.WATER and not row["every_theme"]:
            theme = str(row["theme"])
        if theme == "" or commune == "":
            # Unclassified or without commune (a sensor's unknown commune): totals only.
            continue
        total = float(value) if isinstance(value, int | float) else 0.0
        totals.setdefault(SeriesKey(kind, theme, commune), {})[month] = total
    last = month_before(before_month)
    series = {
        key: _monthly(key, by_month, last, min_group_size)
        for key, by_month in totals.items()
        if only is None or key == only
    }
    if only is not None and only not in series:
        series[only] = MonthlySeries(only, (), ())
    return series


def _monthly(
    key: SeriesKey, by_month: Mapping[str, float], last: str, min_group_size: int
) -> MonthlySeries:
    known = sorted(month for month in by_month if month <= last)
    if not known:
        return MonthlySeries(key, (), ())
    months = months_between(known[0], last)
    values: list[float | None] = []
    masked = missing = 0
    for month in months:
        value = by_month.get(month)
        if key.kind is SeriesKind.WATER:
            if value is None:
                missing += 1
            values.append(value)
            continue
        count = value or 0.0
        if key.counts_people and 0 < count < min_group_size:
            masked += 1
            values.append(None)
        else:
            values.append(count)
    return MonthlySeries(key, tuple(months), tuple(values), masked, missing)


def telemetry_datasets(
    engine: QueryEngine,
    facts: TableRead,
    *,
    before_month: str,
    water_measure: str,
    only: SeriesKey | None = None,
) -> list[str]:
    """The data-lake datasets the water series are summed from (sources of the use)."""
    clause, parameters = _where(SeriesKind.WATER, before_month, water_measure, only)
    found = engine.run(_DATASETS.format(where=clause), {SOURCE: facts}, parameters)
    return sorted(str(value) for value in found.column(0).to_pylist() if value)
