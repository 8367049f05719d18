"""The forecasting model: statsforecast's AutoETS (exponential smoothing, its form — error,
trend, seasonality — chosen by AICc for each series), beside a seasonal naive baseline (each
month as the same month a year before), both fitted on every series in one call.

The back-test is by rolling origin over the last ``backtest_months`` known: forecasts of
``horizon`` months made from successive origins (12 months, horizon 6: from 12 and from 6
months before the end), each fitted without the months it forecasts. The errors (MASE,
MAPE, ``metrics``) are over every month of those windows, for the model and the baseline
alike, on one scale per series (the one-step naive error before the first origin).

statsforecast is imported when a forecast is first made (it takes seconds, and compiles its
models with numba on first use), not when the service starts.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from collectivia.officials_analytics.forecasts.metrics import mape, mase, naive_scale

MODEL_NAME = "statsforecast AutoETS"
BASELINE_NAME = "statsforecast SeasonalNaive"
LEVELS = (80, 95)
_MODEL = "AutoETS"
_BASELINE = "SeasonalNaive"


@dataclass(frozen=True)
class Prediction:
    month: str
    value: float
    lower_80: float
    upper_80: float
    lower_95: float
    upper_95: float


@dataclass(frozen=True)
class Accuracy:
    mase: float | None
    mape: float | None


@dataclass(frozen=True)
class Backtest:
    # Months evaluated (the last ones known), in windows of ``horizon`` months.
    months: int
    windows: int
    horizon: int
    model: Accuracy
    baseline: Accuracy


@dataclass(frozen=True)
class SeriesForecast:
    predictions: tuple[Prediction, ...]
    backtest: Backtest


class Forecaster:
    """AutoETS and its baseline over many monthly series at once (thread-safe: each call
    fits its own models)."""

    def __init__(
        self,
        *,
        horizon: int = 6,
        backtest_months: int = 12,
        season_length: int = 12,
        jobs: int = 1,
        non_negative: bool = True,
    ) -> None:
        """``non_negative``: counts and volumes; forecasts and bounds are kept at zero or
        above."""
        if backtest_months % horizon:
            raise ValueError("backtest_months must be a multiple of horizon")
        self.horizon = horizon
        self.backtest_months = backtest_months
        self.windows = backtest_months // horizon
        self.season_length = season_length
        self.jobs = jobs
        self.non_negative = non_negative

    def engine(self) -> Any:
        """The library's own object, as configured here (the bench fits it alone too)."""
        from statsforecast import StatsForecast
        from statsforecast.models import AutoETS, SeasonalNaive

        return StatsForecast(
            models=[
                AutoETS(season_length=self.season_length),
                SeasonalNaive(season_length=self.season_length),
            ],
            freq="MS",
            n_jobs=self.jobs,
        )

    def forecast(
        self, series: Mapping[str, tuple[Sequence[str], Sequence[float]]]
    ) -> dict[str, SeriesForecast]:
        """Each series (id -> consecutive "YYYY-MM" months and their values, long enough for
        the back-test) forecast ``horizon`` months ahead with its back-test; a series whose
        model gives no finite forecast is left out."""
        if not series:
            return {}
        frame = monthly_frame(series)
        engine = self.engine()
        with warnings.catch_warnings():
            # ETS candidates that do not fit divide by zero on the way; AICc discards them.
            warnings.simplefilter("ignore", RuntimeWarning)
            ahead = rows_of(engine.forecast(df=frame, h=self.horizon, level=list(LEVELS)))
            tested = rows_of(
                engine.cross_validation(
                    df=frame, h=self.horizon, n_windows=self.windows, step_size=self.horizon
                )
            )
        predictions: dict[str, list[Prediction]] = {}
        for row in ahead:
            predictions.setdefault(str(row["unique_id"]), []).append(self._prediction(row))
        windows: dict[str, list[dict[str, Any]]] = {}
        for row in tested:
            windows.setdefault(str(row["unique_id"]), []).append(row)
        results: dict[str, SeriesForecast] = {}
        for uid, (_months, values) in series.items():
            ahead_of = sorted(predictions.get(uid, []), key=lambda p: p.month)
            if len(ahead_of) != self.horizon or not all(_finite(p) for p in ahead_of):
                continue
            results[uid] = SeriesForecast(
                tuple(ahead_of), self._backtest(values, windows.get(uid, []))
            )
        return results

    def _prediction(self, row: Mapping[str, Any]) -> Prediction:
        def value(column: str) -> float:
            number = float(row[column])
            return max(number, 0.0) if self.non_negative else number

        return Prediction(
            month=_month(row["ds"]),
            value=value(_MODEL),
            lower_80=value(f"{_MODEL}-lo-80"),
            upper_80=value(f"{_MODEL}-hi-80"),
            lower_95=value(f"{_MODEL}-lo-95"),
            upper_95=value(f"{_MODEL}-hi-95"),
        )

    def _backtest(self, values: Sequence[float], rows: Sequence[Mapping[str, Any]]) -> Backtest:
        ordered = sorted(rows, key=lambda row: (row["cutoff"], row["ds"]))
        actual = [float(row["y"]) for row in ordered]
        scale = naive_scale(values[: len(values) - self.backtest_months])

        def accuracy(column: str) -> Accuracy:
            predicted = [float(row[column]) for row in ordered]
            if self.non_negative:
                predicted = [max(value, 0.0) for value in predicted]
            if not all(math.isfinite(value) for value in predicted):
                return Accuracy(None, None)
            return Accuracy(mase(actual, predicted, scale), mape(actual, predicted))

        return Backtest(
            months=len(actual),
            windows=self.windows,
            horizon=self.horizon,
            model=accuracy(_MODEL),
            baseline=accuracy(_BASELINE),
        )


def monthly_frame(series: Mapping[str, tuple[Sequence[str], Sequence[float]]]) -> Any:
    """The long frame statsforecast reads (``unique_id``, ``ds`` month starts, ``y``)."""
    ids: list[str] = []
    starts: list[datetime] = []
    values: list[float] = []
    for uid, (months, observed) in series.items():
        ids.extend([uid] * len(months))
        starts.extend(datetime(int(month[:4]), int(month[5:7]), 1) for month in months)
        values.extend(float(value) for value in observed)
    table = pa.table(
        {
            "unique_id": pa.array(ids, pa.string()),
            "ds": pa.array(starts, pa.timestamp("ns")),
            "y": pa.array(values, pa.float64()),
        }
    )
    return table.to_pandas()


def rows_of(frame: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
    return rows


def _month(moment: Any) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _finite(prediction: Prediction) -> bool:
    return all(
        math.isfinite(number)
        for number in (
            prediction.value,
            prediction.lower_80,
            prediction.upper_80,
            prediction.lower_95,
            prediction.upper_95,
        )
    )
