"""The special-categories approval travels with ``system-status-changed``: a replica that
only hears the events agrees with the one that wrote, without a reload."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register.audit.handlers import RegisterEventHandler
from collectivia.ethics_register.audit.service import AuditLog
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import (
    DpoReviewRequest,
    SystemRead,
    SystemUpdate,
    TransitionRequest,
    TriageRequest,
)
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent
from collectivia.register.v1 import types_pb2
from collectivia.testkit.doubles import RecordingPublisher, make_principal
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE, system_body

OFFICER = make_principal("ethics-officer")
ADMIN = make_principal("admin", subject="subject-admin")
DPO = make_principal("dpo", subject="subject-dpo")
STATUS_CHANGED = "fr.collectivia.register.system-status-changed.v1"


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def registry(sessions: sessionmaker[Session], publisher: RecordingPublisher) -> SystemRegistry:
    return SystemRegistry(sessions, publisher, SystemDirectory())


class OtherReplica:
    """A replica's directory fed by the events alone (its own audit handler)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.directory = SystemDirectory()
        self._handler = RegisterEventHandler(AuditLog(sessions), self.directory)
        self._count = 0

    def hear(self, payload: Any) -> None:
        self._count += 1
        kind = (
            STATUS_CHANGED
            if isinstance(payload, events_pb2.SystemStatusChanged)
            else "fr.collectivia.register.system-registered.v1"
        )
        cloud_event = CloudEvent(
            id=f"replayed-{self._count}-{payload.system_id}",
            source="ethics-register",
            type=kind,
            time=datetime.now(UTC),
            data_content_type="application/protobuf",
        )
        self._handler(ReceivedEvent(cloud_event, payload, "register.events", 0, self._count))


def approved_with_special_categories(registry: SystemRegistry, **overrides: Any) -> SystemRead:
    body = system_body(
        special_category_data=True, dpia={"summary": "AIPD des données de santé."}, **overrides
    )
    system = registry.register(SystemRecord.model_validate(body), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    system = move(registry, system, Transition.SUBMIT, OFFICER)
    system = registry.review_personal_data(
        system.id, DpoReviewRequest(version=system.version, opinion="favourable"), DPO
    )
    return move(registry, system, Transition.APPROVE, ADMIN)


def move(
    registry: SystemRegistry, system: SystemRead, transition: Transition, who: Any
) -> SystemRead:
    request = TransitionRequest(version=system.version, reason="motif")
    return registry.transition(system.id, transition, request, who)


def status_changes(publisher: RecordingPublisher) -> list[events_pb2.SystemStatusChanged]:
    return [e for e in publisher.published if isinstance(e, events_pb2.SystemStatusChanged)]


def test_every_replica_agrees_on_the_approval_without_a_reload(
    registry: SystemRegistry, publisher: RecordingPublisher, sessions: sessionmaker[Session]
) -> None:
    system = approved_with_special_categories(registry)
    changes = status_changes(publisher)
    # In review: nothing approved yet; approved: the approval is said, not left out.
    assert [c.special_categories_approved for c in changes] == [False, True]
    assert all(c.HasField("special_categories_approved") for c in changes)
    other = OtherReplica(sessions)
    for event in publisher.published:
        other.hear(event)
    decision = other.directory.check_use(system.id, system.purpose)
    assert decision.allowed and decision.special_categories_approved
    # Suspended: the approval is no longer announced, and no replica lets the use through.
    move(registry, system, Transition.SUSPEND, OFFICER)
    suspended = status_changes(publisher)[-1]
    assert suspended.status == types_pb2.SYSTEM_STATUS_SUSPENDED
    assert suspended.HasField("special_categories_approved")
    assert not suspended.special_categories_approved
    other.hear(suspended)
    assert not other.directory.check_use(system.id, system.purpose).allowed


def test_an_event_without_the_field_keeps_the_fail_closed_fallback(
    sessions: sessionmaker[Session],
) -> None:
    other = OtherReplica(sessions)
    older = events_pb2.SystemStatusChanged(
        system_id="s1",
        status=types_pb2.SYSTEM_STATUS_APPROVED,
        risk_class=types_pb2.RISK_CLASS_LIMITED,
        purpose="agent-drafting",
        version=4,
    )
    other.hear(older)
    decision = other.directory.check_use("s1", "agent-drafting")
    assert decision.allowed and not decision.special_categories_approved
    newer = events_pb2.SystemStatusChanged()
    newer.CopyFrom(older)
    newer.version, newer.special_categories_approved = 5, True
    other.hear(newer)
    assert other.directory.check_use("s1", "agent-drafting").special_categories_approved


def test_adding_special_categories_to_an_approved_entry_needs_a_new_review(
    registry: SystemRegistry, publisher: RecordingPublisher
) -> None:
    system = registry.register(SystemRecord.model_validate(system_body()), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    system = move(
        registry, move(registry, system, Transition.SUBMIT, OFFICER), Transition.APPROVE, ADMIN
    )
    body = system_body(special_category_data=True, dpia={"summary": "AIPD."})
    changed = registry.update(system.id, SystemUpdate(**body, version=system.version), OFFICER)
    assert changed.status is SystemStatus.IN_REVIEW
    assert status_changes(publisher)[-1].status == types_pb2.SYSTEM_STATUS_IN_REVIEW


def test_dropping_special_categories_is_announced_at_once(
    registry: SystemRegistry, publisher: RecordingPublisher, sessions: sessionmaker[Session]
) -> None:
    system = approved_with_special_categories(registry)
    other = OtherReplica(sessions)
    for event in publisher.published:
        other.hear(event)
    body = system_body(special_category_data=False, dpia={"summary": "AIPD."})
    changed = registry.update(system.id, SystemUpdate(**body, version=system.version), OFFICER)
    assert changed.status is SystemStatus.APPROVED
    last = status_changes(publisher)[-1]
    assert (last.version, last.special_categories_approved) == (changed.version, False)
    other.hear(last)
    decision = other.directory.check_use(system.id, system.purpose)
    assert decision.allowed and not decision.special_categories_approved
