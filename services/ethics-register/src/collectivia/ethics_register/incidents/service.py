"""Reporting incidents, reviewing them within deadlines, flagging serious ones."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.incidents.models import (
    Category,
    Incident,
    IncidentRead,
    IncidentReceipt,
    IncidentReport,
    IncidentReview,
    IncidentStatus,
    Severity,
)
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import NotFound, PermissionDenied, RuleViolation
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

REVIEWERS = frozenset({"ethics-officer", "dpo", "admin"})
# Time to handle an incident. Serious ones: inform provider and authority without delay
# (AI Act Art. 26(5), 73(2)-(4) give 2 to 15 days; the collectivity takes the shortest).
DEADLINES = {
    Severity.LOW: timedelta(days=60),
    Severity.MEDIUM: timedelta(days=30),
    Severity.HIGH: timedelta(days=7),
    Severity.SERIOUS: timedelta(days=2),
}
# A first assessment before anyone has triaged the report.
INITIAL_SEVERITY = {
    Category.DISCRIMINATION: Severity.HIGH,
    Category.PERSONAL_DATA: Severity.HIGH,
    Category.HARMFUL: Severity.HIGH,
    Category.WRONG_DECISION: Severity.HIGH,
}
CLOSED = frozenset({IncidentStatus.RESOLVED, IncidentStatus.DISMISSED})


class Incidents:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        system_published: Callable[[str], bool],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``system_published``: whether the public can see the entry (approved, suspended or
        retired); a draft or an entry in review produces no output anyone could report."""
        self._sessions = sessions
        self._outbox = outbox  # events written with the incident, published after commit
        self._system_published = system_published
        self._clock = clock

    def report(self, report: IncidentReport, reporter: Principal | None) -> IncidentReceipt:
        if not self._system_published(report.system_id):
            raise NotFound(messages.incident_system_not_published(report.system_id))
        now = self._clock()
        severity = INITIAL_SEVERITY.get(report.category, Severity.MEDIUM)
        row = Incident(
            id=str(uuid.uuid4()),
            system_id=report.system_id,
            use_id=report.use_id,
            category=report.category.value,
            description=report.description,
            reporter_kind=_reporter_kind(reporter),
            reported_by=reporter.subject if reporter else None,
            severity=severity.value,
            status=IncidentStatus.OPEN.value,
            notification_required=False,
            reported_at=now,
            due_at=now + DEADLINES[severity],
            updated_at=now,
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            self._announce(session, row)
        return IncidentReceipt(id=row.id, status=IncidentStatus.OPEN, due_at=row.due_at)

    def review(self, incident_id: str, review: IncidentReview, by: Principal) -> IncidentRead:
        _require_reviewer(by)
        if review.status in CLOSED and not review.resolution:
            raise RuleViolation(messages.RESOLUTION_REQUIRED, rule="resolution-required")
        with self._sessions.begin() as session:
            row = _load(session, incident_id)
            escalated = review.severity is Severity.SERIOUS and row.severity != Severity.SERIOUS
            if review.severity.value != row.severity:
                row.due_at = row.reported_at + DEADLINES[review.severity]
            row.severity = review.severity.value
            row.status = review.status.value
            row.resolution = review.resolution
            row.notification_required = review.severity is Severity.SERIOUS
            row.updated_at = self._clock()
            if escalated:  # the suite learns that a serious incident needs notifying
                self._announce(session, row)
            return self._read(row)

    def record_notification(self, incident_id: str, by: Principal) -> IncidentRead:
        _require_reviewer(by)
        with self._sessions.begin() as session:
            row = _load(session, incident_id)
            if not row.notification_required:
                raise RuleViolation(
                    messages.NOTIFICATION_NOT_REQUIRED, rule="notification-not-required"
                )
            row.notified_at = row.updated_at = self._clock()
            return self._read(row)

    def get(self, incident_id: str, reader: Principal) -> IncidentRead:
        _require_reviewer(reader)
        with self._sessions() as session:
            return self._read(_load(session, incident_id))

    def list_incidents(
        self, reader: Principal, system_id: str | None = None, open_only: bool = False
    ) -> list[IncidentRead]:
        _require_reviewer(reader)
        query = select(Incident).order_by(Incident.due_at)
        if system_id:
            query = query.where(Incident.system_id == system_id)
        if open_only:
            query = query.where(Incident.status.not_in([s.value for s in CLOSED]))
        with self._sessions() as session:
            return [self._read(row) for row in session.scalars(query)]

    def count_for(self, system_id: str) -> int:
        with self._sessions() as session:
            query = select(func.count(Incident.id)).where(Incident.system_id == system_id)
            return int(session.scalar(query) or 0)

    def _read(self, row: Incident) -> IncidentRead:
        read = IncidentRead.model_validate(row)
        read.overdue = read.status not in CLOSED and self._clock() > read.due_at
        return read

    def _announce(self, session: Session, row: Incident) -> None:
        self._outbox.add(
            session,
            events_pb2.IncidentReported(
                incident_id=row.id,
                system_id=row.system_id,
                use_id=row.use_id or "",
                category=row.category,
                severity=row.severity,
                notification_required=row.notification_required,
                reported_at=timestamp(row.reported_at),
                due_at=timestamp(row.due_at),
            ),
            key=row.system_id,
            subject=row.id,
        )


def _reporter_kind(reporter: Principal | None) -> str:
    if reporter is None:
        return "anonymous"
    return "agent" if reporter.has_any_role({"agent"}) else "citizen"


def _require_reviewer(principal: Principal) -> None:
    if not principal.has_any_role(REVIEWERS):
        raise PermissionDenied(messages.role_required(messages.REVIEW_INCIDENTS, REVIEWERS))


def _load(session: Any, incident_id: str) -> Incident:
    row: Incident | None = session.get(Incident, incident_id)
    if row is None:
        raise NotFound(messages.incident_not_found(incident_id))
    return row
