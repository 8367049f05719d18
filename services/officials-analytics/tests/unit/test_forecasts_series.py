"""The monthly series, built exactly from small analytics tables (DuckDB over Arrow; the same
SQL runs on Trino: ``tests/integration/test_indicators_trino.py``)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pyarrow as pa

from collectivia.lakehouse.engines import EmbeddedDuckDb, TableRead
from collectivia.officials_analytics.forecasts.series import (
    MonthlySeries,
    Problem,
    SeriesKey,
    SeriesKind,
    build_series,
    month_after,
    month_before,
    months_between,
    telemetry_datasets,
)
from collectivia.officials_analytics.sink.tables import TABLES

DEMAND = SeriesKind.DEMAND
WATER = SeriesKind.WATER


def table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name])


def answers(*facts: tuple[str, str, str, int]) -> pa.Table:
    """(month, theme, commune, how many answers)."""
    return table(
        "chat_answers",
        [
            {"month": month, "theme": theme, "commune": commune, "outcome": "answered"}
            for month, theme, commune, count in facts
            for _ in range(count)
        ],
    )


def test_months_are_counted_across_years() -> None:
    assert month_after("2024-12") == "2025-01"
    assert month_after("2025-11") == "2025-12"
    assert month_before("2025-01") == "2024-12"
    assert months_between("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_demand_counts_per_month_theme_and_commune_with_zeros_where_nothing_happened() -> None:
    facts = answers(
        ("2025-09", "Déchets", "57463", 6),
        ("2025-09", "Papiers", "57480", 2),
        ("2025-11", "Déchets", "57463", 7),
        ("2025-11", "", "57463", 1),  # unclassified: in the totals only
        ("2026-01", "Déchets", "57463", 9),  # the current month: left out
    )
    series = build_series(DEMAND, facts, before_month="2026-01", min_group_size=5)
    total = series[SeriesKey(DEMAND)]
    assert total.months == ("2025-09", "2025-10", "2025-11", "2025-12")
    assert total.values == (8.0, 0.0, 8.0, 0.0)
    waste = series[SeriesKey(DEMAND, theme="Déchets")]
    assert waste.values == (6.0, 0.0, 7.0, 0.0)
    papers = series[SeriesKey(DEMAND, theme="Papiers")]
    assert papers.months == ("2025-09", "2025-10", "2025-11", "2025-12")
    assert papers.values == (2.0, 0.0, 0.0, 0.0)  # the whole territory: nothing masked
    assert SeriesKey(DEMAND, theme="") not in series
    metz = series[SeriesKey(DEMAND, commune="57463")]
    assert metz.values == (6.0, 0.0, 8.0, 0.0) and metz.masked == 0
    assert series[SeriesKey(DEMAND, "Déchets", "57463")].values == (6.0, 0.0, 7.0, 0.0)


def test_per_commune_months_under_the_group_size_are_masked_and_not_forecast() -> None:
    facts = answers(("2025-10", "Papiers", "57480", 2), ("2025-11", "Papiers", "57480", 5))
    series = build_series(DEMAND, facts, before_month="2025-12", min_group_size=5)
    woippy = series[SeriesKey(DEMAND, "Papiers", "57480")]
    assert woippy.values == (None, 5.0)
    assert woippy.masked == 1
    assert woippy.problem(min_months=1) is Problem.SMALL_GROUPS
    # The same facts for the whole territory are shown.
    assert series[SeriesKey(DEMAND, theme="Papiers")].values == (2.0, 5.0)


def test_one_series_alone_is_the_same_as_among_all() -> None:
    facts = answers(
        ("2025-08", "Déchets", "57463", 5),
        ("2025-09", "Papiers", "57463", 6),
        ("2025-10", "Déchets", "57480", 5),
    )
    everything = build_series(DEMAND, facts, before_month="2025-11", min_group_size=5)
    for key in (SeriesKey(DEMAND, theme="Déchets"), SeriesKey(DEMAND, "Déchets", "57480")):
        alone = build_series(DEMAND, facts, before_month="2025-11", min_group_size=5, only=key)
        assert alone == {key: everything[key]}


def test_a_series_without_facts_is_empty_and_says_so() -> None:
    key = SeriesKey(DEMAND, theme="Inconnu")
    series = build_series(DEMAND, answers(), before_month="2025-11", min_group_size=5, only=key)
    assert series[key] == MonthlySeries(key, (), ())
    assert series[key].problem(24) is Problem.NO_DATA


def test_water_sums_the_daily_consumption_per_commune_and_month_and_misses_gaps() -> None:
    def reading(month: str, commune: str, total: float, **other: Any) -> dict[str, Any]:
        return {
            "dataset_id": "eau-telemetrie",
            "period": "day",
            "measure": "consommation",
            "unit": "m3",
            "month": month,
            "commune": commune,
            "total": total,
            **other,
        }

    facts = table(
        "lake_telemetry",
        [
            reading("2025-09", "57463", 100.0),
            reading("2025-09", "57463", 50.5),
            reading("2025-09", "57480", 10.0),
            reading("2025-09", "57463", 999.0, period="hour"),  # the same readings, hourly
            reading("2025-09", "57463", 4.0, measure="pression", unit="bar"),
            reading("2025-11", "57463", 120.0),
        ],
    )
    series = build_series(WATER, facts, before_month="2025-12", min_group_size=5)
    metz = series[SeriesKey(WATER, commune="57463")]
    assert metz.months == ("2025-09", "2025-10", "2025-11")
    assert metz.values == (150.5, None, 120.0)
    assert metz.missing == 1 and metz.problem(1) is Problem.MISSING_MONTHS
    territory = series[SeriesKey(WATER)]
    assert territory.values == (160.5, None, 120.0)
    assert series[SeriesKey(WATER, commune="57480")].values == (10.0, None, None)
    sources = partial(
        telemetry_datasets, EmbeddedDuckDb(), TableRead.of_rows(facts), water_measure="consommation"
    )
    assert sources(before_month="2025-12") == ["eau-telemetrie"]
    # Only the datasets of the months summed: none before the first reading.
    assert sources(before_month="2025-09") == []


def test_a_short_series_is_refused_and_a_long_one_accepted() -> None:
    months = tuple(months_between("2024-01", "2025-10"))  # 22 months
    short = MonthlySeries(SeriesKey(DEMAND), months, tuple(10.0 for _ in months))
    assert short.problem(24) is Problem.TOO_SHORT
    assert short.problem(22) is None
