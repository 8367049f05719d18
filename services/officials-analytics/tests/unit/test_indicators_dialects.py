"""The indicators' SQL in both dialects (DuckDB embedded, Trino): the same statement and the
same bound values for every declared indicator, but for what DuckDB alone has (``epoch``,
``median``); the engine given the tables, not rows, when Trino scans them; Trino unreachable
as a French 503; the setting that chooses the engine, checked at start."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from pydantic import ValidationError

from collectivia.lakehouse.engines import Dialect, TableRead, TrinoAddress, TrinoEngine
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import (
    HANDOFF_REPLY_DELAY,
    INDICATORS,
    QUESTIONS_ASKED,
)
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.indicators.engine import Indicators, dataset_id
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.errors import DependencyUnavailable

ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
SCOPE = Scope("2026-01", "2026-06", ("57463", "57480"))
# What only DuckDB reads: Trino's statement must have none of it.
DUCKDB_ONLY = re.compile(r"\bepoch\(|\bmedian\(|\bQUALIFY\b|::", re.IGNORECASE)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.name)
def test_both_dialects_bind_the_same_values_in_the_same_statement(indicator: Indicator) -> None:
    for group_by in ([], list(indicator.all_dimensions)):
        scope = SCOPE if indicator.per_commune else Scope("2026-01", "2026-06", None)
        duckdb = statement(indicator, group_by, scope, "duckdb")
        trino = statement(indicator, group_by, scope, "trino")
        assert trino.parameters == duckdb.parameters
        assert trino.sql.count("?") == len(trino.parameters)
        assert trino.registered == duckdb.registered
        assert not DUCKDB_ONLY.search(trino.sql), trino.sql
        for value in trino.parameters:
            if isinstance(value, str) and len(value) > 2:
                assert f"'{value}'" not in trino.sql


def test_the_median_and_elapsed_hours_in_each_dialect() -> None:
    duckdb = statement(HANDOFF_REPLY_DELAY, [], SCOPE, "duckdb").sql
    trino = statement(HANDOFF_REPLY_DELAY, [], SCOPE, "trino").sql
    hours = '((epoch("t1"."occurred_at") - epoch("t0"."occurred_at")) / 3600.0)'
    assert f"median({hours})" in duckdb
    hours = hours.replace("epoch", "to_unixtime")
    # Exact, as DuckDB's: the middle of the sorted values, or the mean of the two middle ones.
    assert f"array_sort(array_agg({hours}))" in trino
    assert f"CAST((nullif(count({hours}), 0) + 1) / 2 AS BIGINT)" in trino
    assert f"CAST(nullif(count({hours}), 0) / 2 + 1 AS BIGINT)" in trino
    # The first reply of each handoff: a numbered subquery, not DuckDB's QUALIFY.
    assert 'row_number() OVER (PARTITION BY "handoff_id" ORDER BY "occurred_at")' in trino


class RecordingEngine:
    """Stands for Trino: records what it is given, answers one group."""

    def __init__(self) -> None:
        self.given: list[Mapping[str, TableRead]] = []
        self.sql: list[str] = []

    @property
    def dialect(self) -> Dialect:
        return "trino"

    @property
    def in_process(self) -> bool:
        return False

    def run(
        self, sql: str, tables: Mapping[str, TableRead], parameters: Sequence[object] = ()
    ) -> pa.Table:
        self.given.append(tables)
        self.sql.append(sql)
        return pa.table({"value": [7.0], "size": pa.array([7], pa.int64())})


def open_warehouse(folder: Path) -> Warehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    return Warehouse(
        analytics=settings.open_lakehouse("analytics"), lake=settings.open_lakehouse("collectivia")
    )


def test_trino_is_given_the_tables_at_their_snapshot_not_rows(tmp_path: Path) -> None:
    warehouse = open_warehouse(tmp_path)
    engine = RecordingEngine()
    indicators = Indicators(warehouse, engine=engine, today=lambda: date(2026, 6, 20))
    # No table yet: an empty relation with the declared types.
    assert [c.value for c in indicators.query(ADMIN, QUESTIONS_ASKED.name).cells] == [7.0]
    [given] = engine.given
    assert given["src0"].table is None and given["src0"].rows is None
    assert given["src0"].type_of("month") == pa.string()
    rows = pa.Table.from_pylist(
        [{"event_id": "e1", "month": "2026-05", "commune": "57463", "conversation_id": "c1"}],
        schema=TABLES["chat_answers"],
    )
    version = warehouse.analytics.write(
        dataset_id("chat_answers"), rows, load_id="l1", operation="test", replace=False
    )
    indicators.query(ADMIN, QUESTIONS_ASKED.name)
    read = engine.given[-1]["src0"]
    assert read.rows is None and read.table is not None
    assert read.snapshot_id == version.snapshot_id
    assert set(read.columns) >= {"month", "commune", "theme", "outcome", "conversation_id"}
    assert "median(" not in engine.sql[-1]
    # Cached for that snapshot: Trino is not asked again.
    indicators.query(ADMIN, QUESTIONS_ASKED.name)
    assert len(engine.given) == 2


def test_an_unreachable_trino_is_a_french_503(tmp_path: Path) -> None:
    down = TrinoEngine(TrinoAddress(url="http://127.0.0.1:9", catalog="lake", user="tests"))
    indicators = Indicators(open_warehouse(tmp_path), engine=down, today=lambda: date(2026, 6, 1))
    with pytest.raises(DependencyUnavailable) as refused:
        indicators.query(ADMIN, QUESTIONS_ASKED.name)
    assert refused.value.detail == messages.QUERY_ENGINE_UNAVAILABLE
    assert refused.value.http_status == 503


def test_the_engine_setting_is_checked_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_QUERY_ENGINE", "trino")
    with pytest.raises(ValidationError, match="trino_url"):
        StorageSettings()
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_TRINO_URL", "trino:8080")
    with pytest.raises(ValidationError, match="host:port"):
        StorageSettings()
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_TRINO_URL", "http://trino.local:8080")
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_TRINO_CATALOG", "iceberg")
    settings = StorageSettings()
    assert settings.open_query_engine().dialect == "trino"
    assert settings.trino_address().catalog == "iceberg"
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_QUERY_ENGINE", "spark")
    with pytest.raises(ValidationError):
        StorageSettings()
