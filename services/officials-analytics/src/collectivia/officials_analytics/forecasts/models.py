"""The forecasts' records: each run (when, how it ended, its errors) and the latest forecast
of each series (what the pages show while the register allows it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.officials_analytics.database import Base, UtcDateTime


class ForecastRunRow(Base):
    __tablename__ = "forecast_runs"
    __table_args__ = (Index("ix_forecast_runs_started", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # "schedule" (the worker), "request" (an administrator), "series" (one series asked for
    # before any run had it).
    trigger: Mapped[str] = mapped_column(String(20))
    # "completed", "refused" (the register said no: nothing computed), "failed".
    outcome: Mapped[str] = mapped_column(String(20))
    # Why it was refused or failed, in French.
    reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The evidence of the use (ai.used) and the register entry it ran under.
    use_id: Mapped[str | None] = mapped_column(String(36))
    system_id: Mapped[str | None] = mapped_column(String(64))
    system_version: Mapped[int] = mapped_column(Integer, default=0)
    series_total: Mapped[int] = mapped_column(Integer, default=0)
    series_forecast: Mapped[int] = mapped_column(Integer, default=0)
    # Medians over the run's forecast series of the back-test errors.
    model_mase: Mapped[float | None] = mapped_column(Float)
    model_mape: Mapped[float | None] = mapped_column(Float)
    baseline_mase: Mapped[float | None] = mapped_column(Float)
    baseline_mape: Mapped[float | None] = mapped_column(Float)


class ForecastRow(Base):
    """The latest forecast of one series, with the fingerprint of the history it was made
    on: a forecast is shown only for the history it was made from."""

    __tablename__ = "forecasts"

    # SeriesKey.id: "kind|theme|commune" ("*": every theme, the whole territory).
    series_id: Mapped[str] = mapped_column(String(400), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36))
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # SHA-256 of the history (months, values) and of the settings the forecast depends on.
    digest: Mapped[str] = mapped_column(String(64))
    system_id: Mapped[str] = mapped_column(String(64))
    system_version: Mapped[int] = mapped_column(Integer)
    # JSON: {"predictions": [...], "backtest": {...}}.
    payload: Mapped[str] = mapped_column(Text)
