"""The register's events go through the outbox: written with the data, or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.incidents.models import IncidentReport
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import TransitionRequest
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict, RuleViolation
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.testkit.doubles import make_principal as person
from collectivia.testkit.register_records import system_body

OFFICER = person("ethics-officer")
ADMIN = person("admin", subject="subject-admin")


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)  # the outbox area's tables among the register's
    return create_session_factory(engine)


@pytest.fixture
def registry(sessions: sessionmaker[Any]) -> SystemRegistry:
    return SystemRegistry(sessions, Outbox("ethics-register"), SystemDirectory())


def test_each_change_s_event_waits_in_the_outbox_in_order(
    registry: SystemRegistry, sessions: sessionmaker[Any]
) -> None:
    system = registry.register(SystemRecord.model_validate(system_body()), OFFICER)
    request = TransitionRequest(version=system.version, reason="Retrait du service")
    registry.transition(system.id, Transition.RETIRE, request, ADMIN)
    registered, retired = pending_events(sessions)
    assert isinstance(registered, events_pb2.SystemRegistered)
    assert registered.system_id == system.id
    assert isinstance(retired, events_pb2.SystemStatusChanged)
    assert (retired.system_id, retired.reason) == (system.id, "Retrait du service")


def test_a_refused_change_writes_no_event(
    registry: SystemRegistry, sessions: sessionmaker[Any]
) -> None:
    system = registry.register(SystemRecord.model_validate(system_body()), OFFICER)
    with pytest.raises(Conflict):  # a stale version: rolled back
        registry.transition(system.id, Transition.SUBMIT, TransitionRequest(version=9), OFFICER)
    with pytest.raises(RuleViolation):  # a draft cannot be approved
        registry.transition(
            system.id, Transition.APPROVE, TransitionRequest(version=system.version), ADMIN
        )
    assert [type(e) for e in pending_events(sessions)] == [events_pb2.SystemRegistered]


def test_an_incident_s_event_is_written_with_it(sessions: sessionmaker[Any]) -> None:
    incidents = Incidents(sessions, Outbox("ethics-register"), lambda _id: True)
    receipt = incidents.report(
        IncidentReport.model_validate(
            {
                "system_id": "sys-1",
                "category": "invented-content",
                "description": "Le résumé cite un montant absent de la délibération.",
            }
        ),
        None,
    )
    [event] = pending_events(sessions)
    assert isinstance(event, events_pb2.IncidentReported)
    assert (event.incident_id, event.system_id) == (receipt.id, "sys-1")
