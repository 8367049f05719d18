"""The task's completion for the usage statistics (``assistant.task-completed``):
pseudonymous, never the task's text. (The evidence of the AI use, ``ai.used``, is the AI-use
pathway's: ``collectivia.ai.use``.)"""

from __future__ import annotations

from datetime import datetime

from collectivia.agent_assistant.gateway.models import TaskKind, TaskUse
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.events.payloads import timestamp

_TASKS = {
    TaskKind.SUMMARIZE: assistant_pb2.ASSISTANT_TASK_SUMMARIZE,
    TaskKind.PLAIN_LANGUAGE: assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE,
    TaskKind.DRAFT: assistant_pb2.ASSISTANT_TASK_DRAFT,
    TaskKind.CLASSIFY: assistant_pb2.ASSISTANT_TASK_CLASSIFY,
    TaskKind.HANDOFF_REPLY: assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY,
}


def task_completed(
    use: TaskUse, agent: str, department: str, at: datetime
) -> assistant_pb2.TaskCompleted:
    return assistant_pb2.TaskCompleted(
        task_id=use.use_id,
        task=_TASKS[use.kind],
        agent=agent,
        department=department,
        template_id=use.template_id,
        generative=use.generative,
        latency_ms=use.latency_ms,
        completed_at=timestamp(at),
    )
