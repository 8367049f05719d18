"""Line coverage per package, against its floor (``[tool.collectivia.coverage-floors]`` in
pyproject.toml), from the JSON report `make test` writes: prints one line per package and
fails when one falls below its floor, or when a package has no floor (a new library or
service states its own)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger("coverage")

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Measured:
    package: str
    covered: int
    statements: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 100.0


def package_of(path: str, packages: list[str]) -> str | None:
    """``.../src/collectivia/ai/use/gate.py`` -> ``collectivia.ai`` (the longest match)."""
    dotted = path.replace("\\", "/").removesuffix(".py").replace("/", ".")
    matches = [p for p in packages if f".{p}." in f".{dotted}."]
    return max(matches, key=len) if matches else None


def measure(report: Mapping[str, Any], packages: list[str]) -> list[Measured]:
    totals: dict[str, list[int]] = {package: [0, 0] for package in packages}
    for path, data in report.get("files", {}).items():
        package = package_of(path, packages)
        if package is None:
            continue
        summary = data["summary"]
        totals[package][0] += int(summary["covered_lines"])
        totals[package][1] += int(summary["num_statements"])
    return [Measured(p, covered, statements) for p, (covered, statements) in totals.items()]


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="coverage JSON report")
    options = parser.parse_args()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floors: dict[str, float] = config["tool"]["collectivia"]["coverage-floors"]
    sources: list[str] = config["tool"]["coverage"]["run"]["source_pkgs"]
    missing = sorted(set(sources) - set(floors))
    report = json.loads(options.report.read_text(encoding="utf-8"))
    failed = bool(missing)
    for package in missing:
        logger.error("%s has no coverage floor in pyproject.toml", package)
    for measured in measure(report, sources):
        floor = floors.get(measured.package, 100.0)
        below = measured.percent + 1e-9 < floor
        failed |= below
        logger.info(
            "%-30s %5.1f %% of %5d lines (floor %.0f %%)%s",
            measured.package,
            measured.percent,
            measured.statements,
            floor,
            "  BELOW THE FLOOR" if below else "",
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
