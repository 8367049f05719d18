"""The runner: every series recomputed when the service starts, then every
``forecast_refresh_hours`` (0: only on request, ``POST /v1/forecasts/runs``). A run the
register refused (or that failed) is tried again within minutes: at ``make up`` the services
start before the register holds their entries."""

from __future__ import annotations

import logging
import threading

from collectivia.officials_analytics.forecasts.service import Forecasts, RunTrigger

logger = logging.getLogger(__name__)

# After a refused or failed run, the next one comes this soon (at most).
RETRY_SECONDS = 300.0


class ForecastSchedule:
    """A thread that runs the forecasts at start, then every ``interval_seconds`` until
    stopped; with no interval, nothing runs."""

    def __init__(self, forecasts: Forecasts, interval_seconds: float) -> None:
        self.forecasts = forecasts
        self.interval_seconds = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="forecast-runs", daemon=True)

    @classmethod
    def started(cls, forecasts: Forecasts, interval_seconds: float) -> ForecastSchedule:
        schedule = cls(forecasts, interval_seconds)
        if interval_seconds > 0:
            schedule._thread.start()
        return schedule

    def stop(self) -> None:
        self._stopping.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            wait = min(self.interval_seconds, RETRY_SECONDS)
            try:
                run = self.forecasts.run(RunTrigger.SCHEDULE)
                logger.info(
                    "forecast run %s %s: %d of %d series forecast",
                    run.id,
                    run.outcome,
                    run.series_forecast,
                    run.series_total,
                )
                if run.outcome == "completed":
                    wait = self.interval_seconds
            except Exception:  # thread edge: log, try again soon
                logger.exception("forecast run failed; retried soon")
            if self._stopping.wait(wait):
                return
