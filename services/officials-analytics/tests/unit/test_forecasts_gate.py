"""Forecasts through the AI-use pathway, with a stand-in for the register's gate: shown with
the mention and the link while allowed (the run recorded as ``ai.used``), never while
denied (a French reason instead, nothing computed, nothing recorded); commune access like
the indicators; series that may not be forecast say why in French."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from sqlalchemy import Table

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.events.v1 import ai_pb2
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.forecasts.facts import RowsInMemory
from collectivia.officials_analytics.forecasts.model import (
    MODEL_NAME,
    Accuracy,
    Backtest,
    Forecaster,
    Prediction,
    SeriesForecast,
)
from collectivia.officials_analytics.forecasts.models import ForecastRow, ForecastRunRow
from collectivia.officials_analytics.forecasts.schedule import ForecastSchedule
from collectivia.officials_analytics.forecasts.series import SeriesKey, SeriesKind, months_between
from collectivia.officials_analytics.forecasts.service import Forecasts, RunTrigger
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.platform.assembly import create_tables
from collectivia.platform.auth.principal import Principal
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput, PermissionDenied
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from collectivia.testkit.waiting import wait_until

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # the last complete month is 2025-12
METZ, WOIPPY = "57463", "57480"
WASTE = "Déchets"


class TablesInMemory(RowsInMemory):
    """The analytics tables as Arrow tables (a stand-in for the warehouse)."""


def seasonal_answers(months: list[str], theme: str, commune: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for index, month in enumerate(months):
        count = 40 + round(10 * math.sin(2 * math.pi * index / 12)) + index % 3
        rows.extend({"month": month, "theme": theme, "commune": commune} for _ in range(count))
    return rows


def official(*communes: str) -> Principal:
    return Principal(
        "claire",
        "collectivia-dev-cli",
        frozenset({"official"}),
        {},
        tuple(f"/communes/{commune}" for commune in communes),
        False,
    )


def staff(role: str) -> Principal:
    return Principal("marc", "collectivia-dev-cli", frozenset({role}), {}, (), False)


@pytest.fixture
def facts() -> TablesInMemory:
    long = months_between("2023-01", "2025-12")  # 36 months
    short = months_between("2024-06", "2025-12")  # 19 months
    rows = seasonal_answers(long, WASTE, METZ) + seasonal_answers(short, "Papiers", METZ)
    return TablesInMemory(
        {"chat_answers": pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])}
    )


class _UsesOnly:
    """An outbox keeping the ai.used events in ``publisher`` (measurements dropped)."""

    def __init__(self, publisher: RecordingPublisher) -> None:
        self._publisher = publisher

    def add(self, session: Any, payload: Message, *, key: str, subject: str | None = None) -> str:
        if isinstance(payload, ai_pb2.AiUsed):
            return self._publisher.publish(payload, key=key, subject=subject)
        return "dropped"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'forecasts.db'}")
    create_tables(engine, [cast(Table, row.__table__) for row in (ForecastRunRow, ForecastRow)])
    yield create_session_factory(engine)
    engine.dispose()


def forecasts_with(
    sessions: Any, facts: TablesInMemory, gate: FixedPermission
) -> tuple[Forecasts, RecordingPublisher]:
    publisher = RecordingPublisher()
    pathway = AiUsePathway(
        gate, publisher, service="officials-analytics", purpose="territorial-forecasting"
    )
    settings = ForecastSettings(forecast_refresh_hours=0)
    service = Forecasts(
        sessions,
        facts,
        pathway,
        settings,
        actor="officials-analytics",
        # ai.used is written with the run (outbox); here, kept by the same recorder as the
        # pathway's (the measured performance: test_forecasts_performance.py reads it).
        outbox=_UsesOnly(publisher),
        clock=lambda: NOW,
    )
    return service, publisher


def test_allowed_the_forecast_is_shown_with_its_errors_mention_and_register_link(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, publisher = forecasts_with(sessions, facts, FixedPermission(allowed=True))

    shown = forecasts.view(official(WOIPPY), SeriesKey(SeriesKind.DEMAND, theme=WASTE))

    assert [point.month for point in shown.history][-1] == "2025-12"
    assert len(shown.history) == 36
    assert shown.forecast is not None
    assert [point.month for point in shown.forecast] == months_between("2026-01", "2026-06")
    for point in shown.forecast:
        assert 0 <= point.lower_95 <= point.lower_80 <= point.value <= point.upper_80
        assert point.upper_80 <= point.upper_95
    assert shown.backtest is not None and shown.backtest.months == 12
    assert shown.backtest.windows == 2 and shown.backtest.horizon == 6
    assert shown.backtest.model.mase is not None and shown.backtest.baseline.mase is not None
    assert shown.backtest.model.mape is not None
    assert "origine glissante" in shown.backtest.method
    assert shown.mention == "Prévision produite par un algorithme"
    assert shown.register_url == "http://register.test/registre/system-under-test"
    assert shown.model == MODEL_NAME and shown.reason is None

    [used] = publisher.published
    assert isinstance(used, ai_pb2.AiUsed)
    assert used.system_id == "system-under-test" and used.system_version == 3
    assert used.purpose == "territorial-forecasting"
    assert used.model == "statsforecast AutoETS"
    assert used.outcome == ai_pb2.OUTCOME_COMPLETED
    assert list(used.data_sources) == ["analytics.chat_answers"]
    assert used.parameters["trigger"] == "series" and used.parameters["forecast"] == "1"
    # The fit's CPU time, measured, and its energy (no model server: CPU time only).
    assert used.cpu_seconds > 0 and not used.HasField("output_tokens")
    assert used.energy_method == "cpu-time/watts-per-core" and used.energy_wh > 0
    assert float(used.parameters["mase_median"]) == pytest.approx(
        shown.backtest.model.mase, abs=1e-3
    )

    # Shown again: the same forecast, from the cache, no new use.
    again = forecasts.view(staff("admin"), SeriesKey(SeriesKind.DEMAND, theme=WASTE))
    assert again.forecast == shown.forecast and len(publisher.published) == 1


def test_a_run_forecasts_every_series_that_may_be_and_records_one_use(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, publisher = forecasts_with(sessions, facts, FixedPermission(allowed=True))

    run = forecasts.run(RunTrigger.REQUEST)

    assert run.outcome == "completed" and run.reason is None
    # Demand: total, Déchets, Papiers, Metz, Metz and Déchets, Metz and Papiers; the short
    # Papiers series (19 months) and Metz and Papiers are not forecast.
    assert run.series_total == 6 and run.series_forecast == 4
    assert run.model_mase is not None and run.baseline_mase is not None
    [used] = publisher.published
    assert isinstance(used, ai_pb2.AiUsed) and used.use_id == run.use_id
    assert used.parameters["series"] == "6" and used.parameters["forecast"] == "4"
    assert set(used.data_sources) == {
        "analytics.chat_answers",
        "analytics.chat_handoffs",
        "analytics.lake_telemetry",
    }
    assert forecasts.runs()[0].id == run.id
    # What the run computed is what is shown: nothing computed again.
    shown = forecasts.view(official(METZ), SeriesKey(SeriesKind.DEMAND, WASTE, METZ))
    assert shown.forecast is not None and len(publisher.published) == 1


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (DenialReason.NOT_APPROVED, "n'autorise pas"),
        (DenialReason.REGISTER_UNREACHABLE, "ne répond pas"),
    ],
)
def test_denied_no_forecast_is_computed_nor_shown_and_a_french_reason_is_given(
    sessions: Any, facts: TablesInMemory, reason: DenialReason, expected: str
) -> None:
    gate = FixedPermission(allowed=False, reason=reason)
    forecasts, publisher = forecasts_with(sessions, facts, gate)

    shown = forecasts.view(official(METZ), SeriesKey(SeriesKind.DEMAND, theme=WASTE))
    run = forecasts.run()

    assert shown.forecast is None and shown.backtest is None and shown.mention is None
    assert shown.reason is not None and expected in shown.reason
    assert len(shown.history) == 36  # the figures themselves are not an algorithm's
    assert run.outcome == "refused" and run.series_forecast == 0
    assert run.reason is not None and expected in run.reason
    assert publisher.published == []


def test_a_forecast_made_while_allowed_is_not_shown_once_denied(
    sessions: Any, facts: TablesInMemory
) -> None:
    allowed, _ = forecasts_with(sessions, facts, FixedPermission(allowed=True))
    allowed.run()
    denied, _ = forecasts_with(
        sessions, facts, FixedPermission(allowed=False, reason=DenialReason.NOT_APPROVED)
    )

    shown = denied.view(staff("data-steward"), SeriesKey(SeriesKind.DEMAND, theme=WASTE))

    assert shown.forecast is None
    assert shown.reason == messages.FORECAST_DENIED.format(
        url="http://register.test/registre/system-under-test"
    )


def test_a_series_too_short_is_not_forecast_and_says_why(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, publisher = forecasts_with(sessions, facts, FixedPermission(allowed=True))

    shown = forecasts.view(official(METZ), SeriesKey(SeriesKind.DEMAND, theme="Papiers"))

    assert shown.forecast is None and len(shown.history) == 19
    assert shown.reason == (
        "Historique trop court : 19 mois connus, il en faut au moins 24 (deux cycles annuels) "
        "pour une prévision et sa mesure d'erreur. Aucune prévision n'est faite."
    )
    assert publisher.published == []


def test_small_commune_months_are_masked_and_the_series_not_forecast(
    sessions: Any,
) -> None:
    months = months_between("2023-01", "2025-12")
    rows = [{"month": m, "theme": WASTE, "commune": WOIPPY} for m in months for _ in range(6)]
    rows = [r for r in rows if r["month"] != "2024-03"][:-3]  # 2025-12: 3 facts
    facts = TablesInMemory(
        {"chat_answers": pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])}
    )
    forecasts, _ = forecasts_with(sessions, facts, FixedPermission(allowed=True))

    shown = forecasts.view(official(WOIPPY), SeriesKey(SeriesKind.DEMAND, WASTE, WOIPPY))

    assert shown.forecast is None and shown.reason is not None
    assert "moins de 5 faits" in shown.reason
    assert shown.history[-1].value is None and shown.history[-1].masked
    march = next(point for point in shown.history if point.month == "2024-03")
    assert march.value == 0 and not march.masked  # nobody: nothing to hide


def test_an_official_sees_only_their_communes_and_staff_every_one(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, _ = forecasts_with(sessions, facts, FixedPermission(allowed=False))
    metz = SeriesKey(SeriesKind.DEMAND, commune=METZ)

    with pytest.raises(PermissionDenied) as refused:
        forecasts.view(official(WOIPPY), metz)
    assert "57480" in refused.value.detail and "57463" in refused.value.detail
    with pytest.raises(PermissionDenied, match="réservées aux élus"):
        forecasts.view(staff("agent"), metz)
    assert forecasts.view(official(METZ), metz).commune == METZ
    assert forecasts.view(staff("data-steward"), metz).commune == METZ
    with pytest.raises(InvalidInput, match="thème"):
        forecasts.view(staff("admin"), SeriesKey(SeriesKind.WATER, theme=WASTE))


class FixedForecaster(Forecaster):
    """The model's answer fixed in advance (or a failure), for what the service does with it."""

    def __init__(self, model: Accuracy | None, baseline: Accuracy | None = None) -> None:
        super().__init__()
        self.model, self.baseline = model, baseline

    def forecast(
        self, series: Mapping[str, tuple[Sequence[str], Sequence[float]]]
    ) -> dict[str, SeriesForecast]:
        if self.model is None or self.baseline is None:
            raise RuntimeError("the model gave up")
        point = Prediction("2026-01", 10.0, 8.0, 12.0, 7.0, 13.0)
        backtest = Backtest(12, 2, 6, self.model, self.baseline)
        return {uid: SeriesForecast((point,) * 6, backtest) for uid in series}


@pytest.mark.parametrize(("baseline_mase", "noted"), [(0.5, True), (2.0, False)])
def test_the_forecast_says_so_when_the_baseline_erred_less(
    sessions: Any, facts: TablesInMemory, baseline_mase: float, noted: bool
) -> None:
    forecasts, _ = forecasts_with(sessions, facts, FixedPermission(allowed=True))
    forecasts._forecaster = FixedForecaster(Accuracy(1.0, 9.0), Accuracy(baseline_mase, 5.0))

    shown = forecasts.view(official(METZ), SeriesKey(SeriesKind.DEMAND, theme=WASTE))

    assert shown.backtest is not None and shown.backtest.baseline.mase == baseline_mase
    assert (shown.backtest.note == messages.FORECAST_BASELINE_BETTER) is noted


def test_a_failed_run_is_recorded_as_failed_and_shows_nothing(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, publisher = forecasts_with(sessions, facts, FixedPermission(allowed=True))
    forecasts._forecaster = FixedForecaster(None)

    run = forecasts.run()
    shown = forecasts.view(official(METZ), SeriesKey(SeriesKind.DEMAND, theme=WASTE))

    assert run.outcome == "failed" and run.reason == messages.FORECAST_FAILED
    assert shown.forecast is None and shown.reason == messages.FORECAST_FAILED
    assert [used.outcome for used in publisher.published] == [  # type: ignore[attr-defined]
        ai_pb2.OUTCOME_FAILED,
        ai_pb2.OUTCOME_FAILED,
    ]


def test_the_runner_runs_at_start_and_not_at_all_without_an_interval(
    sessions: Any, facts: TablesInMemory
) -> None:
    forecasts, _ = forecasts_with(sessions, facts, FixedPermission(allowed=False))

    idle = ForecastSchedule.started(forecasts, 0)
    idle.stop()
    assert forecasts.runs() == []

    running = ForecastSchedule.started(forecasts, 3600)
    try:
        [run] = wait_until(forecasts.runs, timeout=10, what="the run at start")
    finally:
        running.stop()
    assert run.trigger == "schedule" and run.outcome == "refused"
