"""The soak's sampling of processes: a process group's members, memory and open files from
``/proc`` (this test's own process, and a child it starts in a group of its own), and the
memory slope by linear regression."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from collectivia.testkit.process_samples import (
    ProcessSeries,
    Sample,
    group_members,
    sample_group,
    slope_per_hour,
)


def test_slope_is_the_least_squares_line_per_hour() -> None:
    # 1 MiB more every 60 s: 60 MiB per hour; noisy samples weigh by their distance in time.
    steady = [(0.0, 100.0), (60.0, 101.0), (120.0, 102.0), (180.0, 103.0)]
    assert slope_per_hour(steady) == pytest.approx(60.0)
    noisy = [(0.0, 100.0), (60.0, 101.5), (120.0, 101.5), (180.0, 103.0)]
    assert slope_per_hour(noisy) == pytest.approx(270 / 18000 * 3600)
    assert slope_per_hour([(t, 50.0) for t in (0.0, 10.0, 20.0)]) == 0.0
    assert slope_per_hour([(0.0, 1.0)]) == 0.0
    assert slope_per_hour([(5.0, 1.0), (5.0, 9.0)]) == 0.0


def test_a_series_judges_the_steady_part_only() -> None:
    warm = [Sample(float(t), 100.0 + t, 10, 1) for t in range(0, 60, 10)]
    steady = [Sample(float(t), 160.0, 12, 1) for t in range(60, 300, 10)]
    series = ProcessSeries("service", 1, [*warm, *steady])
    assert series.memory_slope(60) == 0.0
    assert series.memory_slope(0) > 0
    assert series.open_files_growth(60) == 0
    series.samples += [Sample(float(t), 160.0, 40, 1) for t in range(300, 600, 10)]
    assert series.open_files_growth(60) == 28


def test_a_process_group_is_sampled_whole_and_gone_when_it_ends() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True
    )
    try:
        assert group_members(child.pid) == [child.pid]
        sample = sample_group(child.pid, 1.5)
        assert sample is not None
        assert sample.seconds == 1.5
        assert sample.processes == 1
        assert 1 < sample.rss_mib < 500
        assert sample.open_files >= 3  # stdin, stdout, stderr at least
        own = sample_group(os.getpgid(0), 0.0)
        assert own is not None and own.rss_mib > 0
    finally:
        child.kill()
        child.wait()
    assert sample_group(child.pid, 2.0) is None
