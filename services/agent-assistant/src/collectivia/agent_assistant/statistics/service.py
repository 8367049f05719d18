"""Usage statistics for managers: tasks per department and calendar month, aggregated, with
small groups suppressed (see suppression.py). Inputs are the pseudonymous TASK_COMPLETED
records only."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.statistics.models import TaskUsageRow, TemplateUseCountRow
from collectivia.agent_assistant.statistics.schemas import (
    DepartmentMonth,
    FiguresRead,
    StatisticsReport,
    TaskFiguresRead,
    TaskUsage,
)
from collectivia.agent_assistant.statistics.suppression import (
    OTHER_TASKS,
    Figures,
    Tally,
    breakdown,
    distinct_agents,
)
from collectivia.platform.errors import FieldError, InvalidInput, PermissionDenied

Clock = Callable[[], datetime]
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
MAX_MONTHS = 24

TASK_LABELS = {
    "summarize": "Résumé",
    "plain-language": "Langage clair",
    "draft": "Rédaction",
    "classify": "Classement",
    "handoff-reply": "Réponse à un usager",
    OTHER_TASKS: "Autres tâches (regroupées)",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_month(value: str, field: str) -> tuple[int, int]:
    match = MONTH.fullmatch(value.strip())
    if match is None:
        raise InvalidInput(
            messages.unreadable_month(value), [FieldError(field, messages.MONTH_FORMAT)]
        )
    return int(match.group(1)), int(match.group(2))


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _figures(figures: Figures) -> FiguresRead:
    return FiguresRead(
        tasks=figures.tasks,
        agents=figures.agents,
        generative_share=figures.generative_share,
        minutes_saved=figures.minutes_saved,
        mean_latency_ms=figures.mean_latency_ms,
    )


class UsageStatistics:
    def __init__(
        self, sessions: sessionmaker[Session], min_group: int = 5, clock: Clock = utc_now
    ) -> None:
        if min_group < 2:
            raise ValueError("a minimum group of fewer than 2 agents protects no one")
        self.sessions = sessions
        self.min_group = min_group
        self.clock = clock

    def record(self, usage: TaskUsage) -> bool:
        """Keep one completed task, and count it for its template, in one transaction;
        False when it was already kept (a redelivered event)."""
        for attempt in (1, 2):
            try:
                with self.sessions.begin() as session:
                    if session.get(TaskUsageRow, usage.task_id) is not None:
                        return False
                    session.add(_row(usage))
                    if usage.template_id:
                        _count_use(session, usage.template_id)
                return True
            except IntegrityError:
                # Another consumer kept the same task or the template's first use meanwhile:
                # once more, which finds the task kept or the counter there.
                if attempt == 2:
                    raise
        return False

    def record_many(self, usages: list[TaskUsage]) -> int:
        """Keep a batch of completed tasks in one transaction (the consumer's batch path);
        returns how many were new. On a conflict with another writer, the caller falls back
        to :meth:`record`, one by one."""
        with self.sessions.begin() as session:
            ids = {u.task_id for u in usages}
            kept = set(
                session.scalars(select(TaskUsageRow.task_id).where(TaskUsageRow.task_id.in_(ids)))
            )
            new = 0
            per_template: dict[str, int] = defaultdict(int)
            for usage in usages:
                if usage.task_id in kept:
                    continue
                kept.add(usage.task_id)
                session.add(_row(usage))
                if usage.template_id:
                    per_template[usage.template_id] += 1
                new += 1
            for template_id, uses in per_template.items():
                _count_use(session, template_id, uses)
        return new

    def monthly(
        self, by: Agent, first: str | None, last: str | None, department: str | None = None
    ) -> StatisticsReport:
        """Department-months from ``first`` to ``last`` (AAAA-MM; default: the last 12
        months). Agents see their own departments; administrators every department."""
        now = self.clock()
        last_month = parse_month(last, "to") if last else (now.year, now.month)
        if first:
            first_month = parse_month(first, "from")
        else:
            year, month = last_month
            first_month = (year - 1, month + 1) if month < 12 else (year, 1)
        months = months_between(first_month, last_month)
        if not months:
            raise InvalidInput(
                messages.FIRST_MONTH_AFTER_LAST, [FieldError("from", messages.AFTER_LAST_MONTH)]
            )
        if len(months) > MAX_MONTHS:
            raise InvalidInput(
                messages.too_many_months(MAX_MONTHS),
                [FieldError("from", messages.PERIOD_TOO_LONG_FIELD)],
            )
        departments = self._departments(by, department)
        rows: list[DepartmentMonth] = []
        with self.sessions() as session:
            for year, month in months:
                start = datetime(year, month, 1, tzinfo=UTC)
                end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
                cells = self._tallies(session, start, end, departments)
                names = departments if departments is not None else sorted(cells)
                for name in names:
                    rows.append(self._row(name, f"{year:04d}-{month:02d}", cells.get(name, {})))
        rows.sort(key=lambda r: (r.department, r.month))
        return StatisticsReport(
            min_group_size=self.min_group,
            months=[f"{y:04d}-{m:02d}" for y, m in months],
            rows=rows,
            method=(
                f"Chiffres agrégés par service et par mois, à partir d'identifiants "
                f"pseudonymes. Un service-mois n'est affiché que si au moins {self.min_group} "
                "agents distincts ont utilisé l'assistant ; dans le détail par tâche, les "
                f"tâches utilisées par moins de {self.min_group} agents sont regroupées. "
                "Les minutes gagnées sont celles que les agents déclarent."
            ),
            generated_at=now,
        )

    def _departments(self, by: Agent, department: str | None) -> list[str] | None:
        if department:
            if not by.is_admin and department not in by.departments:
                raise PermissionDenied(messages.OWN_DEPARTMENTS_ONLY)
            return [department]
        if by.is_admin:
            return None  # every department with activity
        if not by.departments:
            raise PermissionDenied(messages.NO_DEPARTMENT)
        return sorted(by.departments)

    @staticmethod
    def _tallies(
        session: Session, start: datetime, end: datetime, departments: list[str] | None
    ) -> dict[str, dict[str, list[Tally]]]:
        """department -> task -> one tally per agent."""
        statement = (
            select(
                TaskUsageRow.department,
                TaskUsageRow.task,
                TaskUsageRow.agent,
                func.count(),
                func.sum(case((TaskUsageRow.generative, 1), else_=0)),
                func.sum(TaskUsageRow.declared_minutes_saved),
                func.sum(TaskUsageRow.latency_ms),
            )
            .where(TaskUsageRow.completed_at >= start, TaskUsageRow.completed_at < end)
            .group_by(TaskUsageRow.department, TaskUsageRow.task, TaskUsageRow.agent)
        )
        if departments is not None:
            statement = statement.where(TaskUsageRow.department.in_(departments))
        cells: dict[str, dict[str, list[Tally]]] = defaultdict(lambda: defaultdict(list))
        for dep, task, agent, count, generative, minutes, latency in session.execute(statement):
            cells[dep][task].append(
                Tally(agent, int(count), int(generative or 0), int(minutes or 0), int(latency or 0))
            )
        return cells

    def _row(self, department: str, month: str, tasks: dict[str, list[Tally]]) -> DepartmentMonth:
        everything = [t for tallies in tasks.values() for t in tallies]
        if distinct_agents(everything) < self.min_group:
            return DepartmentMonth(
                department=department,
                month=month,
                suppressed=True,
                explanation=(
                    f"Moins de {self.min_group} agents distincts ce mois-ci : chiffres masqués "
                    "pour qu'aucun agent ne puisse être identifié."
                ),
                figures=None,
                by_task=[],
            )
        split = breakdown(tasks, self.min_group)
        by_task = [
            TaskFiguresRead(
                task=name, label=TASK_LABELS.get(name, name), **_figures(f).model_dump()
            )
            for name, f in split.shown.items()
        ]
        if split.other is not None:
            by_task.append(
                TaskFiguresRead(
                    task=OTHER_TASKS,
                    label=TASK_LABELS[OTHER_TASKS]
                    + " : "
                    + ", ".join(TASK_LABELS.get(n, n) for n in split.other_tasks),
                    **_figures(split.other).model_dump(),
                )
            )
        return DepartmentMonth(
            department=department,
            month=month,
            suppressed=False,
            explanation=None,
            figures=_figures(Figures.of(everything)),
            by_task=by_task,
        )


def _row(usage: TaskUsage) -> TaskUsageRow:
    return TaskUsageRow(
        task_id=usage.task_id,
        task=usage.task,
        agent=usage.agent,
        department=usage.department,
        template_id=usage.template_id or None,
        generative=usage.generative,
        latency_ms=max(0, usage.latency_ms),
        declared_minutes_saved=max(0, usage.declared_minutes_saved),
        completed_at=usage.completed_at,
    )


def _count_use(session: Session, template_id: str, uses: int = 1) -> None:
    counted = session.execute(
        update(TemplateUseCountRow)
        .where(TemplateUseCountRow.template_id == template_id)
        .values(uses=TemplateUseCountRow.uses + uses)
    )
    if not getattr(counted, "rowcount", 0):
        session.add(TemplateUseCountRow(template_id=template_id, uses=uses))
