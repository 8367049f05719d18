"""Event payloads of each task: the evidence of the AI use for the ethics register, and the
task's completion for the usage statistics. Pseudonymous; never the task's text."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import trace

from collectivia.agent_assistant.gateway.models import HumanReview, TaskKind, UseEvidence
from collectivia.events.v1 import ai_pb2, assistant_pb2

_TASKS = {
    TaskKind.SUMMARIZE: assistant_pb2.ASSISTANT_TASK_SUMMARIZE,
    TaskKind.PLAIN_LANGUAGE: assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE,
    TaskKind.DRAFT: assistant_pb2.ASSISTANT_TASK_DRAFT,
    TaskKind.CLASSIFY: assistant_pb2.ASSISTANT_TASK_CLASSIFY,
    TaskKind.HANDOFF_REPLY: assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY,
}
_REVIEWS = {
    HumanReview.NONE: ai_pb2.HUMAN_REVIEW_NONE,
    HumanReview.ACCEPTED: ai_pb2.HUMAN_REVIEW_ACCEPTED,
    HumanReview.EDITED: ai_pb2.HUMAN_REVIEW_EDITED,
    HumanReview.OVERRIDDEN: ai_pb2.HUMAN_REVIEW_OVERRIDDEN,
}


def timestamp(at: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp


def current_trace_id() -> str:
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else ""


def ai_used(
    use: UseEvidence,
    review: HumanReview,
    actor: str,
    parameters: Mapping[str, str],
) -> ai_pb2.AiUsed:
    """The register's record of ``use``, reviewed (or not) by ``actor``."""
    return ai_pb2.AiUsed(
        use_id=use.use_id,
        system_id=use.system_id,
        system_version=use.system_version,
        purpose=use.purpose,
        service=use.service,
        actor=actor,
        outcome=ai_pb2.OUTCOME_COMPLETED if use.completed else ai_pb2.OUTCOME_FAILED,
        human_review=_REVIEWS[review],
        trace_id=use.trace_id,
        used_at=timestamp(use.used_at),
        contribution=use.contribution,
        data_sources=list(use.data_sources),
        parameters={**use.parameters, **parameters},
        model=use.model,
    )


def task_completed(
    use: UseEvidence, agent: str, department: str, at: datetime
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
