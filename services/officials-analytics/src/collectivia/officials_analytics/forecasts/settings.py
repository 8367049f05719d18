"""The forecasts' settings section (``COLLECTIVIA_OFFICIALS_ANALYTICS_FORECAST_...``)."""

from __future__ import annotations

from pydantic import Field, model_validator

from collectivia.officials_analytics.settings import OfficialsAnalyticsSection

# Months in a seasonal cycle (monthly series, yearly seasonality).
SEASON_LENGTH = 12


class ForecastSettings(OfficialsAnalyticsSection):
    # Months forecast ahead.
    forecast_horizon_months: int = Field(6, ge=1, le=24)
    # A series shorter than this is not forecast (two yearly cycles: the seasonal model and
    # its back-test need them).
    forecast_min_months: int = Field(24, ge=12, le=240)
    # The back-test: the last months known, forecast by rolling origin in windows of the
    # horizon (12 months, horizon 6: two windows).
    forecast_backtest_months: int = Field(12, ge=1, le=60)
    # Per-commune counts: a month with fewer facts than this (but at least one) is masked
    # and the series is not forecast.
    forecast_min_group_size: int = Field(5, ge=2, le=1000)
    # The telemetry measure summed as water consumption (unit m3), per commune and month.
    forecast_water_measure: str = Field("consommation", pattern=r"^[a-z0-9_-]{1,64}$")
    # Every series recomputed at start, then every so many hours; 0: only on request.
    forecast_refresh_hours: float = Field(24.0, ge=0, le=24 * 31)
    # statsforecast's worker processes (1: in the calling thread).
    forecast_jobs: int = Field(1, ge=1, le=64)

    @model_validator(mode="after")
    def _backtest_fits(self) -> ForecastSettings:
        if self.forecast_backtest_months % self.forecast_horizon_months:
            raise ValueError("forecast_backtest_months must be a multiple of the horizon")
        if self.forecast_min_months < self.forecast_backtest_months + SEASON_LENGTH:
            raise ValueError(
                "forecast_min_months must leave a yearly cycle before the back-test months"
            )
        return self
