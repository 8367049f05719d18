"""Where the forecasts' facts are and what groups them into monthly series: the analytics
tables of the warehouse with its query engine (DuckDB embedded, or Trino scanning them
itself), or rows already held (a benchmark's or a test's tables), grouped by DuckDB."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import pyarrow as pa
from pyiceberg.expressions import BooleanExpression

from collectivia.lakehouse.engines import EmbeddedDuckDb, QueryEngine, TableRead
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.table_reads import analytics_table


class Facts(Protocol):
    @property
    def engine(self) -> QueryEngine: ...

    def table(self, table: str, columns: Sequence[str], row_filter: BooleanExpression) -> TableRead:
        """``table`` as the engine reads it; ``row_filter``: the rows a scan in this process
        may skip (the query says the same)."""
        ...


class WarehouseFacts:
    """The analytics tables of the warehouse, queried by its engine (storage's setting); a
    table not yet written is empty."""

    def __init__(self, warehouse: Warehouse, *, engine: QueryEngine | None = None) -> None:
        self._analytics = warehouse.analytics
        # The warehouse's, unless a caller compares engines on the same tables.
        self._engine = engine or warehouse.query_engine

    @property
    def engine(self) -> QueryEngine:
        return self._engine

    def table(self, table: str, columns: Sequence[str], row_filter: BooleanExpression) -> TableRead:
        return analytics_table(self._analytics, table, columns, row_filter=row_filter)


class RowsInMemory:
    """Analytics rows already held, by table name, grouped by DuckDB embedded."""

    def __init__(self, tables: Mapping[str, pa.Table]) -> None:
        self.tables = dict(tables)
        self._engine = EmbeddedDuckDb()

    @property
    def engine(self) -> QueryEngine:
        return self._engine

    def table(self, table: str, columns: Sequence[str], row_filter: BooleanExpression) -> TableRead:
        found = self.tables.get(table, TABLES[table].empty_table())
        return TableRead.of_rows(found.select(list(columns)))
