"""The ai.performance-measured handler and the measurements' history: kept once per event and
per run, the latest by ``measured_at`` whatever the order of arrival, refused (dead-letter)
for an unknown entry or a malformed event; the history is public like the entries."""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.performance import views
from collectivia.ethics_register.performance.handlers import (
    PerformanceMeasuredHandler,
    measurement,
)
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import SystemRead, TransitionRequest, TriageRequest
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import ai_pb2
from collectivia.platform.assembly import Provisions
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.catalogue import PERFORMANCE_MEASURED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent
from collectivia.platform.http import install_problem_handlers
from collectivia.testkit.doubles import RecordingPublisher, make_principal
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE
from ethics_register_testing.publication_samples import complete_body

OFFICER = make_principal("ethics-officer")
ADMIN = make_principal("admin", subject="subject-admin")
NOVEMBER = datetime(2026, 11, 5, 15, 0, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def registry(sessions: sessionmaker[Session]) -> SystemRegistry:
    return SystemRegistry(sessions, RecordingPublisher(), SystemDirectory())


@pytest.fixture
def records(sessions: sessionmaker[Session], registry: SystemRegistry) -> PerformanceRecords:
    return PerformanceRecords(sessions, system_exists=registry.exists, find_system=registry.get)


@pytest.fixture
def system(registry: SystemRegistry) -> SystemRead:
    # A draft: measurements are kept whatever the entry's status (shown once it is published).
    return registry.register(SystemRecord.model_validate(complete_body()), OFFICER)


def stamp(at: datetime) -> Timestamp:
    found = Timestamp()
    found.FromDatetime(at)
    return found


def payload(system_id: str, **overrides: Any) -> ai_pb2.PerformanceMeasured:
    fields: dict[str, Any] = {
        "system_id": system_id,
        "system_version": 4,
        "service": "officials-analytics",
        "measured_at": stamp(DECEMBER),
        "metrics": [
            ai_pb2.PerformanceMetric(
                name="mase_median", value=0.82, description="MASE médiane du modèle"
            ),
            ai_pb2.PerformanceMetric(
                name="mape_median", value=12.5, unit="%", description="MAPE médiane du modèle"
            ),
        ],
        "method": "Validation glissante sur les 12 derniers mois.",
        "data_sources": ["analytics.chat_answers"],
        "samples": 4,
        "run_id": str(uuid.uuid4()),
    }
    return ai_pb2.PerformanceMeasured(**{**fields, **overrides})


def received(message: Any, ce_id: str | None = None) -> ReceivedEvent:
    cloud_event = CloudEvent(
        ce_id or str(uuid.uuid4()),
        "officials-analytics",
        PERFORMANCE_MEASURED.ce_type,
        datetime.now(UTC),
        PERFORMANCE_MEASURED.content_type,
    )
    return ReceivedEvent(cloud_event, message, PERFORMANCE_MEASURED.topic, 0, 0)


def test_a_new_measurement_is_kept_and_becomes_the_latest(
    records: PerformanceRecords, system: SystemRead
) -> None:
    PerformanceMeasuredHandler(records)(received(payload(system.id)))

    latest = records.latest(system.id)
    assert latest is not None
    assert latest.measured_at == DECEMBER and latest.system_version == 4
    assert [(m.name, m.value, m.unit) for m in latest.metrics] == [
        ("mase_median", 0.82, ""),
        ("mape_median", 12.5, "%"),
    ]
    assert latest.method == "Validation glissante sur les 12 derniers mois."
    assert latest.data_sources == ["analytics.chat_answers"] and latest.samples == 4
    assert records.latest("another-system") is None


def test_a_duplicate_is_kept_once_by_event_id_and_by_run(
    records: PerformanceRecords, system: SystemRead
) -> None:
    handler = PerformanceMeasuredHandler(records)
    message = payload(system.id)
    handler(received(message, ce_id="event-1"))
    handler(received(message, ce_id="event-1"))  # redelivered
    handler(received(message, ce_id="event-2"))  # the same run, published again
    assert len(records.history(system.id, OFFICER)) == 1
    # Another run of the same entry is another measurement.
    handler(received(payload(system.id, run_id="run-2"), ce_id="event-3"))
    assert len(records.history(system.id, OFFICER)) == 2


def test_an_older_measurement_arriving_late_stays_in_the_history_only(
    records: PerformanceRecords, system: SystemRead
) -> None:
    handler = PerformanceMeasuredHandler(records)
    newer = ai_pb2.PerformanceMetric(name="mase_median", value=0.8, description="MASE")
    older = ai_pb2.PerformanceMetric(name="mase_median", value=1.4, description="MASE")
    handler(received(payload(system.id, measured_at=stamp(DECEMBER), metrics=[newer])))
    handler(received(payload(system.id, measured_at=stamp(NOVEMBER), metrics=[older])))

    latest = records.latest(system.id)
    assert latest is not None and latest.measured_at == DECEMBER
    assert latest.metrics[0].value == 0.8
    history = records.history(system.id, OFFICER)
    assert [m.measured_at for m in history] == [DECEMBER, NOVEMBER]


def test_a_measurement_of_an_unknown_system_is_dead_lettered(
    records: PerformanceRecords, system: SystemRead
) -> None:
    handler = PerformanceMeasuredHandler(records)
    with pytest.raises(InvalidEvent, match="unknown system 'nowhere'"):
        handler(received(payload("nowhere")))
    assert records.latest("nowhere") is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"metrics": []}, "metrics"),
        ({"method": " "}, "method"),
        ({"service": ""}, "service"),
        ({"samples": -1}, "samples"),
        ({"metrics": [ai_pb2.PerformanceMetric(name="mase", value=math.nan)]}, "metrics[0].value"),
        ({"metrics": [ai_pb2.PerformanceMetric(name="", value=1.0)]}, "metrics[0].name"),
        ({"run_id": "r" * 65}, "run_id"),
    ],
)
def test_a_malformed_measurement_is_dead_lettered_naming_the_field(
    records: PerformanceRecords, system: SystemRead, overrides: dict[str, Any], field: str
) -> None:
    handler = PerformanceMeasuredHandler(records)
    with pytest.raises(InvalidEvent, match=rf"without a valid .*{re.escape(field)}"):
        handler(received(payload(system.id, **overrides)))
    assert records.latest(system.id) is None


def test_another_payload_is_dead_lettered(records: PerformanceRecords) -> None:
    with pytest.raises(InvalidEvent, match="not a performance measurement"):
        PerformanceMeasuredHandler(records)(received(ai_pb2.AiUsed(system_id="x")))


def test_the_refusal_says_what_is_wrong_in_french(
    records: PerformanceRecords, system: SystemRead
) -> None:
    bad = measurement(received(payload(system.id, metrics=[], method="")))
    with pytest.raises(InvalidInput) as refused:
        records.record(bad)
    assert refused.value.detail == "Mesure de performance non valide : method, metrics."
    assert {e.message for e in refused.value.errors} == {
        "requis",
        "au moins une mesure est requise",
    }


def app_for(records: PerformanceRecords) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(views.router)
    app.state.provisions = Provisions.of({PerformanceRecords: records})
    return TestClient(app)


def approved(registry: SystemRegistry) -> SystemRead:
    # No personal data, so that no DPO review is needed before approval.
    public_data = [{"name": "Pages service-public.fr", "contains_personal_data": False}]
    body = complete_body(source_data=public_data)
    system = registry.register(SystemRecord.model_validate(body), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    for transition, who in ((Transition.SUBMIT, OFFICER), (Transition.APPROVE, ADMIN)):
        system = registry.transition(
            system.id, transition, TransitionRequest(version=system.version), who
        )
    return system


def test_the_history_is_public_for_a_published_entry_only(
    records: PerformanceRecords, registry: SystemRegistry, system: SystemRead
) -> None:
    handler = PerformanceMeasuredHandler(records)
    published = approved(registry)
    for entry in (system, published):
        handler(received(payload(entry.id, measured_at=stamp(NOVEMBER))))
        handler(received(payload(entry.id, measured_at=stamp(DECEMBER))))
    client = app_for(records)

    # A draft: not public, said in French; the register team sees it.
    hidden = client.get(f"/v1/systems/{system.id}/measurements")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == f"Aucune entrée {system.id!r} dans le registre."
    assert len(records.history(system.id, OFFICER)) == 2

    shown = client.get(f"/v1/systems/{published.id}/measurements")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert [m["measured_at"][:10] for m in body] == ["2026-12-05", "2026-11-05"]
    assert body[0]["metrics"][1] == {
        "name": "mape_median",
        "value": 12.5,
        "unit": "%",
        "description": "MAPE médiane du modèle",
    }
    one = client.get(f"/v1/systems/{published.id}/measurements", params={"limit": 1})
    assert len(one.json()) == 1

    refused = client.get(f"/v1/systems/{published.id}/measurements", params={"limit": 0})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "query.limit", "message": "doit être supérieur ou égal à 1"}
    ]
