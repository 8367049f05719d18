"""Each forecast run sends its back-test to the register as the entry's measured performance
(``ai.performance-measured``): the medians of the model and of the seasonal naive baseline,
the number of series, the method in French; only for a run that happened (the gate allowed
it), not for a display's one-series run; written to the outbox with the run and its
evidence: all three kept, or none."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from sqlalchemy import Table
from sqlalchemy.orm import Session

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.events.v1 import ai_pb2
from collectivia.officials_analytics.forecasts.facts import RowsInMemory
from collectivia.officials_analytics.forecasts.models import ForecastRow, ForecastRunRow
from collectivia.officials_analytics.forecasts.series import SeriesKey, SeriesKind, months_between
from collectivia.officials_analytics.forecasts.service import Forecasts, RunTrigger
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.events.outbox.models import OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher, make_principal
from collectivia.testkit.french import assert_french

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # the last complete month is 2025-12
METZ = "57463"
WASTE = "Déchets"


class KeyedPublisher(RecordingPublisher):
    """Keeps the key of each event too."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        event_id = super().publish(payload, key=key, subject=subject, wait=wait)
        self.keys.append(key)
        return event_id


class SplitOutbox:
    """The service's outbox: ai.used to the evidence's publisher, the rest to the
    measurements' (each test reads one)."""

    def __init__(self, evidence: RecordingPublisher, measurements: KeyedPublisher) -> None:
        self.evidence, self.measurements = evidence, measurements

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "written with the run"
        to = self.evidence if isinstance(payload, ai_pb2.AiUsed) else self.measurements
        return to.publish(payload, key=key, subject=subject)


class TablesInMemory(RowsInMemory):
    """The analytics tables as Arrow tables (a stand-in for the warehouse)."""


def answers(first: str, last: str) -> TablesInMemory:
    rows: list[dict[str, Any]] = []
    for index, month in enumerate(months_between(first, last)):
        count = 40 + round(10 * math.sin(2 * math.pi * index / 12)) + index % 3
        rows.extend({"month": month, "theme": WASTE, "commune": METZ} for _ in range(count))
    table = pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])
    return TablesInMemory({"chat_answers": table})


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'forecasts.db'}")
    tables = (ForecastRunRow, ForecastRow, OutboxRecord)
    create_tables(engine, [cast(Table, row.__table__) for row in tables])
    yield create_session_factory(engine)
    engine.dispose()


def forecasts_with(
    sessions: Any, facts: TablesInMemory, gate: FixedPermission
) -> tuple[Forecasts, RecordingPublisher, KeyedPublisher]:
    """The service, the pathway's publisher (ai.used) and the measurements' one."""
    evidence, measurements = RecordingPublisher(), KeyedPublisher()
    pathway = AiUsePathway(
        gate, evidence, service="officials-analytics", purpose="territorial-forecasting"
    )
    service = Forecasts(
        sessions,
        facts,
        pathway,
        ForecastSettings(forecast_refresh_hours=0),
        actor="officials-analytics",
        outbox=SplitOutbox(evidence, measurements),
        clock=lambda: NOW,
    )
    return service, evidence, measurements


def test_a_run_sends_its_back_test_as_the_entry_s_measured_performance(sessions: Any) -> None:
    forecasts, evidence, measurements = forecasts_with(
        sessions, answers("2023-01", "2025-12"), FixedPermission(allowed=True)
    )

    run = forecasts.run(RunTrigger.REQUEST)

    assert run.outcome == "completed" and run.series_forecast > 0
    [measured] = measurements.published
    assert isinstance(measured, ai_pb2.PerformanceMeasured)
    assert measurements.keys == ["system-under-test"]
    assert measured.system_id == "system-under-test" and measured.system_version == 3
    assert measured.service == "officials-analytics" and measured.run_id == run.id
    assert measured.measured_at.ToDatetime(tzinfo=UTC) == NOW
    assert measured.samples == run.series_forecast
    figures = {metric.name: metric for metric in measured.metrics}
    assert set(figures) == {
        "mase_median",
        "mape_median",
        "baseline_mase_median",
        "baseline_mape_median",
    }
    assert figures["mase_median"].value == pytest.approx(run.model_mase)
    assert figures["mape_median"].value == pytest.approx(run.model_mape)
    assert figures["baseline_mase_median"].value == pytest.approx(run.baseline_mase)
    assert figures["baseline_mape_median"].value == pytest.approx(run.baseline_mape)
    assert figures["mape_median"].unit == "%" and figures["mase_median"].unit == ""
    for metric in measured.metrics:
        assert_french(metric.description)
    assert measured.method.startswith("Validation glissante sur les 12 derniers mois connus")
    assert f"sur les {run.series_forecast} séries prévues" in measured.method
    assert_french(measured.method)
    assert set(measured.data_sources) == {
        "analytics.chat_answers",
        "analytics.chat_handoffs",
        "analytics.lake_telemetry",
    }
    # The same figures as the run's evidence.
    [used] = evidence.published
    assert isinstance(used, ai_pb2.AiUsed)
    assert float(used.parameters["mase_median"]) == pytest.approx(
        figures["mase_median"].value, abs=1e-3
    )


def test_nothing_is_measured_when_the_register_refuses_the_run(sessions: Any) -> None:
    gate = FixedPermission(allowed=False, reason=DenialReason.NOT_APPROVED)
    forecasts, _evidence, measurements = forecasts_with(
        sessions, answers("2023-01", "2025-12"), gate
    )
    assert forecasts.run(RunTrigger.SCHEDULE).outcome == "refused"
    assert measurements.published == []


def test_a_display_s_one_series_run_is_not_the_entry_s_performance(sessions: Any) -> None:
    forecasts, evidence, measurements = forecasts_with(
        sessions, answers("2023-01", "2025-12"), FixedPermission(allowed=True)
    )
    shown = forecasts.view(make_principal("admin"), SeriesKey(SeriesKind.DEMAND, theme=WASTE))
    assert shown.forecast is not None and len(evidence.published) == 1
    assert measurements.published == []


def test_a_run_with_no_series_forecast_measures_nothing(sessions: Any) -> None:
    forecasts, _evidence, measurements = forecasts_with(
        sessions, answers("2024-06", "2025-12"), FixedPermission(allowed=True)
    )
    run = forecasts.run(RunTrigger.REQUEST)
    assert run.outcome == "completed" and run.series_forecast == 0
    assert measurements.published == []


def test_the_run_its_evidence_and_its_measurement_are_one_transaction(sessions: Any) -> None:
    """The real outbox: a stored run's ai.used and measurement wait there for the relay."""
    pathway = AiUsePathway(
        FixedPermission(allowed=True),
        RecordingPublisher(),
        service="officials-analytics",
        purpose="territorial-forecasting",
    )
    forecasts = Forecasts(
        sessions,
        answers("2023-01", "2025-12"),
        pathway,
        ForecastSettings(forecast_refresh_hours=0),
        actor="officials-analytics",
        outbox=Outbox("officials-analytics"),
        clock=lambda: NOW,
    )
    run = forecasts.run(RunTrigger.REQUEST)
    used, measured = pending_events(sessions)
    assert isinstance(used, ai_pb2.AiUsed) and used.outcome == ai_pb2.OUTCOME_COMPLETED
    assert isinstance(measured, ai_pb2.PerformanceMeasured) and measured.run_id == run.id


def test_a_run_whose_events_cannot_be_written_is_not_kept(sessions: Any) -> None:
    forecasts, _evidence, measurements = forecasts_with(
        sessions, answers("2023-01", "2025-12"), FixedPermission(allowed=True)
    )
    measurements.fail = True
    with pytest.raises(DependencyUnavailable):
        forecasts.run(RunTrigger.REQUEST)
    assert forecasts.runs() == []
