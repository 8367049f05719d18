"""Usage statistics on SQLite: monthly cells per department, suppressed below the minimum
group size, scoped to the caller's departments, fed by TASK_COMPLETED events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.database import Base
from collectivia.agent_assistant.statistics.handlers import (
    TaskCompletedBatchHandler,
    TaskCompletedHandler,
    task_usage,
)
from collectivia.agent_assistant.statistics.models import TaskUsageRow, TemplateUseCountRow
from collectivia.agent_assistant.statistics.schemas import TaskUsage
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput, PermissionDenied
from collectivia.platform.events.catalogue import TASK_COMPLETED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

JULIEN = Agent("julien", "p-julien", ("etat-civil",), (), is_admin=False)
ADMIN = Agent("marc", "p-marc", ("numerique",), (), is_admin=True)
MARCH = datetime(2026, 3, 12, 10, tzinfo=UTC)
APRIL = datetime(2026, 4, 2, 10, tzinfo=UTC)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'statistics.db'}")
    Base.metadata.create_all(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def statistics(sessions: sessionmaker[Session]) -> UsageStatistics:
    return UsageStatistics(sessions, min_group=5, clock=lambda: datetime(2026, 4, 20, tzinfo=UTC))


def use(
    agent: str,
    department: str = "etat-civil",
    task: str = "draft",
    at: datetime = MARCH,
    minutes: int = 10,
    generative: bool = False,
) -> TaskUsage:
    return TaskUsage(str(uuid.uuid4()), task, agent, department, None, generative, 200, minutes, at)


def test_a_department_month_of_five_agents_is_shown(statistics: UsageStatistics) -> None:
    for index in range(5):
        statistics.record(use(f"a{index}", generative=index < 2))
    statistics.record(use("a0", task="summarize", minutes=0))
    report = statistics.monthly(JULIEN, "2026-03", "2026-03")
    [row] = report.rows
    assert (row.department, row.month, row.suppressed) == ("etat-civil", "2026-03", False)
    assert row.figures is not None
    assert (row.figures.tasks, row.figures.agents, row.figures.minutes_saved) == (6, 5, 50)
    assert row.figures.generative_share == 0.333
    # summarize (1 agent) cannot be shown alone, nor be derived: everything is grouped.
    assert [(t.task, t.tasks, t.agents) for t in row.by_task] == [("other", 6, 5)]


def test_below_five_agents_nothing_is_shown(statistics: UsageStatistics) -> None:
    for index in range(4):
        for _ in range(3):
            statistics.record(use(f"a{index}"))
    [row] = statistics.monthly(JULIEN, "2026-03", "2026-03").rows
    assert row.suppressed
    assert row.figures is None and row.by_task == []
    assert row.explanation == (
        "Moins de 5 agents distincts ce mois-ci : chiffres masqués pour qu'aucun agent ne "
        "puisse être identifié."
    )


def test_months_are_separate_cells_and_empty_months_look_suppressed(
    statistics: UsageStatistics,
) -> None:
    for index in range(5):
        statistics.record(use(f"a{index}"))
    statistics.record(use("a0", at=APRIL))
    report = statistics.monthly(JULIEN, "2026-02", "2026-04")
    assert report.months == ["2026-02", "2026-03", "2026-04"]
    assert [(r.month, r.suppressed) for r in report.rows] == [
        ("2026-02", True),
        ("2026-03", False),
        ("2026-04", True),
    ]
    # The same wording for an empty month and a month of one agent: nothing leaks.
    assert report.rows[0].explanation == report.rows[2].explanation


def test_agents_see_their_departments_admins_every_one(statistics: UsageStatistics) -> None:
    for index in range(5):
        statistics.record(use(f"a{index}"))
        statistics.record(use(f"b{index}", department="urbanisme"))
    assert [r.department for r in statistics.monthly(JULIEN, "2026-03", "2026-03").rows] == [
        "etat-civil"
    ]
    with pytest.raises(PermissionDenied):
        statistics.monthly(JULIEN, "2026-03", "2026-03", department="urbanisme")
    rows = statistics.monthly(ADMIN, "2026-03", "2026-03").rows
    assert [(r.department, r.suppressed) for r in rows] == [
        ("etat-civil", False),
        ("urbanisme", False),
    ]


def test_default_period_is_the_last_twelve_months(statistics: UsageStatistics) -> None:
    report = statistics.monthly(JULIEN, None, None)
    assert (report.months[0], report.months[-1], len(report.months)) == ("2025-05", "2026-04", 12)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13", "2026-12", "Mois illisible « 2026-13 »"),
        ("mars", None, "AAAA-MM"),
        ("2026-04", "2026-03", "Le premier mois suit le dernier."),
        ("2020-01", "2026-03", "24 mois au plus"),
    ],
)
def test_bad_periods_are_refused_in_french(
    statistics: UsageStatistics, first: str, last: str | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        statistics.monthly(JULIEN, first, last)


def test_a_redelivered_task_is_counted_once(statistics: UsageStatistics) -> None:
    task = use("a0")
    assert statistics.record(task)
    assert not statistics.record(task)


def test_a_minimum_group_of_one_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValueError, match="protects no one"):
        UsageStatistics(sessions, min_group=1)


def received(payload: assistant_pb2.TaskCompleted) -> ReceivedEvent:
    cloud_event = CloudEvent(
        id=str(uuid.uuid4()),
        source="agent-assistant",
        type=TASK_COMPLETED.ce_type,
        time=APRIL,
        data_content_type=TASK_COMPLETED.content_type,
    )
    return ReceivedEvent(cloud_event, payload, TASK_COMPLETED.topic, 0, 0)


def test_task_completed_events_are_recorded(
    statistics: UsageStatistics, sessions: sessionmaker[Session]
) -> None:
    stamp = Timestamp()
    stamp.FromDatetime(MARCH)
    payload = assistant_pb2.TaskCompleted(
        task_id="t-1",
        task=assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE,
        agent="p-a",
        department="etat-civil",
        template_id="",
        generative=True,
        latency_ms=40,
        declared_minutes_saved=12,
        completed_at=stamp,
    )
    usage = task_usage(received(payload))
    assert (usage.task, usage.template_id, usage.completed_at) == ("plain-language", None, MARCH)
    handler = TaskCompletedHandler(statistics)
    handler(received(payload))
    handler(received(payload))
    with sessions() as session:
        [row] = session.scalars(select(TaskUsageRow)).all()
    assert (row.task_id, row.generative, row.declared_minutes_saved) == ("t-1", True, 12)
    payload.ClearField("completed_at")
    assert task_usage(received(payload)).completed_at == APRIL


@pytest.mark.parametrize("field", ["task_id", "agent", "department", "task"])
def test_incomplete_events_go_to_the_dead_letter_topic(
    field: Literal["task_id", "agent", "department", "task"],
) -> None:
    payload = assistant_pb2.TaskCompleted(
        task_id="t-1", task=assistant_pb2.ASSISTANT_TASK_DRAFT, agent="p", department="d"
    )
    payload.ClearField(field)
    with pytest.raises(InvalidEvent, match=field):
        task_usage(received(payload))


def test_a_batch_is_kept_once_and_counted_per_template(
    statistics: UsageStatistics, sessions: sessionmaker[Session]
) -> None:
    first = [use(f"a{i}") for i in range(3)]
    with_template = [
        TaskUsage(str(uuid.uuid4()), "draft", "a9", "etat-civil", "tpl", False, 1, 0, MARCH)
        for _ in range(4)
    ]
    assert statistics.record(with_template[0])
    # Redelivered events inside the batch and across batches are kept once.
    assert statistics.record_many(first + with_template + first[:1]) == 6
    assert statistics.record_many(first + with_template) == 0
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TaskUsageRow)) == 7
        counter = session.get(TemplateUseCountRow, "tpl")
        assert counter is not None and counter.uses == 4


def test_the_batch_handler_keeps_every_event_of_a_poll(
    statistics: UsageStatistics, sessions: sessionmaker[Session]
) -> None:
    payloads = [
        assistant_pb2.TaskCompleted(
            task_id=f"t-{i}",
            task=assistant_pb2.ASSISTANT_TASK_SUMMARIZE,
            agent=f"p-{i}",
            department="urbanisme",
        )
        for i in range(5)
    ]
    TaskCompletedBatchHandler(statistics)([received(p) for p in payloads])
    report = statistics.monthly(ADMIN, "2026-04", "2026-04", department="urbanisme")
    assert report.rows[0].figures is not None and report.rows[0].figures.agents == 5
    with pytest.raises(InvalidEvent):
        TaskCompletedBatchHandler(statistics)([received(assistant_pb2.TaskCompleted())])
