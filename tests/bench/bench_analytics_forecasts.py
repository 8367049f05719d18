"""Benchmark: the officials' forecasts — a whole run over generated monthly series, beside
statsforecast's own fit alone on the same frame.

- the first call in a process (statsforecast's import and numba's compilation or cache load);
- the library alone: ``StatsForecast([AutoETS(season_length=12)], freq="MS").forecast(h=6,
  level=[80, 95])`` on the series' frame, no wrapper;
- the forecaster (``forecasts.model.Forecaster``): AutoETS and the seasonal naive baseline,
  the 6-month forecast with intervals, then the back-test by rolling origin (two 6-month
  windows over the last 12 months: two more fits);
- the whole run (``Forecasts.run``): the series built with DuckDB from an analytics table of
  one row per answer, the register's gate (a stand-in that allows), the forecaster, the
  evidence (a recording publisher) and the forecasts kept in SQLite.

Run with `make bench` or `.venv/bin/python tests/bench/bench_analytics_forecasts.py`. Needs no
server. Prints its figures beside the target (200 series of 36 months in at most 60 s on 2
cores); asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
from sqlalchemy import Table

from collectivia.ai.use.pathway import AiUsePathway
from collectivia.officials_analytics.forecasts.facts import RowsInMemory
from collectivia.officials_analytics.forecasts.model import Forecaster, monthly_frame
from collectivia.officials_analytics.forecasts.models import ForecastRow, ForecastRunRow
from collectivia.officials_analytics.forecasts.series import month_after
from collectivia.officials_analytics.forecasts.service import Forecasts, RunTrigger
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.outbox.models import OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

TARGET_SECONDS = 60.0
FIRST_MONTH = "2023-01"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def generated(series: int, months: int, seed: int = 7) -> dict[str, list[float]]:
    """Monthly counts with a level, a trend and a yearly season of their own, and noise."""
    rng = random.Random(seed)
    values: dict[str, list[float]] = {}
    for number in range(series):
        level, trend = rng.uniform(20, 200), rng.uniform(-0.3, 0.6)
        amplitude, phase = rng.uniform(0.05, 0.3), rng.uniform(0, 2 * math.pi)
        values[f"Thème {number:03d}"] = [
            max(
                0.0,
                round(
                    (level + trend * month)
                    * (1 + amplitude * math.sin(2 * math.pi * month / 12 + phase))
                    + rng.gauss(0, level * 0.05)
                ),
            )
            for month in range(months)
        ]
    return values


def month_list(months: int) -> list[str]:
    listed = [FIRST_MONTH]
    while len(listed) < months:
        listed.append(month_after(listed[-1]))
    return listed


def answers_table(values: dict[str, list[float]], months: list[str]) -> pa.Table:
    """One row per answer, as the sink writes them, for the themes of ``values`` (no
    commune: every series is a theme's for the whole territory, plus the total)."""
    themes: list[str] = []
    of_month: list[str] = []
    for theme, counts in values.items():
        for month, count in zip(months, counts, strict=True):
            themes.extend([theme] * int(count))
            of_month.extend([month] * int(count))
    columns = {
        "theme": pa.array(themes, pa.string()),
        "commune": pa.array([""] * len(themes), pa.string()),
        "month": pa.array(of_month, pa.string()),
    }
    return pa.table(columns).cast(
        pa.schema([TABLES["chat_answers"].field(name) for name in columns])
    )


def library_alone(frame: Any) -> None:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    engine = StatsForecast(models=[AutoETS(season_length=12)], freq="MS", n_jobs=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        engine.forecast(df=frame, h=6, level=[80, 95])


def whole_run(answers: pa.Table, folder: Path, months: int, jobs: int) -> Any:
    engine = create_database_engine(f"sqlite:///{folder / 'forecasts.db'}")
    create_tables(
        engine,
        [cast(Table, row.__table__) for row in (ForecastRunRow, ForecastRow, OutboxRecord)],
    )
    publisher = RecordingPublisher()
    pathway = AiUsePathway(
        FixedPermission(allowed=True),
        publisher,
        service="officials-analytics",
        purpose="territorial-forecasting",
    )
    # "Now" is the month after the last generated one: every month is complete.
    last = month_list(months)[-1]
    year, month = (int(part) for part in month_after(last).split("-"))
    forecasts = Forecasts(
        create_session_factory(engine),
        RowsInMemory({"chat_answers": answers}),
        pathway,
        ForecastSettings(forecast_refresh_hours=0, forecast_jobs=jobs),
        actor="bench",
        # The run's evidence is written with it, as in the service (no relay here).
        outbox=Outbox("officials-analytics"),
        clock=lambda: datetime(year, month, 15, tzinfo=UTC),
    )
    try:
        return timed(lambda: forecasts.run(RunTrigger.REQUEST))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--jobs", type=int, default=1, help="statsforecast's processes")
    args = parser.parse_args()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    out(
        f"forecasts: {args.series} series of {args.months} months, {cores} core(s), "
        f"statsforecast n_jobs={args.jobs}"
    )
    months = month_list(args.months)
    # One series fewer than asked: the run adds the total of every theme.
    values = generated(args.series - 1, args.months)
    series = {theme: (months, counts) for theme, counts in values.items()}
    frame = monthly_frame(series)

    first, _ = timed(lambda: library_alone(monthly_frame({"warm-up": series[next(iter(series))]})))
    out(f"  first call in the process (import, numba compile or cache): {first:.1f} s")

    alone, _ = timed(lambda: library_alone(frame))
    out(f"  library alone, AutoETS forecast h=6 with 80/95 intervals: {alone:.1f} s")

    forecaster = Forecaster(jobs=args.jobs)
    wrapped, results = timed(lambda: forecaster.forecast(series))
    out(
        f"  forecaster (AutoETS + seasonal naive, forecast and 2-window back-test): "
        f"{wrapped:.1f} s, {len(results)} series forecast ({wrapped / alone:.1f}x the fit alone)"
    )

    answers = answers_table(values, months)
    with tempfile.TemporaryDirectory() as folder:
        seconds, run = whole_run(answers, Path(folder), args.months, args.jobs)
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    out(
        f"  whole run ({answers.num_rows:,} answer rows -> DuckDB series -> gate -> forecaster "
        f"-> evidence -> SQLite): {seconds:.1f} s for {run.series_forecast} of "
        f"{run.series_total} series — {verdict} the target of {TARGET_SECONDS:.0f} s"
    )
    out(
        f"  median back-test errors: AutoETS MASE {run.model_mase:.3f}, MAPE "
        f"{run.model_mape:.1f} %; seasonal naive MASE {run.baseline_mase:.3f}, MAPE "
        f"{run.baseline_mape:.1f} %"
    )


if __name__ == "__main__":
    main()
