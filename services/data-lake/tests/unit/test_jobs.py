"""``collectivia-data-lake-jobs``: the lake's maintenance once, as the chart's CronJobs run
it, on a real Iceberg catalog (SQLite) and warehouse (a folder) named by the environment:
old versions forgotten but the last ones, files left by failed writes deleted (not those of
a write in progress), small files merged, each said in French; an unreachable catalog is exit 3."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.data_lake import jobs
from collectivia.data_lake.main import jobs_main
from collectivia.data_lake.storage.area import StorageSettings, open_lakehouse
from collectivia.lakehouse.tables import Lakehouse


@pytest.fixture
def lakehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lakehouse:
    """Two datasets: one of four versions (one file each), one of two appends (two files)."""
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_CATALOG_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_WAREHOUSE", str(tmp_path / "warehouse"))
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_SNAPSHOT_RETENTION_DAYS", "30")
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_SNAPSHOT_KEEP_LAST", "2")
    lakehouse = open_lakehouse(StorageSettings())
    for n in range(4):
        lakehouse.write(
            "subventions", ids(n, n + 1), load_id=f"l{n}", operation="load", replace=True
        )
    for n in range(2):
        lakehouse.write(
            "releves", ids(10 * n, 10 * n + 3), load_id=f"t{n}", operation="x", replace=False
        )
    return lakehouse


@pytest.fixture(autouse=True)
def root_logging() -> Iterator[None]:
    """The job sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


NAMES = ("subventions", "releves")


def ids(start: int, stop: int) -> pa.Table:
    return pa.table({"id": pa.array(range(start, stop), pa.int64())})


def later(days: int) -> type[datetime]:
    """A ``datetime`` whose ``now`` is ``days`` ahead: the versions written now look old."""

    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Later:
            return cls.fromtimestamp(datetime.now(UTC).timestamp(), UTC) + timedelta(days=days)

    return Later


def run(job: str) -> int | str | None:
    with pytest.raises(SystemExit) as exited:
        jobs_main([job])
    return exited.value.code


def test_expire_snapshots_forgets_old_versions_and_deletes_orphan_files(
    lakehouse: Lakehouse,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A file a failed write left two days ago under the table's data folder (no version
    # references it), and one a write in progress has just put there, not committed yet.
    data = Path(lakehouse.table("releves").location().removeprefix("file://")) / "data"
    orphan = data / "left-by-a-failed-write.parquet"
    orphan.write_bytes(b"PAR1")
    two_days_ago = time.time() - 2 * 86400
    os.utime(orphan, (two_days_ago, two_days_ago))
    in_progress = data / "being-written.parquet"
    in_progress.write_bytes(b"PAR1")
    snapshots = {
        name: len(lakehouse.table(name).snapshots()) for name in ("subventions", "releves")
    }
    monkeypatch.setattr(jobs, "datetime", later(31))
    assert run("expire-snapshots") == 0
    out = capsys.readouterr().out
    assert not orphan.exists()
    assert in_progress.exists()  # the writer may still commit it
    # subventions: its last two versions kept; releves: two versions, both kept.
    assert [v.load_id for v in lakehouse.versions("subventions")] == ["l2", "l3"]
    assert [v.load_id for v in lakehouse.versions("releves")] == ["t0", "t1"]
    assert sorted(lakehouse.read("releves").column("id").to_pylist()) == [0, 1, 2, 10, 11, 12]
    expired = snapshots["subventions"] - len(lakehouse.table("subventions").snapshots())
    assert len(lakehouse.table("releves").snapshots()) == snapshots["releves"]
    assert expired > 0
    assert f"Expiration des versions : 2 jeu(x) de données ; {expired} instantané(s)" in out
    assert "; 3 fichier(s) de données dans les versions courantes." in out


def test_compact_merges_small_files_and_says_how_many(
    lakehouse: Lakehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("compact") == 0
    assert "Compactage : 2 jeu(x) de données ; 3 fichier(s) de données avant, 2 après." in (
        capsys.readouterr().out
    )
    assert len(lakehouse.table("releves").inspect.data_files()) == 1


def test_an_unreachable_catalog_is_exit_3_said_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing listens on port 1: the connection is refused at once.
    unreachable = "postgresql+psycopg2://lake:secret@127.0.0.1:1/catalog"
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_CATALOG_URL", unreachable)
    monkeypatch.setenv("COLLECTIVIA_DATA_LAKE_WAREHOUSE", str(tmp_path / "warehouse"))
    assert run("compact") == 3
    err = capsys.readouterr().err
    assert "La tâche « compact » n'a pas pu aller au bout (OperationalError)" in err
