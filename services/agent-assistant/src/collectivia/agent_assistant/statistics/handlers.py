"""Kafka handler of ``fr.collectivia.assistant.task-completed.v1``: translate, keep."""

from __future__ import annotations

from datetime import UTC

from collectivia.agent_assistant.statistics.schemas import TaskUsage
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent

TASKS = {
    assistant_pb2.ASSISTANT_TASK_SUMMARIZE: "summarize",
    assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE: "plain-language",
    assistant_pb2.ASSISTANT_TASK_DRAFT: "draft",
    assistant_pb2.ASSISTANT_TASK_CLASSIFY: "classify",
    assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY: "handoff-reply",
}


def task_usage(event: ReceivedEvent) -> TaskUsage:
    """The use an event reports; :class:`InvalidEvent` when it can never be counted."""
    payload = event.payload
    if not isinstance(payload, assistant_pb2.TaskCompleted):
        raise InvalidEvent(f"expected TaskCompleted, got {type(payload).__name__}")
    missing = [n for n in ("task_id", "agent", "department") if not getattr(payload, n)]
    task = TASKS.get(payload.task)
    if task is None:
        missing.append("task")
    if missing or task is None:
        raise InvalidEvent(f"TaskCompleted without a valid {', '.join(missing)}")
    if len(payload.task_id) > 64 or len(payload.agent) > 64 or len(payload.department) > 100:
        raise InvalidEvent("TaskCompleted with an over-long id")
    completed_at = (
        payload.completed_at.ToDatetime(tzinfo=UTC)
        if payload.HasField("completed_at")
        else event.cloud_event.time
    )
    if completed_at.tzinfo is None:
        completed_at = completed_at.replace(tzinfo=UTC)
    return TaskUsage(
        task_id=payload.task_id,
        task=task,
        agent=payload.agent,
        department=payload.department,
        template_id=payload.template_id[:36] or None,
        generative=payload.generative,
        latency_ms=payload.latency_ms,
        declared_minutes_saved=payload.declared_minutes_saved,
        completed_at=completed_at,
    )


class TaskCompletedHandler:
    def __init__(self, statistics: UsageStatistics) -> None:
        self._statistics = statistics

    def __call__(self, event: ReceivedEvent) -> None:
        self._statistics.record(task_usage(event))


class TaskCompletedBatchHandler:
    """All the completed tasks of one poll in one transaction; if it fails (one invalid
    event, a conflict), the consumer handles the records one by one instead."""

    def __init__(self, statistics: UsageStatistics) -> None:
        self._statistics = statistics

    def __call__(self, events: list[ReceivedEvent]) -> None:
        self._statistics.record_many([task_usage(event) for event in events])
