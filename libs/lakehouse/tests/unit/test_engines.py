"""The query adapter: DuckDB embedded over an Iceberg table (its snapshot, its columns, those
it lacks as typed nulls, a table not created yet as empty), the statement Trino is sent (each
name a WITH query over the catalog's table at its snapshot), Trino's rows as Arrow with the
same types, an unreachable Trino as EngineUnavailable, the settings that choose the engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from pydantic import ValidationError
from pyiceberg.expressions import EqualTo

from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.engines import (
    EmbeddedDuckDb,
    EngineUnavailable,
    TableRead,
    TrinoAddress,
    TrinoEngine,
    arrow_type,
)
from collectivia.lakehouse.settings import QueryEngineFields
from collectivia.lakehouse.tables import Lakehouse

SQL = (
    'SELECT "kind", count(*) AS "n", max("size") AS "size" FROM "src0" WHERE "kind" <> ? '
    "GROUP BY 1 ORDER BY 1"
)


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    location = CatalogLocation(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}",
        catalog_name="lake",
        warehouse=str(tmp_path / "warehouse"),
    )
    return Lakehouse(catalog=open_catalog(location), namespace="analytics")


def write(lakehouse: Lakehouse, kinds: Sequence[str]) -> int:
    rows = pa.table({"kind": list(kinds), "weight": [1.5] * len(kinds)})
    return lakehouse.write(
        "facts", rows, load_id=str(len(kinds)), operation="test", replace=False
    ).snapshot_id


def test_duckdb_reads_the_snapshot_asked_with_missing_columns_as_typed_nulls(
    lakehouse: Lakehouse,
) -> None:
    first = write(lakehouse, ["a", "a", "b"])
    write(lakehouse, ["a", "c"])
    table = lakehouse.table("facts")
    read = TableRead(table, ("kind", "size"), first, types={"size": pa.int64()})
    result = EmbeddedDuckDb().run(SQL, {"src0": read}, ["b"])
    assert result.to_pylist() == [{"kind": "a", "n": 2, "size": None}]
    assert result.schema.field("size").type == pa.int64()
    # The current snapshot, its filter pushed into the scan.
    current = TableRead(table, ("kind", "size"), row_filter=EqualTo(term="kind", value="a"))
    assert EmbeddedDuckDb().run(SQL, {"src0": current}, ["b"]).column("n").to_pylist() == [3]
    # Rows the caller holds are queried as they are.
    held = TableRead.of_rows(pa.table({"kind": ["z"], "size": [4]}))
    assert EmbeddedDuckDb().run(SQL, {"src0": held}, ["b"]).to_pylist() == [
        {"kind": "z", "n": 1, "size": 4}
    ]


def test_a_table_not_created_yet_reads_as_empty() -> None:
    empty = TableRead(None, ("kind", "size"), types={"size": pa.int64()})
    assert EmbeddedDuckDb().run(SQL, {"src0": empty}, ["b"]).num_rows == 0
    assert "FROM (VALUES 0)" in trino_engine().statement(SQL, {"src0": empty})


class FakeCursor:
    def __init__(self, calls: list[tuple[str, Any]]) -> None:
        self.calls = calls
        self.description = [
            ("kind", "varchar(12)", None, None, None, None, None),
            ("n", "bigint", None, None, None, None, None),
            ("share", "double", None, None, None, None, None),
            ("amount", "decimal(10, 2)", None, None, None, None, None),
            ("at", "timestamp(6) with time zone", None, None, None, None, None),
        ]

    def execute(self, sql: str, parameters: Any) -> None:
        self.calls.append((sql, parameters))

    def fetchall(self) -> list[list[Any]]:
        return [["a", 2, 0.5, None, None], ["b", None, None, None, None]]


class FakeConnection:
    def __init__(self, calls: list[tuple[str, Any]], arguments: dict[str, Any]) -> None:
        self.calls = calls
        self.arguments = arguments

    def __enter__(self) -> FakeConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def cursor(self) -> FakeCursor:
        return FakeCursor(self.calls)


def trino_engine(
    calls: list[tuple[str, Any]] | None = None, url: str = "http://127.0.0.1:8095"
) -> TrinoEngine:
    sent = calls if calls is not None else []
    opened: list[dict[str, Any]] = []

    def connect(**arguments: Any) -> FakeConnection:
        opened.append(arguments)
        return FakeConnection(sent, arguments)

    return TrinoEngine(TrinoAddress(url=url, catalog="lake", user="tests"), connect=connect)


def test_trino_is_sent_the_catalog_tables_at_their_snapshot(lakehouse: Lakehouse) -> None:
    snapshot = write(lakehouse, ["a"])
    calls: list[tuple[str, Any]] = []
    read = TableRead(lakehouse.table("facts"), ("kind", "size"), snapshot)
    result = trino_engine(calls).run(SQL, {"src0": read}, ["b"])
    [(sql, parameters)] = calls
    assert sql == (
        'WITH "src0" AS (SELECT "kind", CAST(NULL AS varchar) AS "size" FROM '
        f'"lake"."analytics"."facts" FOR VERSION AS OF {snapshot}) {SQL}'
    )
    assert parameters == ["b"]
    # Trino's types as Arrow's, also for a column of nulls only.
    assert result.schema == pa.schema(
        [
            ("kind", pa.string()),
            ("n", pa.int64()),
            ("share", pa.float64()),
            ("amount", pa.decimal128(10, 2)),
            ("at", pa.timestamp("us", tz="UTC")),
        ]
    )
    assert result.column("n").to_pylist() == [2, None]
    with pytest.raises(ValueError, match="not rows"):
        trino_engine().run(SQL, {"src0": TableRead.of_rows(pa.table({"kind": ["a"]}))})


def test_identifiers_stay_identifiers(lakehouse: Lakehouse) -> None:
    write(lakehouse, ["a"])
    read = TableRead(lakehouse.table("facts"), ('we"ird',))
    statement = trino_engine().statement("SELECT 1", {'s"rc': read})
    assert statement.startswith('WITH "s""rc" AS (SELECT CAST(NULL AS varchar) AS "we""ird" FROM')


def test_arrow_types_of_trino_types() -> None:
    assert arrow_type("varchar") == pa.string()
    assert arrow_type("boolean") == pa.bool_()
    assert arrow_type("timestamp(3)") == pa.timestamp("us")
    assert arrow_type("array(varchar)") is None  # inferred from the values


def test_an_unreachable_trino_is_unavailable(lakehouse: Lakehouse) -> None:
    write(lakehouse, ["a"])
    # Port 9 (discard) on the loopback: nothing listens there.
    engine = TrinoEngine(TrinoAddress(url="http://127.0.0.1:9", catalog="lake", user="tests"))
    with pytest.raises(EngineUnavailable):
        engine.run(SQL, {"src0": TableRead(lakehouse.table("facts"), ("kind", "size"))}, ["b"])


@pytest.mark.parametrize(
    "url", ["", "127.0.0.1:8095", "ftp://trino:8095", "http://trino", "http://u:p@trino:8095"]
)
def test_trino_needs_a_coordinator_address(url: str) -> None:
    with pytest.raises(ValidationError) as refused:
        QueryEngineFields(query_engine="trino", trino_url=url)
    assert "trino" in str(refused.value).lower()


def test_the_settings_choose_the_engine() -> None:
    assert QueryEngineFields().open_query_engine().dialect == "duckdb"
    fields = QueryEngineFields(query_engine="trino", trino_url="https://trino.example:8443")
    engine = fields.open_query_engine()
    assert (engine.dialect, engine.in_process) == ("trino", False)
    with pytest.raises(ValidationError):
        QueryEngineFields.model_validate({"query_engine": "spark"})


def test_months_are_derived_from_a_year_a_date_a_timestamp_or_text(lakehouse: Lakehouse) -> None:
    # 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time): April.
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    rows = pa.table(
        {
            "year": pa.array([2024, None, 2026], pa.int32()),
            "day": pa.array([date(2026, 3, 31), None, date(2026, 1, 2)], pa.date32()),
            "at": pa.array([late, None, late], pa.timestamp("us", tz="UTC")),
            "text": ["2026-03-05T10:00:00+01:00", "mars 2026", "2026-13-01"],
        }
    )
    lakehouse.write("dated", rows, load_id="d", operation="test", replace=True)
    sources = {"y": "year", "d": "day", "t": "at", "x": "text"}
    read = TableRead(lakehouse.table("dated"), ("y", "d", "t", "x"), months=sources)
    derived = EmbeddedDuckDb().run('SELECT * FROM "src0"', {"src0": read})
    assert derived.to_pylist() == [
        {"y": "2024-01", "d": "2026-03", "t": "2026-04", "x": "2026-03"},
        {"y": None, "d": None, "t": None, "x": None},
        {"y": "2026-01", "d": "2026-01", "t": "2026-04", "x": None},
    ]
    sent = trino_engine().statement('SELECT * FROM "src0"', {"src0": read})
    assert "format_datetime(\"at\" AT TIME ZONE 'Europe/Paris', 'yyyy-MM') AS \"t\"" in sent
    assert 'regexp_like("text"' in sent and "lpad(CAST(\"year\" AS VARCHAR), 4, '0')" in sent
