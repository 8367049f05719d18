"""The pytest run of `make test` in two halves: the unit half's summary is found in its log,
and a line covered by either half counts as covered in the combined report."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import coverage
import pytest

from infra.run_tests import INTEGRATION, UNIT, combine_coverage, summary_of


def test_the_halves_select_complementary_markers_and_keep_their_own_data() -> None:
    assert UNIT.marker == f"not {INTEGRATION.marker}"
    assert UNIT.data_file != INTEGRATION.data_file
    assert UNIT.environment()["COVERAGE_FILE"] == str(UNIT.data_file)
    assert UNIT.command([])[3:5] == ["-m", "not integration"]


def test_the_summary_starts_at_the_slowest_tests() -> None:
    log = "\n".join(
        [
            "collected 3 items",
            "...",
            "=== slowest 15 durations ===",
            "1.00s call test_a.py::test_a",
            "=== 3 passed in 1.2s ===",
        ]
    )
    summary = summary_of(log)
    assert summary.startswith("...")
    assert summary.endswith("3 passed in 1.2s ===")
    assert "collected" not in summary


def test_without_a_summary_the_log_s_end_is_shown() -> None:
    log = "\n".join(f"line {n}" for n in range(100))
    assert summary_of(log).splitlines() == [f"line {n}" for n in range(60, 100)]


def _measured(module: Path, data_file: Path, call: str) -> None:
    """Runs one function of the module under coverage into its own data file."""
    measurement = coverage.Coverage(data_file=str(data_file), include=[str(module)])
    measurement.start()
    runpy.run_path(str(module), init_globals={"CALL": call})
    measurement.stop()
    measurement.save()


def test_a_line_covered_by_either_half_is_covered_once_combined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Away from the repository's pyproject.toml: its packages are not measured here.
    monkeypatch.chdir(tmp_path)
    module = tmp_path / "two_paths.py"
    module.write_text(
        "def first():\n    return 1\n\n\ndef second():\n    return 2\n\n\nglobals()[CALL]()\n"
    )
    _measured(module, tmp_path / ".coverage.unit", "first")
    _measured(module, tmp_path / ".coverage.integration", "second")

    report = tmp_path / "coverage.json"
    combine_coverage(
        [tmp_path / ".coverage.unit", tmp_path / ".coverage.integration"],
        into=tmp_path / ".coverage",
        report=report,
    )
    files = json.loads(report.read_text())["files"]
    (summary,) = (entry["summary"] for entry in files.values())
    assert summary["missing_lines"] == 0
    assert summary["covered_lines"] == summary["num_statements"] == 5
