"""What the forecasts' API reads and writes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from collectivia.officials_analytics.forecasts.series import SeriesKind


class HistoryPoint(BaseModel):
    month: str = Field(description="AAAA-MM")
    # None: masked (``masked``) or no reading that month.
    value: float | None
    masked: bool = Field(
        False, description="Mois masqué : moins de faits que le seuil pour cette commune."
    )


class ForecastPoint(BaseModel):
    month: str = Field(description="AAAA-MM")
    value: float
    lower_80: float
    upper_80: float
    lower_95: float
    upper_95: float


class Accuracy(BaseModel):
    mase: float | None
    mape: float | None = Field(description="En %.")


class BacktestRead(BaseModel):
    method: str
    months: int
    windows: int
    horizon: int
    model: Accuracy
    baseline_name: str
    baseline: Accuracy
    # Said when the baseline erred less than the model over the back-test (MASE).
    note: str | None = None


class ForecastRead(BaseModel):
    series: SeriesKind
    theme: str | None
    commune: str | None
    label: str
    unit: str
    history: list[HistoryPoint]
    # None: not forecast (``reason`` says why) or not shown (the register does not allow it).
    forecast: list[ForecastPoint] | None = None
    backtest: BacktestRead | None = None
    reason: str | None = None
    model: str | None = None
    method: str | None = None
    computed_at: datetime | None = None
    # « Prévision produite par un algorithme », beside every forecast shown.
    mention: str | None = None
    # The forecasts' entry in the register (its public page).
    register_url: str
    system_id: str | None = None


class RunRead(BaseModel):
    id: str
    trigger: str
    outcome: str
    reason: str | None
    started_at: datetime
    finished_at: datetime
    use_id: str | None
    system_id: str | None
    system_version: int
    series_total: int
    series_forecast: int
    model_mase: float | None
    model_mape: float | None
    baseline_mase: float | None
    baseline_mape: float | None
