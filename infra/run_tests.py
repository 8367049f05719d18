"""The pytest run of `make test`: the unit half and the integration half side by side, then
their line coverage combined into one JSON report for ``infra/coverage_floors.py``.

Why two processes: the unit tests keep one core busy, while the integration tests mostly wait
on the servers they drive (Kafka, Keycloak, browsers, the services' own processes). One after
the other they took 26 minutes on two cores; side by side the run lasts about as long as its
integration half. The integration tests stay serial among themselves (they share the
servers); the unit tests touch no server, and the fault tests that stop one stop a private
copy of their own.

The integration half prints as it goes; the unit half writes ``.run/logs/unit-tests.log``,
whose summary is printed when both are done. Exit status: the first failing half's, else the
coverage step's."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / ".run"
# pytest's status when a half selects no test (arguments naming unit tests only, say).
NOTHING_COLLECTED = 5


@dataclass(frozen=True)
class Half:
    """One pytest process of the run: its marker expression and its own coverage data."""

    name: str
    marker: str

    @property
    def data_file(self) -> Path:
        return RUN / f".coverage.{self.name}"

    def command(self, extra: Sequence[str]) -> list[str]:
        return [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            self.marker,
            "--cov",
            "--cov-report=",
            "--durations=15",
            *extra,
        ]

    def environment(self) -> dict[str, str]:
        # pytest-cov writes where coverage's COVERAGE_FILE says: one data file per half.
        return {**os.environ, "COVERAGE_FILE": str(self.data_file)}


UNIT = Half(name="unit", marker="not integration")
INTEGRATION = Half(name="integration", marker="integration")


def summary_of(log: str) -> str:
    """The unit half's closing lines: its slowest tests, short summary and counts."""
    lines = log.splitlines()
    for marker in ("slowest 15 durations", "short test summary info"):
        starts = [i for i, line in enumerate(lines) if marker in line]
        if starts:
            return "\n".join(lines[starts[0] - 1 :])
    return "\n".join(lines[-40:])


def combine_coverage(data_files: Sequence[Path], *, into: Path, report: Path) -> None:
    """The halves' data merged into one file (lines covered by either half count), and the
    JSON report of it."""
    combined = coverage.Coverage(data_file=str(into))
    combined.combine([str(path) for path in data_files], keep=False)
    combined.save()
    combined.json_report(outfile=str(report))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coverage-json", type=Path, default=RUN / "coverage.json")
    parser.add_argument("pytest_args", nargs="*", help="passed to both halves")
    args = parser.parse_args(argv)

    (RUN / "logs").mkdir(parents=True, exist_ok=True)
    for half in (UNIT, INTEGRATION):
        half.data_file.unlink(missing_ok=True)
    unit_log_path = RUN / "logs" / "unit-tests.log"
    with unit_log_path.open("w", encoding="utf-8") as unit_log:
        # The cache plugin stays with the integration half: two writers would race on it.
        unit = subprocess.Popen(
            UNIT.command([*args.pytest_args, "-p", "no:cacheprovider"]),
            cwd=ROOT,
            env=UNIT.environment(),
            stdout=unit_log,
            stderr=subprocess.STDOUT,
        )
        try:
            sys.stdout.write(f"unit tests: beside, in {unit_log_path.relative_to(ROOT)}\n")
            sys.stdout.flush()
            integration_status = subprocess.call(
                INTEGRATION.command(args.pytest_args), cwd=ROOT, env=INTEGRATION.environment()
            )
            unit_status = unit.wait()
        finally:
            if unit.poll() is None:
                unit.kill()
    sys.stdout.write(f"\n==== unit tests (beside the integration tests; {unit_log_path.name})\n")
    sys.stdout.write(summary_of(unit_log_path.read_text(encoding="utf-8")) + "\n")
    for status in (unit_status, integration_status):
        if status not in (0, NOTHING_COLLECTED):
            return status
    combine_coverage(
        [UNIT.data_file, INTEGRATION.data_file], into=RUN / ".coverage", report=args.coverage_json
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
