"""Memory and open files of running processes over time, for the soak test (Linux ``/proc``):
each sample sums a process group (a service and the workers it forked), and a least-squares
line through the samples gives the memory's slope in MiB per hour."""

from __future__ import annotations

import contextlib
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass(frozen=True)
class Sample:
    seconds: float  # since the sampling began
    rss_mib: float
    open_files: int
    processes: int


def group_members(pgid: int, proc: Path = PROC) -> list[int]:
    """The pids of process group ``pgid`` (field 5 of ``/proc/<pid>/stat``)."""
    members: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited meanwhile
        # The command name (field 2) may hold spaces: the fields after its ")" are plain.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _rss_kib(pid: int, proc: Path) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int((proc / str(pid) / "statm").read_text().split()[1]) * PAGE_KIB
    return 0


def _open_files(pid: int, proc: Path) -> int:
    with contextlib.suppress(OSError):
        return len(os.listdir(proc / str(pid) / "fd"))
    return 0


def sample_group(pgid: int, seconds: float, proc: Path = PROC) -> Sample | None:
    """Resident memory and open file descriptors of the whole group; None once it is gone."""
    members = group_members(pgid, proc)
    if not members:
        return None
    rss = sum(_rss_kib(pid, proc) for pid in members)
    files = sum(_open_files(pid, proc) for pid in members)
    return Sample(seconds, rss / 1024, files, len(members))


def slope_per_hour(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per hour; 0 with fewer than 2 times."""
    if len({t for t, _ in points}) < 2:
        return 0.0
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    num = sum((t - mean_t) * (v - mean_v) for t, v in points)
    den = sum((t - mean_t) ** 2 for t, _ in points)
    return num / den * 3600


@dataclass
class ProcessSeries:
    """The samples of one process group, and what the soak reports of them."""

    name: str
    pgid: int
    samples: list[Sample] = field(default_factory=list)

    def steady(self, warm_up_seconds: float) -> list[Sample]:
        """The samples after the warm-up (caches filling, first imports), at least two."""
        after = [s for s in self.samples if s.seconds >= warm_up_seconds]
        return after if len(after) >= 2 else self.samples[-2:]

    def memory_slope(self, warm_up_seconds: float) -> float:
        """MiB per hour, by linear regression over the steady samples."""
        return slope_per_hour([(s.seconds, s.rss_mib) for s in self.steady(warm_up_seconds)])

    def open_files_growth(self, warm_up_seconds: float) -> float:
        """Open files in the last third of the steady part minus in its first third (medians:
        a socket open at one sample is no growth)."""
        steady = [s.open_files for s in self.steady(warm_up_seconds)]
        third = max(len(steady) // 3, 1)
        return statistics.median(steady[-third:]) - statistics.median(steady[:third])
