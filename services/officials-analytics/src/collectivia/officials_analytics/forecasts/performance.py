"""Each completed run's back-test, sent to the register as the forecasting entry's measured
performance (``ai.performance-measured``): the medians of the model and of the seasonal
naive baseline, over the series the run forecast, with the method and the data. Written to
the outbox with the run it measures: a stored run's measurement is sent at least once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from collectivia.events.v1 import ai_pb2
from collectivia.officials_analytics import messages
from collectivia.platform.events.payloads import timestamp

# The figures' names, as the run's evidence (ai.used parameters) names them too.
MASE, MAPE = "mase_median", "mape_median"
BASELINE_MASE, BASELINE_MAPE = "baseline_mase_median", "baseline_mape_median"
_UNITS = {MASE: "", MAPE: "%", BASELINE_MASE: "", BASELINE_MAPE: "%"}


@dataclass(frozen=True)
class RunPerformance:
    """What one run measured: medians over its forecast series (None: not measurable)."""

    run_id: str
    system_id: str
    system_version: int
    measured_at: datetime
    series: int
    figures: dict[str, float | None]
    data_sources: Sequence[str]


class PerformanceReports:
    def __init__(self, *, service: str, months: int, windows: int, horizon: int) -> None:
        """``months``, ``windows``, ``horizon``: the back-test, as the method states it."""
        self._service = service
        self._months = months
        self._windows = windows
        self._horizon = horizon

    def measurement(self, run: RunPerformance) -> ai_pb2.PerformanceMeasured | None:
        """The run's measurement; None when there is nothing to report (no series measured,
        no entry)."""
        metrics = [
            ai_pb2.PerformanceMetric(
                name=name,
                value=value,
                unit=_UNITS[name],
                description=messages.PERFORMANCE_METRICS[name],
            )
            for name, value in run.figures.items()
            if value is not None
        ]
        if not metrics or not run.system_id:
            return None
        return ai_pb2.PerformanceMeasured(
            system_id=run.system_id,
            system_version=run.system_version,
            service=self._service,
            measured_at=timestamp(run.measured_at),
            metrics=metrics,
            method=messages.PERFORMANCE_METHOD.format(
                months=self._months,
                windows=self._windows,
                horizon=self._horizon,
                series=run.series,
            ),
            data_sources=list(dict.fromkeys(run.data_sources)),
            samples=run.series,
            run_id=run.run_id,
        )
