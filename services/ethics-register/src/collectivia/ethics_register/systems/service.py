"""Keeping register entries: creation, edits, lifecycle moves, reviews, reads, history."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.contracts import (
    system_registered_event,
    system_status_changed_event,
)
from collectivia.ethics_register.systems.datasets import DatasetLookup, linked, unchecked
from collectivia.ethics_register.systems.directory import GateEntry, SystemDirectory
from collectivia.ethics_register.systems.lifecycle import (
    EDITORS,
    PUBLISHED,
    STAFF,
    ReviewState,
    SystemStatus,
    Transition,
    check_move,
)
from collectivia.ethics_register.systems.models import AiSystem, AiSystemVersion
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import (
    DpoReview,
    DpoReviewRequest,
    SystemRead,
    SystemSummary,
    SystemUpdate,
    TransitionRequest,
    TriageRead,
    TriageRequest,
    VersionRead,
)
from collectivia.ethics_register.systems.triage import triage
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)

# Moves that must say why: the reason is kept in the history and sent with the event.
REASON_REQUIRED = frozenset({Transition.REQUEST_CHANGES, Transition.SUSPEND, Transition.RETIRE})


def gate_entry(system: SystemRead) -> GateEntry:
    return GateEntry(
        system.purpose,
        system.risk_class,
        system.status,
        system.version,
        system.special_category_data,
    )


def to_read(row: AiSystem) -> SystemRead:
    record = json.loads(row.record)
    answers = json.loads(row.triage_answers) if row.triage_answers else None
    result = triage(answers) if answers is not None else None
    return SystemRead(
        **record,
        id=row.id,
        status=SystemStatus(row.status),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        triage=TriageRead(answers=answers, proposed=result.proposed, reasons=list(result.reasons))
        if answers is not None and result is not None
        else None,
        dpo_review=DpoReview.model_validate_json(row.dpo_review) if row.dpo_review else None,
    )


def public_view(system: SystemRead) -> SystemRead:
    """What anyone may read: oversight persons by role only, no reviewer identities."""
    persons = [
        p.model_copy(update={"name": p.role, "email": None}) for p in system.oversight_persons
    ]
    review = (
        system.dpo_review.model_copy(update={"comment": "", "reviewed_by": ""})
        if system.dpo_review
        else None
    )
    return system.model_copy(update={"oversight_persons": persons, "dpo_review": review})


class SystemRegistry:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        directory: SystemDirectory,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        datasets: DatasetLookup | None = None,
    ) -> None:
        self._sessions = sessions
        # Events are written with the data, published after commit (never a phantom entry).
        self._outbox = outbox
        self._directory = directory
        self._clock = clock
        # The data lake, where the sources' dataset ids are looked up; None: not configured.
        self._datasets = datasets

    # -- writes ---------------------------------------------------------------------------

    def register(self, record: SystemRecord, by: Principal) -> SystemRead:
        """A new entry, as a draft."""
        _require(by, EDITORS, messages.REGISTER_SYSTEM)
        record = unchecked(record)  # a draft: its datasets are looked up on submission
        now = self._clock()
        row = AiSystem(
            id=str(uuid.uuid4()),
            name=record.name,
            purpose=record.purpose,
            risk_class=record.risk_class.value,
            status=SystemStatus.DRAFT.value,
            record=record.model_dump_json(),
            created_by=by.subject,
            created_at=now,
            updated_at=now,
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            self._keep_version(session, row, "created", None, by)
            system = to_read(row)
            self._outbox.add(
                session,
                system_registered_event(system, by.subject),
                key=system.id,
                subject=system.id,
            )
        self._directory.upsert(system.id, gate_entry(system))
        logger.info("system %s registered as a draft", system.id)
        return system

    def update(self, system_id: str, update: SystemUpdate, by: Principal) -> SystemRead:
        _require(by, EDITORS, messages.EDIT_ENTRY)
        record = SystemRecord.model_validate(update.model_dump(exclude={"version"}))
        with self._writing(system_id, update.version) as (session, row):
            before = to_read(row)
            if before.status is SystemStatus.RETIRED:
                raise RuleViolation(messages.RETIRED_IS_FINAL, rule="retired-is-final")
            status = before.status
            # Adding special categories (GDPR Art. 9) needs the DPO's opinion and a DPIA.
            added_special = record.special_category_data and not before.special_category_data
            material = (
                record.purpose != before.purpose
                or record.risk_class != before.risk_class
                or added_special
            )
            if material and status is SystemStatus.APPROVED:
                # A new purpose or risk class is a new system for the AI Act: review it again.
                status = SystemStatus.IN_REVIEW
            # Outside drafts, an entry never points at data the lake does not know.
            record = (
                unchecked(record)
                if status is SystemStatus.DRAFT
                else linked(record, self._datasets, self._clock())
            )
            row.record = record.model_dump_json()
            row.name, row.purpose, row.risk_class = record.name, record.purpose, record.risk_class
            row.status = status.value
            row.dpo_review = None  # the DPO reviewed the previous content, not this one
            system = self._save(session, row, "updated", None, by)
            # Every replica's gate must learn what it enforces: purpose, risk class, status
            # and the special-categories approval (withdrawn at once when dropped).
            special_changed = record.special_category_data != before.special_category_data
            if material or special_changed or status is not before.status:
                self._publish_status(session, system, before.status, by, "record updated")
        self._directory.upsert(system.id, gate_entry(system))
        return system

    def transition(
        self, system_id: str, transition: Transition, request: TransitionRequest, by: Principal
    ) -> SystemRead:
        if transition in REASON_REQUIRED and not request.reason:
            raise RuleViolation(messages.reason_required(transition.value), rule="reason-required")
        with self._writing(system_id, request.version) as (session, row):
            before = to_read(row)
            review = ReviewState(
                dpo_favourable=before.dpo_review is not None
                and before.dpo_review.opinion == "favourable",
                triage_answers=before.triage.answers if before.triage else None,
            )
            target = check_move(transition, before.status, by.realm_roles, before, review)
            if target is SystemStatus.IN_REVIEW:
                # To review (submit, reinstate): its sources' datasets must exist in the lake.
                record = SystemRecord.model_validate_json(row.record)
                row.record = linked(record, self._datasets, self._clock()).model_dump_json()
            row.status = target.value
            system = self._save(session, row, transition.value, request.reason, by)
            reason = request.reason or transition.value
            self._publish_status(session, system, before.status, by, reason)
        self._directory.upsert(system.id, gate_entry(system))
        logger.info("system %s: %s -> %s", system.id, before.status, system.status)
        return system

    def review_personal_data(
        self, system_id: str, request: DpoReviewRequest, by: Principal
    ) -> SystemRead:
        _require(by, frozenset({"dpo"}), messages.GIVE_DPO_OPINION)
        with self._writing(system_id, request.version) as (session, row):
            if row.status != SystemStatus.IN_REVIEW.value:
                raise RuleViolation(
                    messages.DPO_REVIEWS_ENTRIES_IN_REVIEW, rule="transition-not-allowed"
                )
            review = DpoReview(
                opinion=request.opinion,
                comment=request.comment,
                reviewed_by=by.subject,
                reviewed_at=self._clock(),
                version=row.version + 1,
            )
            row.dpo_review = review.model_dump_json()
            return self._save(session, row, f"dpo-{request.opinion}", request.comment, by)

    def answer_triage(self, system_id: str, request: TriageRequest, by: Principal) -> SystemRead:
        _require(by, EDITORS, messages.ANSWER_TRIAGE)
        triage(request.answers)  # refuses unknown questions before anything is stored
        with self._writing(system_id, request.version) as (session, row):
            row.triage_answers = json.dumps(request.answers, sort_keys=True)
            return self._save(session, row, "triage", None, by)

    # -- reads ----------------------------------------------------------------------------

    def get(self, system_id: str, reader: Principal | None = None) -> SystemRead:
        with self._sessions() as session:
            row = session.get(AiSystem, system_id)
            if row is None or not _may_read(row.status, reader):
                raise NotFound(messages.system_not_found(system_id))
            system = to_read(row)
        return system if _is_staff(reader) else public_view(system)

    def list_systems(
        self, reader: Principal | None = None, status: SystemStatus | None = None
    ) -> list[SystemSummary]:
        query = select(AiSystem).order_by(AiSystem.name)
        if status is not None:
            query = query.where(AiSystem.status == status.value)
        if not _is_staff(reader):
            query = query.where(AiSystem.status.in_([s.value for s in PUBLISHED]))
        with self._sessions() as session:
            return [_summary(to_read(row)) for row in session.scalars(query)]

    def history(self, system_id: str, reader: Principal) -> list[VersionRead]:
        _require(reader, STAFF, messages.READ_HISTORY)
        query = (
            select(AiSystemVersion)
            .where(AiSystemVersion.system_id == system_id)
            .order_by(AiSystemVersion.version)
        )
        with self._sessions() as session:
            versions = [
                VersionRead(
                    version=v.version,
                    status=SystemStatus(v.status),
                    change=v.change,
                    reason=v.reason,
                    changed_by=v.changed_by,
                    changed_at=v.changed_at,
                    record=SystemRecord.model_validate_json(v.record),
                )
                for v in session.scalars(query)
            ]
        if not versions:
            raise NotFound(messages.system_not_found(system_id))
        return versions

    def exists(self, system_id: str) -> bool:
        with self._sessions() as session:
            return session.get(AiSystem, system_id) is not None

    def is_published(self, system_id: str) -> bool:
        """Whether anyone may read the entry (approved, suspended or retired)."""
        with self._sessions() as session:
            row = session.get(AiSystem, system_id)
            return row is not None and SystemStatus(row.status) in PUBLISHED

    def load_directory(self) -> int:
        with self._sessions() as session:
            for row in session.scalars(select(AiSystem)):
                self._directory.upsert(row.id, gate_entry(to_read(row)))
        return len(self._directory)

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _writing(self, system_id: str, version: int) -> Iterator[tuple[Session, AiSystem]]:
        """A transaction on one entry, refused unless it is still at ``version``."""
        try:
            with self._sessions.begin() as session:
                row = session.get(AiSystem, system_id)
                if row is None:
                    raise NotFound(messages.system_not_found(system_id))
                if row.version != version:
                    raise Conflict(messages.stale_version(row.version, version))
                yield session, row
        except StaleDataError:
            raise Conflict(messages.CHANGED_MEANWHILE) from None

    def _save(
        self, session: Session, row: AiSystem, change: str, reason: str | None, by: Principal
    ) -> SystemRead:
        row.updated_at = self._clock()
        try:
            session.flush()  # bumps row.version, guarded by "WHERE version = <read>"
        except StaleDataError:
            raise Conflict(messages.CHANGED_MEANWHILE) from None
        self._keep_version(session, row, change, reason, by)
        return to_read(row)

    def _keep_version(
        self, session: Session, row: AiSystem, change: str, reason: str | None, by: Principal
    ) -> None:
        session.add(
            AiSystemVersion(
                system_id=row.id,
                version=row.version,
                status=row.status,
                change=change,
                reason=reason,
                record=row.record,
                changed_by=by.subject,
                changed_at=row.updated_at,
            )
        )

    def _publish_status(
        self,
        session: Session,
        system: SystemRead,
        previous: SystemStatus,
        by: Principal,
        reason: str,
    ) -> None:
        self._outbox.add(
            session,
            system_status_changed_event(system, previous, by.subject, reason),
            key=system.id,
            subject=system.id,
        )


def _require(principal: Principal | None, roles: frozenset[str], action: str) -> None:
    if principal is None or not principal.has_any_role(roles):
        raise PermissionDenied(messages.role_required(action, roles))


def _is_staff(reader: Principal | None) -> bool:
    return reader is not None and reader.has_any_role(STAFF)


def _may_read(status: str, reader: Principal | None) -> bool:
    return _is_staff(reader) or SystemStatus(status) in PUBLISHED


def _summary(system: SystemRead) -> SystemSummary:
    return SystemSummary(
        id=system.id,
        name=system.name,
        purpose=system.purpose,
        summary=system.summary,
        status=system.status,
        risk_class=system.risk_class,
        policy_domain=system.policy_domain,
        version=system.version,
        updated_at=system.updated_at,
    )
