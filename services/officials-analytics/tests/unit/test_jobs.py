"""``collectivia-officials-analytics-jobs``: the analytics tables' maintenance once, as the
chart's CronJobs run it, on a real Iceberg catalog (SQLite) and warehouse (a folder) named
by the environment, each said in French."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics import jobs
from collectivia.officials_analytics.main import jobs_main
from collectivia.officials_analytics.storage.area import StorageSettings


@pytest.fixture
def analytics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lakehouse:
    """One analytics table of three appends (three small files), as the sink leaves them."""
    prefix = "COLLECTIVIA_OFFICIALS_ANALYTICS_"
    monkeypatch.setenv(f"{prefix}CATALOG_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv(f"{prefix}WAREHOUSE", str(tmp_path / "warehouse"))
    monkeypatch.setenv(f"{prefix}SNAPSHOT_RETENTION_DAYS", "7")
    monkeypatch.setenv(f"{prefix}SNAPSHOT_KEEP_LAST", "1")
    storage = StorageSettings()
    lakehouse = storage.open_lakehouse(storage.namespace)
    for n in range(3):
        rows = pa.table({"id": pa.array([n], pa.int64())})
        lakehouse.write("chat-answers", rows, load_id=f"l{n}", operation="events", replace=False)
    return lakehouse


@pytest.fixture(autouse=True)
def root_logging() -> Iterator[None]:
    """The job sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def later(days: int) -> type[datetime]:
    class Later(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Later:
            return cls.fromtimestamp(datetime.now(UTC).timestamp(), UTC) + timedelta(days=days)

    return Later


def run(job: str) -> int | str | None:
    with pytest.raises(SystemExit) as exited:
        jobs_main([job])
    return exited.value.code


def test_compact_then_expire_leave_one_file_and_the_same_rows(
    analytics: Lakehouse, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("compact") == 0
    assert "Compactage : 1 table(s) d'analyse ; 3 fichier(s) de données avant, 1 après." in (
        capsys.readouterr().out
    )
    before = len(analytics.table("chat-answers").snapshots())
    monkeypatch.setattr(jobs, "datetime", later(8))
    assert run("expire-snapshots") == 0
    out = capsys.readouterr().out
    assert len(analytics.table("chat-answers").snapshots()) == 1  # the last version kept
    assert f"Expiration des versions : 1 table(s) d'analyse ; {before - 1} instantané(s)" in out
    assert sorted(analytics.read("chat-answers").column("id").to_pylist()) == [0, 1, 2]


def test_an_unknown_job_is_refused_with_the_jobs_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("vacuum") == 2
    assert "les tâches de ce service sont compact, expire-snapshots" in capsys.readouterr().err
