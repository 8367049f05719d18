"""An analytics table as the query adapter reads it (``collectivia.lakehouse.engines``): the
Iceberg table at its current snapshot, the columns asked (typed as the sink writes them, for
a table not written yet or an older one without them), and the rows a scan in this process
may skip. DuckDB embedded scans it into Arrow; Trino scans the same snapshot itself."""

from __future__ import annotations

from collections.abc import Sequence

from pyiceberg.expressions import AlwaysTrue, BooleanExpression

from collectivia.lakehouse.engines import TableRead
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id


def analytics_table(
    analytics: Lakehouse,
    table: str,
    columns: Sequence[str],
    *,
    row_filter: BooleanExpression | None = None,
) -> TableRead:
    """``table`` of the analytics namespace (not written yet: it reads as empty)."""
    schema = TABLES[table]
    types = {column: schema.field(column).type for column in columns}
    try:
        iceberg = analytics.table(dataset_id(table))
    except UnknownTable:
        return TableRead(None, tuple(columns), types=types)
    current = iceberg.current_snapshot()
    return TableRead(
        iceberg,
        tuple(columns),
        current.snapshot_id if current is not None else None,
        types,
        row_filter=row_filter if row_filter is not None else AlwaysTrue(),
    )
