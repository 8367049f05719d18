"""The maintenance commands a scheduler runs (``collectivia-data-lake expire-snapshots``,
``compact``), on a real Iceberg catalog (SQLite) and warehouse (a folder) named by the
environment, as in production: every dataset's old versions forgotten but the last ones,
every dataset's small files merged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.data_lake.main import main
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage import commands
from collectivia.data_lake.storage.area import StorageSettings, open_lakehouse
from collectivia.lakehouse.tables import Lakehouse


@pytest.fixture
def lakehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lakehouse:
    """The lake the commands find through the environment, with two datasets: one of four
    versions, one of two appends (two files)."""
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_CATALOG_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_WAREHOUSE", str(tmp_path / "warehouse"))
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_SNAPSHOT_RETENTION_DAYS", "30")
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_SNAPSHOT_KEEP_LAST", "2")
    lakehouse = open_lakehouse(StorageSettings())
    for n in range(4):
        lakehouse.write(
            "subventions", amounts(n, n + 1), load_id=f"load-{n}", operation="load", replace=True
        )
    for n in range(2):
        lakehouse.write(
            "releves", amounts(10 * n, 10 * n + 3), load_id=f"t-{n}", operation="x", replace=False
        )
    return lakehouse


@pytest.fixture
def root_logging() -> Iterator[None]:
    """The command sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def amounts(start: int, stop: int) -> pa.Table:
    return pa.table({"id": pa.array(range(start, stop), pa.int64())})


def later(days: int) -> type[datetime]:
    """A ``datetime`` whose ``now`` is ``days`` ahead: the versions written now look old."""

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Later:
            return cls.fromtimestamp(datetime.now(UTC).timestamp(), UTC) + timedelta(days=days)

    return Later


def test_expire_snapshots_keeps_the_recent_versions(lakehouse: Lakehouse) -> None:
    assert commands.expire_snapshots(DataLakeSettings()) == 0
    assert len(lakehouse.versions("subventions")) == 4
    assert len(lakehouse.versions("releves")) == 2


def test_expire_snapshots_forgets_old_versions_but_the_last_ones(
    lakehouse: Lakehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "datetime", later(31))
    assert commands.expire_snapshots(DataLakeSettings()) == 0
    assert [v.load_id for v in lakehouse.versions("subventions")] == ["load-2", "load-3"]
    assert lakehouse.read("subventions").column("id").to_pylist() == [3]
    assert [v.load_id for v in lakehouse.versions("releves")] == ["t-0", "t-1"]


def test_compact_merges_every_datasets_files(lakehouse: Lakehouse) -> None:
    assert len(lakehouse.table("releves").inspect.data_files()) == 2
    assert commands.compact(DataLakeSettings()) == 0
    assert len(lakehouse.table("releves").inspect.data_files()) == 1
    assert sorted(lakehouse.read("releves").column("id").to_pylist()) == [0, 1, 2, 10, 11, 12]
    assert [v.operation for v in lakehouse.versions("releves")] == ["x", "x", "compaction"]
    # One file already: nothing to merge, no new version.
    assert [v.load_id for v in lakehouse.versions("subventions")][-1] == "load-3"


def test_the_service_command_runs_a_maintenance_command_and_exits_with_its_code(
    lakehouse: Lakehouse, root_logging: None
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["compact"])
    assert exited.value.code == 0
    assert len(lakehouse.table("releves").inspect.data_files()) == 1
    with pytest.raises(SystemExit) as refused:
        main(["vacuum"])
    assert refused.value.code == 2
