"""Experiments: a department opens one (a task, a template, a period, the departments whose
agents may take part); agents join and record their uses (rating, comment, minutes saved as
they declare them); the report goes to the department, and to the others once shared."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.experiments.models import (
    ExperimentParticipantRow,
    ExperimentRow,
    ExperimentUseRow,
)
from collectivia.agent_assistant.experiments.report import build_report
from collectivia.agent_assistant.experiments.schemas import (
    MAX_PERIOD_DAYS,
    STATUS_LABELS,
    ExperimentDraft,
    ExperimentEdit,
    ExperimentPlan,
    ExperimentRead,
    ExperimentReport,
    ExperimentStatus,
    ExperimentTask,
    SharingRequest,
    UseCreate,
    UseRead,
)
from collectivia.agent_assistant.prompts.access import home_department, manages, require_manages
from collectivia.agent_assistant.prompts.models import PromptTemplateRow
from collectivia.ai.privacy import redact
from collectivia.platform.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def status_on(row: ExperimentRow, today: date) -> ExperimentStatus:
    if today < row.starts_on:
        return ExperimentStatus.PLANNED
    if today > row.ends_on:
        return ExperimentStatus.ENDED
    return ExperimentStatus.RUNNING


class Experiments:
    def __init__(
        self, sessions: sessionmaker[Session], min_group: int = 5, clock: Clock = utc_now
    ) -> None:
        self.sessions = sessions
        self.min_group = min_group
        self.clock = clock

    # -- writes ---------------------------------------------------------------------------

    def open(self, draft: ExperimentDraft, by: Agent) -> ExperimentRead:
        department = home_department(by, draft.department)
        now = self.clock()
        with self.sessions.begin() as session:
            self._check_plan(session, draft)
            row = ExperimentRow(
                id=str(uuid.uuid4()),
                department=department,
                shared=False,
                created_by=by.pseudonym,
                created_at=now,
            )
            self._apply(row, draft, now)
            session.add(row)
            session.flush()
            return self._read(session, row, by)

    def edit(self, experiment_id: str, edit: ExperimentEdit, by: Agent) -> ExperimentRead:
        with self._writing(experiment_id, edit.version, by) as (session, row):
            self._check_plan(session, edit)
            changes_subject = edit.task.value != row.task or edit.template_id != row.template_id
            if changes_subject and self._use_count(session, row.id):
                raise RuleViolation(messages.EXPERIMENT_HAS_USES, rule="experiment-has-uses")
            self._apply(row, edit, self.clock())
            self._flush(session)
            return self._read(session, row, by)

    def set_shared(self, experiment_id: str, request: SharingRequest, by: Agent) -> ExperimentRead:
        """Share the report with every department, or take it back."""
        with self._writing(experiment_id, request.version, by) as (session, row):
            if row.shared != request.shared:
                row.shared = request.shared
                row.updated_at = self.clock()
                self._flush(session)
            return self._read(session, row, by)

    def join(self, experiment_id: str, by: Agent) -> ExperimentRead:
        with self.sessions.begin() as session:
            row = self._visible(session, experiment_id, by)
            if session.get(ExperimentParticipantRow, (row.id, by.pseudonym)) is None:
                allowed = _departments(row)
                department = next((d for d in by.departments if d in allowed), None)
                if department is None and not by.is_admin:
                    raise RuleViolation(
                        messages.not_open_to_department(allowed),
                        rule="experiment-not-open-to-department",
                    )
                if status_on(row, self.clock().date()) is ExperimentStatus.ENDED:
                    raise RuleViolation(
                        messages.experiment_ended(row.ends_on), rule="experiment-ended"
                    )
                session.add(
                    ExperimentParticipantRow(
                        experiment_id=row.id,
                        agent=by.pseudonym,
                        department=department or by.department,
                        joined_at=self.clock(),
                    )
                )
                session.flush()
            return self._read(session, row, by)

    def record_use(self, experiment_id: str, use: UseCreate, by: Agent) -> UseRead:
        now = self.clock()
        with self.sessions.begin() as session:
            row = self._visible(session, experiment_id, by)
            participant = session.get(ExperimentParticipantRow, (row.id, by.pseudonym))
            if participant is None:
                raise RuleViolation(messages.JOIN_FIRST, rule="experiment-not-joined")
            status = status_on(row, now.date())
            if status is not ExperimentStatus.RUNNING:
                reason = (
                    messages.not_running(starts_on=row.starts_on)
                    if status is ExperimentStatus.PLANNED
                    else messages.not_running(ended_on=row.ends_on)
                )
                raise RuleViolation(reason, rule="experiment-not-running")
            stored = ExperimentUseRow(
                experiment_id=row.id,
                agent=by.pseudonym,
                department=participant.department,
                rating=use.rating,
                comment=redact(use.comment),
                minutes_saved=use.minutes_saved,
                task_id=use.task_id,
                recorded_at=now,
            )
            session.add(stored)
            return UseRead(
                rating=stored.rating,
                comment=stored.comment,
                minutes_saved=stored.minutes_saved,
                recorded_at=now,
            )

    # -- reads ----------------------------------------------------------------------------

    def get(self, experiment_id: str, by: Agent) -> ExperimentRead:
        with self.sessions() as session:
            return self._read(session, self._visible(session, experiment_id, by), by)

    def list_visible(self, by: Agent) -> list[ExperimentRead]:
        """The caller's departments' experiments, those open to them, and shared ones."""
        with self.sessions() as session:
            rows = session.scalars(select(ExperimentRow).order_by(ExperimentRow.starts_on.desc()))
            return [self._read(session, r, by) for r in rows if _may_read(r, by)]

    def report(self, experiment_id: str, by: Agent) -> ExperimentReport:
        with self.sessions() as session:
            row = self._visible(session, experiment_id, by)
            uses = list(
                session.scalars(
                    select(ExperimentUseRow).where(ExperimentUseRow.experiment_id == row.id)
                )
            )
            return build_report(self._read(session, row, by), uses, self.min_group)

    # -- plumbing -------------------------------------------------------------------------

    def _check_plan(self, session: Session, plan: ExperimentPlan) -> None:
        errors: list[FieldError] = []
        if plan.ends_on < plan.starts_on:
            errors.append(FieldError("ends_on", messages.END_BEFORE_START))
        elif (plan.ends_on - plan.starts_on).days > MAX_PERIOD_DAYS:
            errors.append(FieldError("ends_on", messages.period_too_long(MAX_PERIOD_DAYS)))
        if plan.template_id is not None:
            template = session.get(PromptTemplateRow, plan.template_id)
            if template is None:
                errors.append(FieldError("template_id", messages.TEMPLATE_NOT_IN_LIBRARY))
            elif template.archived:
                errors.append(FieldError("template_id", messages.TEMPLATE_WITHDRAWN))
        elif plan.task is not ExperimentTask.HANDOFF_REPLY:
            errors.append(FieldError("template_id", messages.CHOOSE_TEMPLATE_TO_TRY))
        if errors:
            raise InvalidInput(messages.experiment_not_saved(e.message for e in errors), errors)

    def _apply(self, row: ExperimentRow, plan: ExperimentPlan, now: datetime) -> None:
        row.title = plan.title
        row.description = plan.description
        row.task = plan.task.value
        row.template_id = plan.template_id
        row.starts_on = plan.starts_on
        row.ends_on = plan.ends_on
        departments = list(dict.fromkeys(d.strip() for d in plan.participant_departments))
        row.participant_departments = json.dumps(
            [d for d in departments if d] or [row.department], ensure_ascii=False
        )
        row.updated_at = now

    @staticmethod
    def _use_count(session: Session, experiment_id: str) -> int:
        return (
            session.scalar(
                select(func.count()).where(ExperimentUseRow.experiment_id == experiment_id)
            )
            or 0
        )

    @staticmethod
    def _visible(session: Session, experiment_id: str, by: Agent) -> ExperimentRow:
        row = session.get(ExperimentRow, experiment_id)
        if row is None or not _may_read(row, by):
            # Unshared experiments of other departments: no existence leak.
            raise NotFound(messages.experiment_not_found(experiment_id))
        return row

    @contextmanager
    def _writing(
        self, experiment_id: str, version: int, by: Agent
    ) -> Iterator[tuple[Session, ExperimentRow]]:
        try:
            with self.sessions.begin() as session:
                row = self._visible(session, experiment_id, by)
                require_manages(by, row.department, messages.EDIT_EXPERIMENT)
                if row.version != version:
                    raise _stale(row.version, version)
                yield session, row
        except StaleDataError:
            raise _stale(None, version) from None

    @staticmethod
    def _flush(session: Session) -> None:
        try:
            session.flush()
        except StaleDataError:
            raise _stale(None, 0) from None

    def _read(self, session: Session, row: ExperimentRow, by: Agent) -> ExperimentRead:
        participants = session.scalar(
            select(func.count()).where(ExperimentParticipantRow.experiment_id == row.id)
        )
        joined = session.get(ExperimentParticipantRow, (row.id, by.pseudonym)) is not None
        status = status_on(row, self.clock().date())
        return ExperimentRead(
            id=row.id,
            version=row.version,
            title=row.title,
            description=row.description,
            department=row.department,
            task=ExperimentTask(row.task),
            template_id=row.template_id,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            participant_departments=_departments(row),
            shared=row.shared,
            status=status,
            status_label=STATUS_LABELS[status],
            participants=participants or 0,
            joined=joined,
            manageable=manages(by, row.department),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


def _departments(row: ExperimentRow) -> list[str]:
    departments: list[str] = json.loads(row.participant_departments)
    return departments


def _may_read(row: ExperimentRow, by: Agent) -> bool:
    return (
        row.shared
        or manages(by, row.department)
        or any(d in by.departments for d in _departments(row))
    )


def _stale(current: int | None, started_from: int) -> Conflict:
    return Conflict(messages.experiment_changed_meanwhile(current, started_from))
