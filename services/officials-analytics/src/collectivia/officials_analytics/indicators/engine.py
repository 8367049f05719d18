"""Computing an indicator: the rows it needs — kept in memory per table and snapshot
(``rows.py``: the columns the catalogue reads), or read from the Iceberg tables with its
columns only, its fixed filter, the period and the communes pushed into the scan when a table
is bigger than that memory — aggregated by DuckDB over Arrow, then the small groups
suppressed (``suppression.py``). With Trino (storage's ``query_engine``) nothing is read into
the process: the cluster scans the tables at the snapshots of the cache key, the same filters
in the SQL (``sql.py``'s Trino dialect), and only the groups come back.

The results are cached by what determines them: the indicator, the dimensions, the period,
the communes covered (the caller's, when they asked none: the cache never gives one
commune's figures to another's official) and the snapshot of every table read (a write
makes a new entry, never a stale answer).
"""

from __future__ import annotations

import logging
import threading
import time
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

from collectivia.lakehouse.engines import EngineUnavailable, QueryEngine, TableRead
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.declarations import (
    COMMUNE,
    DERIVED_MONTH,
    MONTH,
    AtLeast,
    CountDistinct,
    Dimension,
    Equals,
    Indicator,
    MonthOf,
    OneOf,
    Store,
    referenced_columns,
    split,
)
from collectivia.officials_analytics.indicators.lake_datasets import required_columns, with_month
from collectivia.officials_analytics.indicators.periods import Period, period
from collectivia.officials_analytics.indicators.rows import RowsCache
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.indicators.suppression import Measured, suppressed
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.communes import CommuneDirectory, Communes
from collectivia.platform import messages as platform_messages
from collectivia.platform.errors import DependencyUnavailable, FieldError, InvalidInput, NotFound

log = logging.getLogger(__name__)

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
    # The tables' rows kept in memory between queries, in bytes (0: every query scans).
    rows_cache_bytes: int = 1024 * 1024 * 1024
    # How often a worker brings the kept rows up to the tables' new snapshots, in seconds
    # (0: only when a query asks).
    rows_refresh_seconds: float = 5.0
    # The queries the worker computes again after a commit: the latest asked, at most this
    # many, asked within this many seconds.
    recompute_entries: int = 64
    recompute_seconds: float = 900.0


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
    # The values of other dimensions the rows were restricted to: (dimension, values).
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()


def dataset_id(table: str) -> str:
    """The lakehouse's id of a table (dashes: ``chat-answers`` is ``analytics.chat_answers``)."""
    return table.replace("_", "-")


def measure(
    indicator: Indicator,
    group_by: Sequence[Dimension],
    scope: Scope,
    tables: Mapping[str, TableRead],
    engine: QueryEngine,
) -> list[Measured]:
    """The groups of ``indicator`` over ``tables`` (its tables' rows, or the tables for an
    engine that scans them itself, by table name), computed by ``engine``, before
    suppression."""
    built = statement(indicator, group_by, scope, engine.dialect)
    registered = {name: tables[table] for table, name in built.registered.items()}
    try:
        result = engine.run(built.sql, registered, built.parameters)
    except EngineUnavailable as error:
        log.warning("indicator %s not computed, engine unavailable: %s", indicator.name, error)
        raise DependencyUnavailable(messages.QUERY_ENGINE_UNAVAILABLE) from error
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
    # A month derived from a lake dataset's date is filtered once derived (lake_datasets.py).
    owner, column = split(indicator.month_column)
    if owner == table and isinstance(indicator.month, str):
        parts.append(GreaterThanOrEqual(term=column, value=scope.first_month))
        parts.append(LessThanOrEqual(term=column, value=scope.last_month))
    if indicator.commune is not None and scope.communes is not None:
        owner, column = split(indicator.commune)
        if owner == table:
            parts.append(In(term=column, literals=scope.communes))
    for name, values in scope.values:
        dimension = indicator.dimension(name)
        if dimension is None or dimension.derived:
            continue  # a rule's category: in the query only
        owner, column = split(dimension.column)
        if owner == table:
            parts.append(In(term=column, literals=values))
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
        engine: QueryEngine | None = None,
        communes: Communes | None = None,
    ) -> None:
        self._warehouse = warehouse
        # The member communes' names (the lake's reference), for the answers that cite one.
        self._communes = communes
        # The warehouse's (the setting), unless a caller compares engines on the same tables.
        self._engine = engine or warehouse.query_engine
        self._catalogue = {i.name: i for i in catalogue}
        self._policy = policy or IndicatorPolicy()
        self._today = today
        self._cache: OrderedDict[tuple[object, ...], tuple[Cell, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._rows_cache = RowsCache(max_bytes=self._policy.rows_cache_bytes)
        # The queries asked lately (recomputed by the worker after a commit), and the
        # snapshots the worker last read.
        self._asked: OrderedDict[
            tuple[str, tuple[str, ...], Scope],
            tuple[Indicator, tuple[Dimension, ...], Scope, float],
        ] = OrderedDict()
        self._refreshed: dict[str, int] = {}
        self._kept_columns = kept_columns(catalogue)
        self._dictionary = dictionary_columns(catalogue)

    @property
    def engine(self) -> QueryEngine:
        """What computes the indicators (the content gaps ask it too)."""
        return self._engine

    @property
    def rows_cache(self) -> RowsCache:
        return self._rows_cache

    @property
    def policy(self) -> IndicatorPolicy:
        return self._policy

    def refresh_rows(self) -> int:
        """Bring the kept rows of every analytics table up to its current snapshot (the
        sink's commits read before an official asks); the tables changed since the last
        refresh."""
        changed = 0
        for table, columns in self._kept_columns.items():
            if table not in TABLES:
                continue  # a lake dataset: read when asked
            try:
                iceberg = self._warehouse.analytics.table(dataset_id(table))
            except UnknownTable:
                continue
            current = iceberg.current_snapshot()
            if current is None:
                continue
            if self._engine.in_process:
                # An engine that scans the tables itself (Trino) reads nothing here: only the
                # new snapshots are noted, for the queries asked lately to be computed again.
                present = set(iceberg.schema().column_names)
                self._rows_cache.rows(
                    f"analytics.{table}",
                    iceberg,
                    current.snapshot_id,
                    [c for c in columns if c in present],
                    dictionary=self._dictionary[table],
                )
            if self._refreshed.get(table) != current.snapshot_id:
                self._refreshed[table] = current.snapshot_id
                changed += 1
        return changed

    @property
    def catalogue(self) -> tuple[Indicator, ...]:
        return tuple(self._catalogue.values())

    def today(self) -> date:
        return self._today()

    def commune_directory(self) -> CommuneDirectory:
        """The member communes' names; empty (codes shown) without the reference."""
        return self._communes.directory() if self._communes is not None else CommuneDirectory()

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
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> KpiResult:
        """``filters``: values of declared dimensions besides month and commune (« theme »:
        these themes only)."""
        viewer.check()
        indicator = self.indicator(name)
        dimensions = _dimensions(indicator, group_by)
        values = _filters(indicator, filters or {})
        chosen = self.period(first_month, last_month)
        covered = viewer.scope(communes)
        if not indicator.per_commune:
            if communes:
                detail = messages.NOT_PER_COMMUNE.format(name=indicator.name)
                raise InvalidInput(detail, [FieldError("commune", detail)])
            covered = None
        scope = Scope(chosen.first, chosen.last, covered, tuple((d.name, v) for d, v in values))
        return KpiResult(
            indicator=indicator,
            group_by=tuple(d.name for d in dimensions),
            communes=covered or (),
            period=chosen,
            filters=tuple((d.name, v) for d, v in values),
            cells=self.cells(indicator, dimensions, scope),
        )

    def cells(
        self, indicator: Indicator, dimensions: Sequence[Dimension], scope: Scope
    ) -> tuple[Cell, ...]:
        """The shown cells, from the cache when the tables have not changed since."""
        asked = (indicator.name, tuple(d.name for d in dimensions), scope)
        with self._lock:
            self._asked[asked] = (indicator, tuple(dimensions), scope, time.monotonic())
            self._asked.move_to_end(asked)
            while len(self._asked) > self._policy.recompute_entries:
                self._asked.popitem(last=False)
        return self._computed(indicator, dimensions, scope)

    def recompute_asked(self) -> int:
        """Compute again, on the tables' current snapshots, what was asked lately (the
        worker, after a commit: the next dashboard finds its results ready); how many. Each
        result for the very scope it was asked with: the cache's rule is the same."""
        since = time.monotonic() - self._policy.recompute_seconds
        with self._lock:
            recent = [
                (indicator, dimensions, scope)
                for indicator, dimensions, scope, at in self._asked.values()
                if at >= since
            ]
        for indicator, dimensions, scope in reversed(recent):  # the latest first
            self._computed(indicator, dimensions, scope)
        return len(recent)

    def _computed(
        self, indicator: Indicator, dimensions: Sequence[Dimension], scope: Scope
    ) -> tuple[Cell, ...]:
        snapshots = tuple(self._snapshot(t, store) for t, store in indicator.tables)
        key = (indicator.name, tuple(d.name for d in dimensions), scope, snapshots)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        at = dict(zip(indicator.tables, snapshots, strict=True))
        tables = (
            self._read(indicator, scope, at)
            if self._engine.in_process
            else self._table_reads(indicator, at)
        )
        cells = (
            ()
            if tables is None
            else shown(indicator, measure(indicator, dimensions, scope, tables, self._engine))
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

    def _table_reads(
        self, indicator: Indicator, snapshots: Mapping[tuple[str, Store], int | None]
    ) -> dict[str, TableRead] | None:
        """For an engine that scans the tables itself (Trino): each table at the snapshot the
        cache key names, the columns the indicator reads (an analytics table not written yet,
        or a column an older one lacks, reads as empty); None: a lake dataset it needs has no
        table yet."""
        wanted: dict[str, list[str]] = {table: [] for table, _store in indicator.tables}
        for reference in referenced_columns(indicator):
            table, column = split(reference)
            wanted[table].append(column)
        reads: dict[str, TableRead] = {}
        for table, store in indicator.tables:
            if store == "lake":
                required_columns(self._warehouse.lake, indicator, table, wanted[table])
            schema = TABLES.get(table) if store == "analytics" else None
            types = {c: schema.field(c).type for c in wanted[table]} if schema else {}
            try:
                iceberg = self._lakehouse(store).table(dataset_id(table))
            except UnknownTable:
                if schema is None:
                    return None
                iceberg = None
            snapshot = snapshots[(table, store)] if iceberg is not None else None
            columns, months = tuple(wanted[table]), {}
            if isinstance(indicator.month, MonthOf) and split(indicator.month.column)[0] == table:
                # The month Trino derives from the date column, as with_month does here.
                columns += (DERIVED_MONTH,)
                months = {DERIVED_MONTH: split(indicator.month.column)[1]}
            reads[table] = TableRead(iceberg, columns, snapshot, types, months=months)
        return reads

    def _read(
        self,
        indicator: Indicator,
        scope: Scope,
        snapshots: Mapping[tuple[str, Store], int | None],
    ) -> dict[str, TableRead] | None:
        """The rows of each table the indicator reads, a derived month beside them; an
        analytics table the sink has not written yet reads as empty, a lake dataset that is
        missing or lacks a column is refused in French (``lake_datasets.py``)."""
        wanted: dict[str, list[str]] = {table: [] for table, _store in indicator.tables}
        for reference in referenced_columns(indicator):
            table, column = split(reference)
            wanted[table].append(column)
        tables: dict[str, TableRead] = {}
        for table, store in indicator.tables:
            if store == "lake":
                required_columns(self._warehouse.lake, indicator, table, wanted[table])
            rows = self._rows(
                table,
                store,
                wanted[table],
                pushed_filter(indicator, table, scope),
                snapshots[(table, store)],
                kept_slice(indicator, table, scope),
            )
            if rows is None:
                return None
            tables[table] = TableRead.of_rows(with_month(indicator, table, rows))
        return tables

    def _rows(
        self,
        table: str,
        store: Store,
        columns: list[str],
        row_filter: BooleanExpression,
        snapshot_id: int | None,
        kept_rows: tuple[tuple[str, str] | None, tuple[str, ...] | None] = (None, None),
    ) -> pa.Table | None:
        lakehouse = self._lakehouse(store)
        schema = TABLES.get(table) if store == "analytics" else None
        try:
            iceberg = lakehouse.table(dataset_id(table))
        except UnknownTable:
            return schema.empty_table().select(columns) if schema is not None else None
        present = set(iceberg.schema().column_names)
        readable = [c for c in columns if c in present]
        kept = None
        if snapshot_id is not None:
            kept = self._rows_cache.rows(
                f"{store}.{table}",
                iceberg,
                snapshot_id,
                [c for c in self._kept_columns[table] if c in present],
                dictionary=self._dictionary[table],
                # With the worker on, a table's first read (seconds at scale) is its job.
                fill=self._policy.rows_refresh_seconds <= 0,
            )
        if kept is not None:
            # The buckets of the period and communes: the query's WHERE applies the same
            # filters (and the others) to them.
            rows = kept.select(*kept_rows).select(readable)
        else:
            rows = lakehouse.read(dataset_id(table), columns=readable, row_filter=row_filter)
        # A column the table does not have yet (an older table): empty.
        for column in columns:
            if column not in present:
                kind = schema.field(column).type if schema is not None else pa.string()
                rows = rows.append_column(column, pa.nulls(rows.num_rows, type=kind))
        return rows.select(columns)


def kept_slice(
    indicator: Indicator, table: str, scope: Scope
) -> tuple[tuple[str, str] | None, tuple[str, ...] | None]:
    """Which of ``table``'s kept rows the query may need: its period when the table's
    ``month`` column is the indicator's month, its communes when the table's ``commune`` is
    the indicator's commune (None: all); never fewer rows than its WHERE keeps."""
    months = (
        (scope.first_month, scope.last_month)
        if isinstance(indicator.month, str) and indicator.month_column == f"{table}.month"
        else None
    )
    communes = scope.communes if indicator.commune == f"{table}.commune" else None
    return months, communes


def kept_columns(catalogue: Sequence[Indicator]) -> dict[str, list[str]]:
    """The columns of each table that some indicator of ``catalogue`` reads (what the rows
    cache keeps of the table: one copy for every indicator)."""
    columns: dict[str, list[str]] = {}
    for indicator in catalogue:
        for table, _store in indicator.tables:
            columns.setdefault(table, [])
        for reference in referenced_columns(indicator):
            table, column = split(reference)
            if column not in columns[table]:
                columns[table].append(column)
    return columns


def dictionary_columns(catalogue: Sequence[Indicator]) -> dict[str, tuple[str, ...]]:
    """The text columns of each table read dictionary-encoded: all but the identifiers (the
    privacy units, the join keys, the distinct counts: one value per row or nearly)."""
    identifiers: set[str] = set()
    for indicator in catalogue:
        if indicator.privacy_unit is not None:
            identifiers.add(indicator.privacy_unit)
        if isinstance(indicator.aggregate, CountDistinct):
            identifiers.add(indicator.aggregate.column)
        for join in indicator.joins:
            identifiers.add(f"{indicator.source.table}.{join.on}")
            identifiers.add(f"{join.table}.{join.on}")
    encoded: dict[str, tuple[str, ...]] = {}
    for table, columns in kept_columns(catalogue).items():
        schema = TABLES.get(table)
        encoded[table] = tuple(
            column
            for column in columns
            if f"{table}.{column}" not in identifiers
            # A lake dataset's columns: of types unknown here, read as they are.
            and schema is not None
            and column in schema.names
            and schema.field(column).type == pa.string()
        )
    return encoded


def _dimensions(indicator: Indicator, group_by: Sequence[str]) -> tuple[Dimension, ...]:
    chosen: list[Dimension] = []
    for name in group_by:
        dimension = indicator.dimension(name)
        if dimension is None:
            detail = messages.DIMENSION_UNKNOWN.format(
                name=indicator.name,
                dimension=platform_messages.shown_identifier(name),
                dimensions=", ".join(f"« {n} »" for n in indicator.dimension_names),
            )
            raise InvalidInput(detail, [FieldError("group_by", detail)])
        if dimension in chosen:
            detail = messages.DIMENSION_REPEATED.format(dimension=name)
            raise InvalidInput(detail, [FieldError("group_by", detail)])
        chosen.append(dimension)
    return tuple(chosen)


def _filters(
    indicator: Indicator, filters: Mapping[str, Sequence[str]]
) -> tuple[tuple[Dimension, tuple[str, ...]], ...]:
    """The filters as (dimension, values), in a stable order; only declared dimensions other
    than month and commune (those have their own parameters)."""
    chosen: list[tuple[Dimension, tuple[str, ...]]] = []
    for name in sorted(filters):
        dimension = indicator.dimension(name)
        if dimension is None or name in (MONTH, COMMUNE):
            detail = messages.FILTER_UNKNOWN.format(
                name=indicator.name,
                dimension=platform_messages.shown_identifier(name),
                dimensions=", ".join(
                    f"« {n} »" for n in indicator.dimension_names if n not in (MONTH, COMMUNE)
                )
                or messages.FILTER_NONE,
            )
            raise InvalidInput(detail, [FieldError("filter", detail)])
        values = tuple(sorted({v[:200] for v in filters[name]}))
        if values:
            chosen.append((dimension, values))
    return tuple(chosen)
