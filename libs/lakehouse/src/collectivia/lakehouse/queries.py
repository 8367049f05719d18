"""Queries over the lake's rows with DuckDB embedded, on Arrow tables (no copy)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa


def run_query(
    sql: str, tables: Mapping[str, pa.Table], parameters: Sequence[object] = ()
) -> pa.Table:
    """``sql`` over the given Arrow tables, each visible under its name; values come as
    ``parameters`` bound to its ``?``, never written into it."""
    connection = duckdb.connect()
    try:
        for name, table in tables.items():
            connection.register(name, table)
        return connection.execute(sql, list(parameters)).to_arrow_table()
    finally:
        connection.close()


@dataclass(frozen=True)
class TableDiff:
    """What changed between two versions: rows only in the newer one, rows only in the older
    one, and (when the dataset has a key) rows whose key is in both but whose values differ
    (their newer values)."""

    added: pa.Table
    removed: pa.Table
    changed: pa.Table


def diff_tables(before: pa.Table, after: pa.Table, *, key: Sequence[str]) -> TableDiff:
    columns = [name for name in after.schema.names if name in before.schema.names]
    before = before.select(columns)
    after = after.select(columns)
    if not key:
        # No key: a row is its values; duplicates count (EXCEPT ALL).
        return TableDiff(
            added=run_query(
                "SELECT * FROM a EXCEPT ALL SELECT * FROM b", {"a": after, "b": before}
            ),
            removed=run_query(
                "SELECT * FROM b EXCEPT ALL SELECT * FROM a", {"a": after, "b": before}
            ),
            changed=after.schema.empty_table(),
        )
    # Column names come from the dataset's schema, quoted as identifiers: no value is
    # ever written into the SQL.
    on = " AND ".join(f"a.{_quoted(k)} IS NOT DISTINCT FROM b.{_quoted(k)}" for k in key)
    others = [c for c in columns if c not in key]
    differs = (
        " OR ".join(f"a.{_quoted(c)} IS DISTINCT FROM b.{_quoted(c)}" for c in others) or "FALSE"
    )
    tables = {"a": after, "b": before}
    return TableDiff(
        added=run_query(f"SELECT a.* FROM a ANTI JOIN b ON {on}", tables),  # noqa: S608
        removed=run_query(f"SELECT b.* FROM b ANTI JOIN a ON {on}", tables),  # noqa: S608
        changed=run_query(f"SELECT a.* FROM a JOIN b ON {on} WHERE {differs}", tables),  # noqa: S608
    )


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
