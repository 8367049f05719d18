"""The monthly series the forecasts are made on, built with DuckDB over the analytics tables:

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
import pyarrow.compute as pc

from collectivia.lakehouse.queries import run_query

# Rows of the telemetry table summed into monthly consumption: the daily aggregates (the
# hourly ones cover the same readings).
TELEMETRY_PERIOD = "day"

_COUNTS = """
SELECT theme, commune, month, count(*) AS value,
       GROUPING(theme) AS every_theme, GROUPING(commune) AS every_commune
FROM (SELECT coalesce(theme, '') AS theme, coalesce(commune, '') AS commune, month FROM facts)
GROUP BY GROUPING SETS ((month), (theme, month), (commune, month), (theme, commune, month))
"""
_WATER = """
SELECT commune, month, sum(total) AS value, GROUPING(commune) AS every_commune
FROM (SELECT coalesce(commune, '') AS commune, month, total FROM facts)
GROUP BY GROUPING SETS ((month), (commune, month))
"""


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


def build_series(
    kind: SeriesKind,
    facts: pa.Table,
    *,
    before_month: str,
    min_group_size: int,
    water_measure: str = "consommation",
    only: SeriesKey | None = None,
) -> dict[SeriesKey, MonthlySeries]:
    """Every series of ``kind`` in ``facts`` (rows of its analytics table) up to the month
    before ``before_month`` ("YYYY-MM": the current month); ``only``: that series alone."""
    rows = _relevant(kind, facts, before_month, water_measure, only)
    if kind is SeriesKind.WATER:
        grouped = run_query(_WATER, {"facts": rows}).to_pylist()
        totals: dict[SeriesKey, dict[str, float]] = {}
        for row in grouped:
            commune = None if row["every_commune"] else row["commune"]
            if commune == "":
                continue  # a sensor whose commune is unknown counts for the territory only
            key = SeriesKey(kind, None, commune)
            totals.setdefault(key, {})[row["month"]] = float(row["value"] or 0.0)
    else:
        grouped = run_query(_COUNTS, {"facts": rows}).to_pylist()
        totals = {}
        for row in grouped:
            theme = None if row["every_theme"] else row["theme"]
            commune = None if row["every_commune"] else row["commune"]
            if theme == "" or commune == "":
                continue  # unclassified or without commune: in the totals only
            key = SeriesKey(kind, theme, commune)
            totals.setdefault(key, {})[row["month"]] = float(row["value"])
    last = month_before(before_month)
    series = {
        key: _monthly(key, by_month, last, min_group_size)
        for key, by_month in totals.items()
        if only is None or key == only
    }
    if only is not None and only not in series:
        series[only] = MonthlySeries(only, (), ())
    return series


def _relevant(
    kind: SeriesKind, facts: pa.Table, before_month: str, measure: str, only: SeriesKey | None
) -> pa.Table:
    """The rows that count, filtered with Arrow (no value is ever written into the SQL)."""
    keep = pc.less(facts["month"], before_month)
    if kind is SeriesKind.WATER:
        keep = pc.and_(keep, pc.equal(facts["measure"], measure))
        keep = pc.and_(keep, pc.equal(facts["period"], TELEMETRY_PERIOD))
    if only is not None and only.theme is not None:
        keep = pc.and_(keep, pc.equal(facts["theme"], only.theme))
    if only is not None and only.commune is not None:
        keep = pc.and_(keep, pc.equal(facts["commune"], only.commune))
    rows = facts.filter(pc.fill_null(keep, False))
    if kind is SeriesKind.WATER:
        return rows.select(["commune", "month", "total"])
    return rows.select(["theme", "commune", "month"])


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


def telemetry_datasets(facts: pa.Table, measure: str) -> list[str]:
    """The data-lake datasets the water series are summed from (sources of the use)."""
    if facts.num_rows == 0:
        return []
    rows = facts.filter(pc.fill_null(pc.equal(facts["measure"], measure), False))
    return sorted(str(value) for value in pc.unique(rows["dataset_id"]).to_pylist() if value)
