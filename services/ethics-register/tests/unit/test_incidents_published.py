"""An incident is filed only against an entry the public can see: a draft or an entry in
review produces no output anyone could report, and its existence is not disclosed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.incidents.models import Category, IncidentReport
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import (
    SystemRead,
    TransitionRequest,
    TriageRequest,
)
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import NotFound
from collectivia.testkit.doubles import RecordingPublisher, make_principal
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE, system_body

OFFICER = make_principal("ethics-officer")
ADMIN = make_principal("admin", subject="subject-admin")


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def registry(sessions: sessionmaker[Session]) -> SystemRegistry:
    return SystemRegistry(sessions, RecordingPublisher(), SystemDirectory())


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def incidents(
    sessions: sessionmaker[Session], registry: SystemRegistry, publisher: RecordingPublisher
) -> Incidents:
    # Wired as the incidents area wires it.
    return Incidents(sessions, publisher, registry.is_published)


def report(system_id: str) -> IncidentReport:
    return IncidentReport(
        system_id=system_id, category=Category.OUTDATED, description="Horaires faux."
    )


def move(registry: SystemRegistry, system: SystemRead, transition: Transition) -> SystemRead:
    who = ADMIN if transition in (Transition.APPROVE, Transition.RETIRE) else OFFICER
    request = TransitionRequest(version=system.version, reason="motif")
    return registry.transition(system.id, transition, request, who)


def test_a_draft_or_an_entry_in_review_cannot_be_reported(
    registry: SystemRegistry, incidents: Incidents, publisher: RecordingPublisher
) -> None:
    draft = registry.register(SystemRecord.model_validate(system_body()), OFFICER)
    system = registry.answer_triage(
        draft.id, TriageRequest(version=draft.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    in_review = move(registry, system, Transition.SUBMIT)
    for entry in (draft, in_review):
        with pytest.raises(NotFound) as caught:
            incidents.report(report(entry.id), None)
        assert caught.value.detail == messages.incident_system_not_published(entry.id)
        assert "système publié" in caught.value.detail
        # The same answer as for an id that does not exist: a draft's existence is not told.
        with pytest.raises(NotFound) as unknown:
            incidents.report(report("no-such-entry"), None)
        assert unknown.value.detail == messages.incident_system_not_published("no-such-entry")
    assert incidents.count_for(draft.id) == 0
    assert publisher.published == []


def test_approved_suspended_and_retired_entries_can_be_reported(
    registry: SystemRegistry, incidents: Incidents, publisher: RecordingPublisher
) -> None:
    system = registry.register(SystemRecord.model_validate(system_body()), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    system = move(registry, move(registry, system, Transition.SUBMIT), Transition.APPROVE)
    for transition in (None, Transition.SUSPEND, Transition.RETIRE):
        if transition is not None:
            system = move(registry, system, transition)
        assert registry.is_published(system.id)
        incidents.report(report(system.id), None)
    assert system.status is SystemStatus.RETIRED
    assert incidents.count_for(system.id) == 3
    assert all(isinstance(e, events_pb2.IncidentReported) for e in publisher.published)
