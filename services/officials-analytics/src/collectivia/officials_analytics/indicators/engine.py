"""Computing an indicator: the rows it needs read from the Iceberg tables (its columns only,
its fixed filter, the period and the communes pushed into the scan), aggregated by DuckDB
over Arrow, then the small groups suppressed (``suppression.py``).

The results are cached by what determines them: the indicator, the dimensions, the period,
the communes covered (the caller's, when they asked none: the cache never gives one
commune's figures to another's official) and the snapshot of every table read (a write
makes a new entry, never a stale answer).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa
from pyiceberg.expressions import (
    AlwaysTrue,
    And,
    BooleanExpression,
    EqualTo,
    GreaterThanOrEqual,
    In,
    LessThanOrEqual,
)

from collectivia.lakehouse.queries import run_query
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.declarations import (
    AtLeast,
    Dimension,
    Equals,
    Indicator,
    OneOf,
    Store,
    referenced_columns,
    split,
)
from collectivia.officials_analytics.indicators.periods import Period, period
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.indicators.suppression import Measured, suppressed
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.platform.errors import FieldError, InvalidInput, NotFound

PARIS = ZoneInfo("Europe/Paris")


def _today() -> date:
    return datetime.now(PARIS).date()


@dataclass(frozen=True)
class IndicatorPolicy:
    # The period when none is given: this many months up to the current one.
    default_months: int = 12
    # The longest period one query may cover.
    max_months: int = 36
    # Results kept (each for the snapshots it was computed on).
    cache_entries: int = 256


@dataclass(frozen=True)
class Cell:
    """One group: its dimensions' values (in the order asked) and its value, None when
    suppressed."""

    dimensions: tuple[str, ...]
    value: float | None
    suppressed: bool


@dataclass(frozen=True)
class KpiResult:
    indicator: Indicator
    group_by: tuple[str, ...]
    # The communes covered; empty: every commune (or the indicator has none).
    communes: tuple[str, ...]
    period: Period
    cells: tuple[Cell, ...]


def dataset_id(table: str) -> str:
    """The lakehouse's id of a table (dashes: ``chat-answers`` is ``analytics.chat_answers``)."""
    return table.replace("_", "-")


def measure(
    indicator: Indicator,
    group_by: Sequence[Dimension],
    scope: Scope,
    tables: Mapping[str, pa.Table],
) -> list[Measured]:
    """The groups of ``indicator`` over ``tables`` (its tables' rows, by table name), before
    suppression."""
    built = statement(indicator, group_by, scope)
    registered = {name: tables[table] for table, name in built.registered.items()}
    result = run_query(built.sql, registered, built.parameters)
    rows = list(zip(*(column.to_pylist() for column in result.columns), strict=True))
    width = len(group_by)
    return [
        Measured(tuple(str(v) for v in row[:width]), float(row[width]), int(row[width + 1]))
        for row in rows
        if row[width] is not None
    ]


def shown(indicator: Indicator, measured: Sequence[Measured]) -> tuple[Cell, ...]:
    """The cells as every output shows them: small groups suppressed (primary and
    complementary), values rounded to the indicator's decimals."""
    hidden = suppressed(measured, indicator.min_group_size)
    return tuple(
        Cell(m.dimensions, None, True)
        if secret
        else Cell(m.dimensions, _rounded(indicator, m.value), False)
        for m, secret in zip(measured, hidden, strict=True)
    )


def _rounded(indicator: Indicator, value: float) -> float:
    return float(round(value, indicator.decimals))


def pushed_filter(indicator: Indicator, table: str, scope: Scope) -> BooleanExpression:
    """What the scan of ``table`` can skip: the indicator's fixed filter on its columns, the
    period on its month column, the communes on its commune column."""
    parts: list[BooleanExpression] = []
    for condition in indicator.where:
        owner, column = split(condition.column)
        if owner != table:
            continue
        if isinstance(condition, Equals):
            parts.append(EqualTo(term=column, value=condition.value))
        elif isinstance(condition, OneOf):
            parts.append(In(term=column, literals=condition.values))
        elif isinstance(condition, AtLeast):
            parts.append(GreaterThanOrEqual(term=column, value=condition.value))
    owner, column = split(indicator.month)
    if owner == table:
        parts.append(GreaterThanOrEqual(term=column, value=scope.first_month))
        parts.append(LessThanOrEqual(term=column, value=scope.last_month))
    if indicator.commune is not None and scope.communes is not None:
        owner, column = split(indicator.commune)
        if owner == table:
            parts.append(In(term=column, literals=scope.communes))
    expression: BooleanExpression = AlwaysTrue()
    for part in parts:
        expression = And(expression, part)
    return expression


class Indicators:
    """The declared indicators, computed for a caller."""

    def __init__(
        self,
        warehouse: Warehouse,
        *,
        catalogue: Sequence[Indicator] = INDICATORS,
        policy: IndicatorPolicy | None = None,
        today: Callable[[], date] = _today,
    ) -> None:
        self._warehouse = warehouse
        self._catalogue = {i.name: i for i in catalogue}
        self._policy = policy or IndicatorPolicy()
        self._today = today
        self._cache: OrderedDict[tuple[object, ...], tuple[Cell, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def declarations(self, viewer: Viewer) -> tuple[Indicator, ...]:
        viewer.check()
        return tuple(self._catalogue.values())

    def indicator(self, name: str) -> Indicator:
        found = self._catalogue.get(name)
        if found is None:
            raise NotFound(messages.KPI_NOT_FOUND.format(name=name[:80]))
        return found

    def period(self, first: str, last: str) -> Period:
        return period(
            first,
            last,
            today=self._today(),
            default_months=self._policy.default_months,
            max_months=self._policy.max_months,
        )

    def query(
        self,
        viewer: Viewer,
        name: str,
        *,
        group_by: Sequence[str] = (),
        communes: Sequence[str] = (),
        first_month: str = "",
        last_month: str = "",
    ) -> KpiResult:
        viewer.check()
        indicator = self.indicator(name)
        dimensions = _dimensions(indicator, group_by)
        chosen = self.period(first_month, last_month)
        covered = viewer.scope(communes)
        if not indicator.per_commune:
            if communes:
                detail = messages.NOT_PER_COMMUNE.format(name=indicator.name)
                raise InvalidInput(detail, [FieldError("commune", detail)])
            covered = None
        scope = Scope(chosen.first, chosen.last, covered)
        return KpiResult(
            indicator=indicator,
            group_by=tuple(d.name for d in dimensions),
            communes=covered or (),
            period=chosen,
            cells=self.cells(indicator, dimensions, scope),
        )

    def cells(
        self, indicator: Indicator, dimensions: Sequence[Dimension], scope: Scope
    ) -> tuple[Cell, ...]:
        """The shown cells, from the cache when the tables have not changed since."""
        snapshots = tuple(self._snapshot(t, store) for t, store in indicator.tables)
        key = (indicator.name, tuple(d.name for d in dimensions), scope, snapshots)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        tables = self._read(indicator, scope)
        cells = (
            ()
            if tables is None
            else shown(indicator, measure(indicator, dimensions, scope, tables))
        )
        with self._lock:
            self._cache[key] = cells
            while len(self._cache) > self._policy.cache_entries:
                self._cache.popitem(last=False)
        return cells

    def _lakehouse(self, store: Store) -> Lakehouse:
        return self._warehouse.analytics if store == "analytics" else self._warehouse.lake

    def _snapshot(self, table: str, store: Store) -> int | None:
        try:
            current = self._lakehouse(store).table(dataset_id(table)).current_snapshot()
        except UnknownTable:
            return None
        return current.snapshot_id if current is not None else None

    def _read(self, indicator: Indicator, scope: Scope) -> dict[str, pa.Table] | None:
        """The rows of each table the indicator reads (None: a lake dataset it needs has no
        table yet: nothing to compute); an analytics table the sink has not written yet
        reads as empty."""
        wanted: dict[str, list[str]] = {table: [] for table, _store in indicator.tables}
        for reference in referenced_columns(indicator):
            table, column = split(reference)
            wanted[table].append(column)
        tables: dict[str, pa.Table] = {}
        for table, store in indicator.tables:
            rows = self._rows(table, store, wanted[table], pushed_filter(indicator, table, scope))
            if rows is None:
                return None
            tables[table] = rows
        return tables

    def _rows(
        self, table: str, store: Store, columns: list[str], row_filter: BooleanExpression
    ) -> pa.Table | None:
        lakehouse = self._lakehouse(store)
        schema = TABLES.get(table) if store == "analytics" else None
        try:
            present = set(lakehouse.table(dataset_id(table)).schema().column_names)
        except UnknownTable:
            return schema.empty_table().select(columns) if schema is not None else None
        readable = [c for c in columns if c in present]
        rows = lakehouse.read(dataset_id(table), columns=readable, row_filter=row_filter)
        # A column the table does not have yet (an older table): empty.
        for column in columns:
            if column not in present:
                kind = schema.field(column).type if schema is not None else pa.string()
                rows = rows.append_column(column, pa.nulls(rows.num_rows, type=kind))
        return rows.select(columns)


def _dimensions(indicator: Indicator, group_by: Sequence[str]) -> tuple[Dimension, ...]:
    chosen: list[Dimension] = []
    for name in group_by:
        dimension = indicator.dimension(name)
        if dimension is None:
            detail = messages.DIMENSION_UNKNOWN.format(
                name=indicator.name,
                dimension=name[:40],
                dimensions=", ".join(f"« {n} »" for n in indicator.dimension_names),
            )
            raise InvalidInput(detail, [FieldError("group_by", detail)])
        if dimension in chosen:
            detail = messages.DIMENSION_REPEATED.format(dimension=name)
            raise InvalidInput(detail, [FieldError("group_by", detail)])
        chosen.append(dimension)
    return tuple(chosen)
