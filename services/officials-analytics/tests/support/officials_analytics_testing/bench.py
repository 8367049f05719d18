"""What the analytics' benchmarks share: a scratch warehouse, timing, printing."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse


def scratch_warehouse(folder: Path) -> Warehouse:
    """The analytics' and the lake's namespaces in one local catalog under ``folder``."""
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "lake")
    )
    return Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(run: Callable[[], object], loads: int) -> tuple[float, float]:
    """p50 and p95 of ``loads`` runs, in milliseconds."""
    spent: list[float] = []
    for _ in range(loads):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[min(len(spent) - 1, int(len(spent) * 0.95))]
