"""Answering a question: understood (``understanding.py``), then computed by the indicators'
engine for the caller — the same access rule, the same suppression as ``/v1/kpis`` — with
the sentence that says what was understood."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow.compute as pc

from collectivia.lakehouse.tables import UnknownTable
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import DIMENSION_LABELS
from collectivia.officials_analytics.indicators.declarations import Indicator, split
from collectivia.officials_analytics.indicators.engine import Indicators, KpiResult, dataset_id
from collectivia.officials_analytics.indicators.periods import Period
from collectivia.officials_analytics.questions.matching import IndicatorMatcher
from collectivia.officials_analytics.questions.synonyms import SYNONYMS
from collectivia.officials_analytics.questions.understanding import Understanding, understand
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.communes import CommuneDirectory, Communes

# The dimensions whose values a question may name (words people write: themes, services...;
# not codes such as the chat's outcomes).
NAMED_DIMENSIONS = ("theme", "department", "channel", "task", "purpose", "service", "dataset")


@dataclass(frozen=True)
class Answer:
    understanding: Understanding
    result: KpiResult
    directory: CommuneDirectory
    # « J'ai compris : … ».
    sentence: str


class DimensionValues:
    """The values a dimension takes in the data (the chat's themes...), read from its table
    and kept for the table's snapshot."""

    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[int | None, tuple[str, ...]]] = {}

    def of(self, indicator: Indicator) -> dict[str, tuple[str, ...]]:
        stores = dict(indicator.tables)
        found: dict[str, tuple[str, ...]] = {}
        for dimension in indicator.dimensions:
            if dimension.name in NAMED_DIMENSIONS:
                table, column = split(dimension.column)
                found[dimension.name] = self._values(table, column, stores[table] == "lake")
        return found

    def _values(self, table: str, column: str, lake: bool) -> tuple[str, ...]:
        lakehouse = self._warehouse.lake if lake else self._warehouse.analytics
        try:
            snapshot = lakehouse.table(dataset_id(table)).current_snapshot()
        except UnknownTable:
            return ()
        snapshot_id = snapshot.snapshot_id if snapshot is not None else None
        key = (table, column)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] == snapshot_id:
            return cached[1]
        values: tuple[str, ...] = ()
        if snapshot_id is not None:
            read = lakehouse.read(dataset_id(table), columns=[column]).column(column)
            values = tuple(sorted(str(v) for v in pc.unique(read).to_pylist() if v))
        with self._lock:
            self._cache[key] = (snapshot_id, values)
        return values


class Questions:
    def __init__(
        self,
        indicators: Indicators,
        communes: Communes,
        values: DimensionValues,
        *,
        synonyms: Mapping[str, Sequence[str]] = SYNONYMS,
    ) -> None:
        self._indicators = indicators
        self._communes = communes
        self._values = values
        self._matcher = IndicatorMatcher(indicators.catalogue, synonyms)

    def ask(self, viewer: Viewer, question: str) -> Answer:
        viewer.check()
        directory = self._communes.directory()
        understood = understand(
            question,
            matcher=self._matcher,
            directory=directory,
            values=self._values.of,
            today=self._indicators.today(),
        )
        period = understood.period
        result = self._indicators.query(
            viewer,
            understood.indicator.name,
            group_by=understood.group_by,
            communes=understood.communes,
            first_month=period.first if period else "",
            last_month=period.last if period else "",
            filters={name: list(values) for name, values in understood.filters},
        )
        return Answer(
            understanding=understood,
            result=result,
            directory=directory,
            sentence=sentence(understood, result, directory, viewer),
        )


def month_words(month: str) -> str:
    year, number = month.split("-")
    return f"{messages.MONTH_NAMES[int(number) - 1]} {year}"


def period_words(period: Period) -> str:
    if period.first == period.last:
        return messages.PERIOD_ONE_MONTH.format(month=month_words(period.first))
    return messages.PERIOD_RANGE.format(
        first=month_words(period.first), last=month_words(period.last)
    )


def _dimension_words(name: str) -> str:
    """« commune », « thème »: the dimension's label, without its precision in brackets."""
    return DIMENSION_LABELS[name].split(" (")[0].lower()


def _joined(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]


def _scope(
    understood: Understanding, result: KpiResult, directory: CommuneDirectory, viewer: Viewer
) -> str:
    if not result.indicator.per_commune:
        return messages.PAGES_WHOLE_COLLECTIVITY
    if not result.communes:
        return messages.PAGES_EVERY_COMMUNE
    named = [
        messages.QUESTION_COMMUNE.format(name=directory.name(code), code=code)
        if directory.known(code)
        else code
        for code in result.communes
    ]
    if not understood.communes:
        return messages.QUESTION_YOUR_COMMUNES.format(communes=", ".join(named))
    if len(named) == 1:
        return messages.PAGES_ONE_COMMUNE.format(commune=named[0])
    return messages.PAGES_COMMUNES.format(communes=_joined(named, messages.QUESTION_AND))


def sentence(
    understood: Understanding, result: KpiResult, directory: CommuneDirectory, viewer: Viewer
) -> str:
    """« J'ai compris : Questions posées, thème : « État civil > Actes » — commune Woippy
    (57751), en mars 2026. »"""
    filters = "".join(
        messages.QUESTION_FILTER.format(
            dimension=_dimension_words(name),
            values=messages.QUESTION_VALUES_OR.join(f"« {v} »" for v in values),
        )
        for name, values in result.filters
    )
    period = period_words(result.period)
    if understood.period is None:
        period = messages.QUESTION_DEFAULT_PERIOD.format(period=period)
    grouping = ""
    if result.group_by:
        labels = [_dimension_words(name) for name in result.group_by]
        grouping = messages.QUESTION_GROUPING.format(
            dimensions=_joined(labels, messages.QUESTION_AND)
        )
    return messages.QUESTION_UNDERSTOOD.format(
        indicator=f"« {result.indicator.label} »",
        filters=filters,
        scope=_scope(understood, result, directory, viewer),
        period=period,
        grouping=grouping,
    )
