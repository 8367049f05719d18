"""The tables' rows kept in memory between queries (``indicators/rows.py``): every row of
the snapshot asked, a later append read incrementally (its new files only), any other change
read again, the memory bounded; and the engine over them: the same figures as a scan, one
commune's figures never another's."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from pyiceberg.io.pyarrow import ArrowScan

from collectivia.lakehouse.engines import Dialect
from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.indicators import engine as engine_module
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.engine import (
    IndicatorPolicy,
    Indicators,
    dictionary_columns,
    kept_columns,
)
from collectivia.officials_analytics.indicators.refresh import start_refreshing
from collectivia.officials_analytics.indicators.rows import KeptRows, RowsCache, bucketed
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.testkit.waiting import wait_until

METZ, WOIPPY = "57463", "57480"
COLUMNS = ["month", "commune", "conversation_id"]


def open_warehouse(folder: Path) -> Warehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    return Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )


def answers(commune: str, month: str, count: int) -> pa.Table:
    return pa.table(
        {
            "month": [month] * count,
            "commune": [commune] * count,
            "conversation_id": [str(uuid.uuid4()) for _ in range(count)],
        }
    )


def append(lakehouse: Lakehouse, rows: pa.Table, *, replace: bool = False) -> int:
    return lakehouse.write(
        "chat-answers", rows, load_id=uuid.uuid4().hex, operation="test", replace=replace
    ).snapshot_id


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    return open_warehouse(tmp_path).analytics


@pytest.fixture
def files_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each read of the cache opened."""
    counts: list[int] = []
    original = ArrowScan.to_table

    def counted(self: ArrowScan, tasks: Any) -> pa.Table:
        tasks = list(tasks)
        counts.append(len(tasks))
        return original(self, tasks)

    monkeypatch.setattr(ArrowScan, "to_table", counted)
    return counts


def kept(cache: RowsCache, lakehouse: Lakehouse, snapshot: int) -> KeptRows | None:
    return cache.rows(
        "analytics.chat_answers",
        lakehouse.table("chat-answers"),
        snapshot,
        COLUMNS,
        dictionary=("month", "commune"),
    )


def communes(rows: KeptRows | None) -> list[str]:
    assert rows is not None
    return sorted(str(v) for v in rows.select().column("commune").to_pylist())


def test_every_row_of_the_snapshot_is_kept_and_an_append_is_read_incrementally(
    lakehouse: Lakehouse, files_read: list[int]
) -> None:
    cache = RowsCache(max_bytes=10**8)
    first = append(lakehouse, answers(METZ, "2026-01", 3))
    rows = kept(cache, lakehouse, first)
    assert communes(rows) == [METZ] * 3
    assert kept(cache, lakehouse, first) is rows  # the same snapshot: nothing read
    second = append(lakehouse, answers(WOIPPY, "2026-02", 2))
    assert communes(kept(cache, lakehouse, second)) == [METZ] * 3 + [WOIPPY] * 2
    assert files_read == [1, 1]  # the second read opened the appended file only
    assert cache.kept_bytes > 0


def test_a_replacement_reads_the_table_again(lakehouse: Lakehouse, files_read: list[int]) -> None:
    cache = RowsCache(max_bytes=10**8)
    first = append(lakehouse, answers(METZ, "2026-01", 3))
    assert communes(kept(cache, lakehouse, first)) == [METZ] * 3
    replaced = append(lakehouse, answers(WOIPPY, "2026-01", 1), replace=True)
    assert communes(kept(cache, lakehouse, replaced)) == [WOIPPY]
    assert files_read == [1, 1]


def test_low_cardinality_text_is_dictionary_encoded(lakehouse: Lakehouse) -> None:
    cache = RowsCache(max_bytes=10**8)
    rows = kept(cache, lakehouse, append(lakehouse, answers(METZ, "2026-01", 4)))
    assert rows is not None
    assert pa.types.is_dictionary(rows.schema.field("commune").type)
    assert rows.schema.field("conversation_id").type == pa.string()


def test_a_query_is_given_the_buckets_of_its_period_and_communes(lakehouse: Lakehouse) -> None:
    cache = RowsCache(max_bytes=10**8)
    append(lakehouse, answers(METZ, "2026-01", 3))
    append(lakehouse, answers(WOIPPY, "2026-02", 2))
    snapshot = append(lakehouse, answers(METZ, "2026-03", 1))
    rows = kept(cache, lakehouse, snapshot)
    assert rows is not None
    assert rows.select().num_rows == 6
    assert rows.select(("2026-02", "2026-03")).num_rows == 3
    assert rows.select(None, (METZ,)).num_rows == 4
    assert communes_of(rows.select(("2026-01", "2026-02"), (WOIPPY,))) == [WOIPPY] * 2
    assert rows.select(("2026-04", "2026-12")).num_rows == 0
    assert rows.select(None, ()).num_rows == 0  # no commune: nothing
    # Buckets hold contiguous rows whatever the order the files came in.
    assert sorted(key for key in rows.buckets) == [
        ("2026-01", METZ),
        ("2026-02", WOIPPY),
        ("2026-03", METZ),
    ]


def communes_of(rows: pa.Table) -> list[str]:
    return sorted(str(v) for v in rows.column("commune").to_pylist())


def test_the_memory_is_bounded(lakehouse: Lakehouse) -> None:
    snapshot = append(lakehouse, answers(METZ, "2026-01", 50))
    assert kept(RowsCache(max_bytes=0), lakehouse, snapshot) is None  # off
    small = RowsCache(max_bytes=100)
    assert kept(small, lakehouse, snapshot) is None  # bigger than the bound: the caller scans
    assert small.kept_bytes == 0


def test_the_least_recently_used_table_goes_first(lakehouse: Lakehouse, tmp_path: Path) -> None:
    other = open_warehouse(tmp_path / "other").analytics
    first = append(lakehouse, answers(METZ, "2026-01", 20))
    second = append(other, answers(WOIPPY, "2026-01", 20))
    probe = RowsCache(max_bytes=10**8)
    one = kept(probe, lakehouse, first)
    assert one is not None
    cache = RowsCache(max_bytes=one.nbytes + one.nbytes // 2)
    kept(cache, lakehouse, first)
    assert cache.kept_bytes == one.nbytes > 0
    cache.rows(
        "other", other.table("chat-answers"), second, COLUMNS, dictionary=("month", "commune")
    )
    assert cache.kept_bytes <= one.nbytes + one.nbytes // 2  # the first evicted


def test_the_kept_columns_are_those_the_catalogue_reads() -> None:
    columns = kept_columns(INDICATORS)
    assert {"month", "commune", "outcome", "conversation_id", "answer_id"} <= set(
        columns["chat_answers"]
    )
    assert "question" not in columns["chat_answers"]  # no indicator reads the masked text
    encoded = dictionary_columns(INDICATORS)
    assert "commune" in encoded["chat_answers"] and "month" in encoded["chat_answers"]
    # The privacy units and the join keys: one value per row or nearly, kept as they are.
    assert "conversation_id" not in encoded["chat_answers"]
    assert "answer_id" not in encoded["chat_answers"]


def full_answers(commune: str, month: str, count: int) -> list[dict[str, Any]]:
    return [
        {
            "event_id": str(uuid.uuid4()),
            "answer_id": str(uuid.uuid4()),
            "conversation_id": str(uuid.uuid4()),
            "commune": commune,
            "theme": "Mairie > Horaires",
            "outcome": "answered",
            "sources_cited": 1,
            "month": month,
        }
        for _ in range(count)
    ]


@pytest.mark.parametrize("rows_cache_bytes", [0, 10**8])
def test_the_engine_gives_the_same_figures_and_each_commune_its_own(
    tmp_path: Path, rows_cache_bytes: int
) -> None:
    warehouse = open_warehouse(tmp_path)
    indicators = Indicators(
        warehouse,
        today=lambda: date(2026, 6, 20),
        # No worker: the queries fill the rows themselves.
        policy=IndicatorPolicy(rows_cache_bytes=rows_cache_bytes, rows_refresh_seconds=0),
    )

    def write(rows: list[dict[str, Any]]) -> None:
        warehouse.analytics.write(
            "chat-answers",
            pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
            load_id=uuid.uuid4().hex,
            operation="test",
            replace=False,
        )

    official = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))
    admin = Viewer(roles=frozenset({"admin"}), communes=())
    write(full_answers(METZ, "2026-03", 8) + full_answers(WOIPPY, "2026-03", 5))
    assert [c.value for c in indicators.query(official, "questions-posees").cells] == [5.0]
    assert [c.value for c in indicators.query(admin, "questions-posees").cells] == [13.0]
    # A commit of the sink: the figures follow (the new rows read, the results recomputed).
    write(full_answers(WOIPPY, "2026-04", 6) + full_answers(METZ, "2025-01", 9))
    assert [c.value for c in indicators.query(official, "questions-posees").cells] == [11.0]
    assert [c.value for c in indicators.query(admin, "questions-posees").cells] == [19.0]
    assert (indicators.rows_cache.kept_bytes > 0) == (rows_cache_bytes > 0)


def test_the_rows_are_read_before_anyone_asks(tmp_path: Path, files_read: list[int]) -> None:
    warehouse = open_warehouse(tmp_path)
    warehouse.analytics.write(
        "chat-answers",
        pa.Table.from_pylist(full_answers(METZ, "2026-03", 6), schema=TABLES["chat_answers"]),
        load_id=uuid.uuid4().hex,
        operation="test",
        replace=False,
    )
    indicators = Indicators(warehouse, today=lambda: date(2026, 6, 20))
    assert indicators.refresh_rows() == 1  # the one analytics table written
    assert files_read == [1]
    admin = Viewer(roles=frozenset({"admin"}), communes=())
    assert [c.value for c in indicators.query(admin, "questions-posees").cells] == [6.0]
    assert files_read == [1]  # the query read nothing more


def test_the_worker_refreshes_the_rows_unless_turned_off(tmp_path: Path) -> None:
    warehouse = open_warehouse(tmp_path)
    warehouse.analytics.write(
        "chat-answers",
        pa.Table.from_pylist(full_answers(METZ, "2026-03", 2), schema=TABLES["chat_answers"]),
        load_id=uuid.uuid4().hex,
        operation="test",
        replace=False,
    )
    off = Indicators(warehouse, policy=IndicatorPolicy(rows_refresh_seconds=0))
    start_refreshing(off).stop()
    assert off.rows_cache.kept_bytes == 0
    on = Indicators(warehouse, policy=IndicatorPolicy(rows_refresh_seconds=0.05))
    refresher = start_refreshing(on)
    try:
        wait_until(lambda: on.rows_cache.kept_bytes > 0, timeout=20, what="the rows read")
    finally:
        refresher.stop()


def test_rows_are_bucketed_by_month_and_commune_values() -> None:
    rows = pa.table(
        {
            "month": ["2026-02", "2026-01", None, "2026-02", "2026-01"],
            "commune": [METZ, METZ, METZ, WOIPPY, METZ],
            "n": [1, 2, 3, 4, 5],
        }
    )
    buckets = {key: pa.concat_tables(pieces) for key, pieces in bucketed(rows).items()}
    assert {key: table.column("n").to_pylist() for key, table in buckets.items()} == {
        ("2026-01", METZ): [2, 5],
        ("2026-02", METZ): [1],
        ("2026-02", WOIPPY): [4],
        (None, METZ): [3],
    }
    assert list(bucketed(pa.table({"n": [1, 2]}))) == [(None, None)]
    assert bucketed(rows.slice(0, 0)) == {}


def test_after_a_commit_the_queries_asked_lately_are_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = open_warehouse(tmp_path)

    def write(rows: list[dict[str, Any]]) -> None:
        warehouse.analytics.write(
            "chat-answers",
            pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
            load_id=uuid.uuid4().hex,
            operation="test",
            replace=False,
        )

    write(full_answers(METZ, "2026-03", 6) + full_answers(WOIPPY, "2026-03", 5))
    indicators = Indicators(warehouse, today=lambda: date(2026, 6, 20))
    official = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))
    assert indicators.refresh_rows() == 1
    assert indicators.refresh_rows() == 0  # nothing new
    assert [c.value for c in indicators.query(official, "questions-posees").cells] == [5.0]
    write(full_answers(WOIPPY, "2026-04", 7) + full_answers(METZ, "2026-04", 8))
    assert indicators.refresh_rows() == 1
    assert indicators.recompute_asked() == 1  # Woippy's figure, for Woippy's scope

    def not_again(*_args: object) -> None:
        raise AssertionError("computed in the request")

    monkeypatch.setattr(engine_module, "measure", not_again)
    assert [c.value for c in indicators.query(official, "questions-posees").cells] == [12.0]


def test_with_the_worker_on_a_request_never_waits_for_a_table_s_first_read(
    tmp_path: Path,
) -> None:
    warehouse = open_warehouse(tmp_path)
    warehouse.analytics.write(
        "chat-answers",
        pa.Table.from_pylist(full_answers(METZ, "2026-03", 6), schema=TABLES["chat_answers"]),
        load_id=uuid.uuid4().hex,
        operation="test",
        replace=False,
    )
    indicators = Indicators(warehouse, today=lambda: date(2026, 6, 20))  # worker's policy
    admin = Viewer(roles=frozenset({"admin"}), communes=())
    assert [c.value for c in indicators.query(admin, "questions-posees").cells] == [6.0]
    assert indicators.rows_cache.kept_bytes == 0  # scanned with its filters, nothing kept
    indicators.refresh_rows()
    assert indicators.rows_cache.kept_bytes > 0


class ScansItself:
    """An engine like Trino (it scans the tables itself) that records what it is asked."""

    dialect: Dialect = "trino"
    in_process = False

    def __init__(self) -> None:
        self.asked: list[str] = []

    def run(self, sql: str, tables: Any, parameters: Any = ()) -> pa.Table:
        self.asked.append(sql)
        return pa.table({"value": pa.array([], pa.float64()), "size": pa.array([], pa.int64())})


def test_with_an_engine_that_scans_itself_the_worker_reads_no_rows(tmp_path: Path) -> None:
    warehouse = open_warehouse(tmp_path)
    warehouse.analytics.write(
        "chat-answers",
        pa.Table.from_pylist(full_answers(METZ, "2026-03", 6), schema=TABLES["chat_answers"]),
        load_id=uuid.uuid4().hex,
        operation="test",
        replace=False,
    )
    trino = ScansItself()
    indicators = Indicators(warehouse, today=lambda: date(2026, 6, 20), engine=trino)
    admin = Viewer(roles=frozenset({"admin"}), communes=())
    indicators.query(admin, "questions-posees")
    # The new snapshot is noted and the query asked is computed again, by the engine; no
    # row is read into this process.
    assert indicators.refresh_rows() == 1
    assert indicators.recompute_asked() == 1
    assert indicators.rows_cache.kept_bytes == 0
    assert len(trino.asked) == 1  # the same snapshot: the cached result
