"""The analytics tables' maintenance commands (``collectivia-officials-analytics
expire-snapshots``, ``compact``), on a real Iceberg catalog (SQLite) and warehouse (a folder)
named by the environment, as in production: the old versions forgotten but the last ones,
the small files merged, and the indicators' figures the same after."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Cell, Indicators
from collectivia.officials_analytics.main import main
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.sink.writer import PARTITIONING
from collectivia.officials_analytics.storage import commands
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse

ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    """The tables the commands find through the environment: chat answers in four appends
    over three month partitions (a file per month and append)."""
    monkeypatch.setenv(
        "COLLECTIVIA_OFFICIALS_ANALYTICS_CATALOG_URL", f"sqlite:///{tmp_path / 'c.db'}"
    )
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_WAREHOUSE", str(tmp_path / "warehouse"))
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_SNAPSHOT_RETENTION_DAYS", "7")
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_SNAPSHOT_KEEP_LAST", "2")
    storage = StorageSettings()
    warehouse = Warehouse(
        analytics=storage.open_lakehouse(storage.namespace),
        lake=storage.open_lakehouse(storage.lake_namespace),
    )
    for load in range(4):
        append(warehouse.analytics, load)
    return warehouse


def append(lakehouse: Lakehouse, load: int) -> None:
    rows = [
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": datetime(2026, int(month[5:]), 10, tzinfo=UTC),
            "month": month,
            "answer_id": str(uuid.uuid4()),
            "conversation_id": f"{load}-{month}-{n}",
            "commune": "57463" if n % 3 else "57480",
            "theme": "Mairie > Horaires",
            "outcome": "answered" if n % 4 else "refused",
            "sources_cited": 1,
        }
        for month in MONTHS
        for n in range(12)
    ]
    lakehouse.write(
        "chat-answers",
        pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
        load_id=f"load-{load}",
        operation="events",
        replace=False,
        partitioning=PARTITIONING,
    )


@pytest.fixture
def root_logging() -> Iterator[None]:
    """The command sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def later(days: int) -> type[datetime]:
    """A ``datetime`` whose ``now`` is ``days`` ahead: the versions written now look old."""

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Later:
            return cls.fromtimestamp(datetime.now(UTC).timestamp(), UTC) + timedelta(days=days)

    return Later


def figures(warehouse: Warehouse) -> dict[str, tuple[Cell, ...]]:
    """The dashboard's chat figures, by month and commune (a fresh engine: nothing cached)."""
    indicators = Indicators(warehouse, today=lambda: date(2026, 3, 20))
    return {
        name: indicators.query(ADMIN, name, group_by=["month"]).cells
        for name in ("questions-posees", "taux-de-reponse")
    } | {
        "communes": indicators.query(ADMIN, "questions-posees", group_by=["commune"]).cells,
    }


def test_expire_snapshots_keeps_the_recent_versions(warehouse: Warehouse) -> None:
    assert commands.expire_snapshots(OfficialsAnalyticsSettings()) == 0
    assert len(warehouse.analytics.versions("chat-answers")) == 4


def test_expire_snapshots_forgets_the_versions_past_the_retention_but_the_last_ones(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = figures(warehouse)
    files = len(warehouse.analytics.table("chat-answers").inspect.data_files())
    monkeypatch.setattr(commands, "datetime", later(8))
    assert commands.expire_snapshots(OfficialsAnalyticsSettings()) == 0
    assert [v.load_id for v in warehouse.analytics.versions("chat-answers")] == [
        "load-2",
        "load-3",
    ]
    # Appends: the current version still needs every file; the figures are the same.
    assert len(warehouse.analytics.table("chat-answers").inspect.data_files()) == files
    assert figures(warehouse) == before


def test_compact_merges_the_files_and_the_figures_stay_the_same(warehouse: Warehouse) -> None:
    before = figures(warehouse)
    table = warehouse.analytics.table("chat-answers")
    assert len(table.inspect.data_files()) == 4 * len(MONTHS)
    assert commands.compact(OfficialsAnalyticsSettings()) == 0
    table = warehouse.analytics.table("chat-answers")
    assert len(table.inspect.data_files()) == len(MONTHS)  # one per month partition
    assert warehouse.analytics.versions("chat-answers")[-1].operation == "compaction"
    assert warehouse.analytics.read("chat-answers").num_rows == 4 * len(MONTHS) * 12
    assert figures(warehouse) == before
    assert before["questions-posees"]  # figures there to compare


def test_the_service_command_runs_a_maintenance_command_and_exits_with_its_code(
    warehouse: Warehouse, root_logging: None
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["compact"])
    assert exited.value.code == 0
    assert len(warehouse.analytics.table("chat-answers").inspect.data_files()) == len(MONTHS)
    with pytest.raises(SystemExit) as refused:
        main(["vacuum"])
    assert refused.value.code == 2
