from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.incidents.models import (
    Category,
    IncidentReport,
    IncidentReview,
    IncidentStatus,
    Severity,
)
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import NotFound, PermissionDenied, RuleViolation
from collectivia.testkit.doubles import RecordingPublisher, make_principal

OFFICER = make_principal("ethics-officer")
CITIZEN = make_principal("citizen", subject="citizen-1")
AGENT = make_principal("agent", subject="agent-1")
START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def incidents(tmp_path: Path, publisher: RecordingPublisher, clock: Clock) -> Incidents:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'incidents.db'}")
    SERVICE.create_schema(engine)
    return Incidents(create_session_factory(engine), publisher, lambda i: i == "sys-1", clock)


def report(category: Category = Category.OUTDATED) -> IncidentReport:
    return IncidentReport(system_id="sys-1", category=category, description="Horaires faux.")


def test_anyone_reports_and_gets_a_deadline(
    incidents: Incidents, publisher: RecordingPublisher
) -> None:
    receipt = incidents.report(report(), None)
    assert receipt.status is IncidentStatus.OPEN
    assert receipt.due_at == START + timedelta(days=30)
    read = incidents.get(receipt.id, OFFICER)
    assert (read.reporter_kind, read.severity) == ("anonymous", Severity.MEDIUM)
    [event] = publisher.published
    assert isinstance(event, events_pb2.IncidentReported)
    assert event.system_id == "sys-1"
    assert incidents.report(report(), AGENT) and incidents.count_for("sys-1") == 2


def test_rights_related_reports_start_high(incidents: Incidents) -> None:
    receipt = incidents.report(report(Category.DISCRIMINATION), CITIZEN)
    assert receipt.due_at == START + timedelta(days=7)


def test_unknown_system_is_refused(incidents: Incidents) -> None:
    with pytest.raises(NotFound):
        incidents.report(
            IncidentReport(system_id="nope", category="other", description="Pas terrible."), None
        )


def test_only_the_register_team_reviews(incidents: Incidents) -> None:
    receipt = incidents.report(report(), CITIZEN)
    with pytest.raises(PermissionDenied):
        incidents.get(receipt.id, CITIZEN)
    with pytest.raises(PermissionDenied):
        incidents.list_incidents(AGENT)


def test_serious_incidents_are_flagged_for_notification(
    incidents: Incidents, publisher: RecordingPublisher
) -> None:
    receipt = incidents.report(report(Category.HARMFUL), CITIZEN)
    with pytest.raises(RuleViolation) as caught:
        incidents.record_notification(receipt.id, OFFICER)
    assert caught.value.rule == "notification-not-required"
    review = IncidentReview(severity=Severity.SERIOUS, status=IncidentStatus.UNDER_REVIEW)
    serious = incidents.review(receipt.id, review, OFFICER)
    assert serious.notification_required
    assert serious.due_at == START + timedelta(days=2)
    assert [e.severity for e in publisher.published] == ["high", "serious"]  # type: ignore[attr-defined]
    assert incidents.record_notification(receipt.id, OFFICER).notified_at == START


def test_closing_needs_a_resolution_and_overdue_is_visible(
    incidents: Incidents, clock: Clock
) -> None:
    receipt = incidents.report(report(), None)
    clock.now = START + timedelta(days=31)
    assert incidents.get(receipt.id, OFFICER).overdue
    assert [i.id for i in incidents.list_incidents(OFFICER, open_only=True)] == [receipt.id]
    with pytest.raises(RuleViolation) as caught:
        incidents.review(receipt.id, IncidentReview(severity="medium", status="resolved"), OFFICER)
    assert caught.value.rule == "resolution-required"
    done = incidents.review(
        receipt.id,
        IncidentReview(severity="medium", status="resolved", resolution="Page mise à jour."),
        OFFICER,
    )
    assert not done.overdue
    assert incidents.list_incidents(OFFICER, open_only=True) == []
