"""The analytics tables: one Iceberg table per kind of fact, one row per event (keyed by its
CloudEvents id), with the dimensions the indicators group by. Every table has ``event_id``,
``occurred_at`` (UTC) and ``month`` ("YYYY-MM", Europe/Paris: officials count by local
month); ``commune`` is an INSEE code or empty when the fact has none. No personal data: the
chat's questions arrive masked, agents and citizens as pseudonyms or not at all."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

_COMMON = [
    pa.field("event_id", pa.string()),
    pa.field("occurred_at", pa.timestamp("us", tz="UTC")),
    pa.field("month", pa.string()),
]


def _table(*fields: pa.Field) -> pa.Schema:
    return pa.schema([*_COMMON, *fields])


# The tables, by name: what the sink writes and the indicators read.
TABLES: Mapping[str, pa.Schema] = {
    # chat.answer-produced: outcome "answered" / "refused" / "handed_over".
    "chat_answers": _table(
        pa.field("answer_id", pa.string()),
        pa.field("conversation_id", pa.string()),
        pa.field("commune", pa.string()),
        pa.field("theme", pa.string()),
        pa.field("outcome", pa.string()),
        pa.field("confidence", pa.float64()),
        pa.field("latency_ms", pa.int64()),
        pa.field("sources_cited", pa.int64()),
        # The citizen's question with personal data masked, when the chat sends it.
        pa.field("question", pa.string()),
        # "extractive", "generative", "refusal" or "handover"; "" when the chat did not say.
        pa.field("answer_mode", pa.string()),
    ),
    # chat.handoff-requested (channel: "conversation", "email", "phone"...).
    "chat_handoffs": _table(
        pa.field("handoff_id", pa.string()),
        pa.field("commune", pa.string()),
        pa.field("theme", pa.string()),
        pa.field("channel", pa.string()),
    ),
    # chat.handoff-resolved: the agent's reply reached the citizen.
    "chat_handoff_replies": _table(
        pa.field("handoff_id", pa.string()),
        pa.field("department", pa.string()),
    ),
    # chat.feedback-given; reasons comma-separated (invented-content, missing-source...).
    "chat_feedback": _table(
        pa.field("answer_id", pa.string()),
        pa.field("useful", pa.bool_()),
        pa.field("reasons", pa.string()),
    ),
    # assistant.task-completed: task "summarize" / "plain-language" / "draft" / "classify" /
    # "handoff-reply"; minutes_saved as the agent declared it (0: not declared).
    "assistant_tasks": _table(
        pa.field("task_id", pa.string()),
        pa.field("task", pa.string()),
        pa.field("department", pa.string()),
        pa.field("generative", pa.bool_()),
        pa.field("latency_ms", pa.int64()),
        pa.field("minutes_saved", pa.int64()),
    ),
    # ai.used: outcome "completed" / "refused" / "handed_over" / "failed"; human_review
    # "none" / "accepted" / "edited" / "overridden". What the use consumed (added after the
    # first columns; null: not measured, or not estimated): cpu_seconds, the model call's
    # tokens and latency, energy_wh as estimated by the service (energy_method: how, or why
    # not) and co2_g from it with the sink's electricity factor.
    "ai_uses": _table(
        pa.field("use_id", pa.string()),
        pa.field("system_id", pa.string()),
        pa.field("purpose", pa.string()),
        pa.field("service", pa.string()),
        pa.field("outcome", pa.string()),
        pa.field("human_review", pa.string()),
        pa.field("model", pa.string()),
        pa.field("cpu_seconds", pa.float64()),
        pa.field("input_tokens", pa.int64()),
        pa.field("output_tokens", pa.int64()),
        pa.field("model_latency_seconds", pa.float64()),
        pa.field("energy_wh", pa.float64()),
        pa.field("energy_method", pa.string()),
        pa.field("co2_g", pa.float64()),
    ),
    # register.system-registered / system-status-changed / incident-reported: kind
    # "system-registered" / "system-status-changed" / "incident-reported"; status "draft" /
    # "in_review" / "approved" / "suspended" / "retired" and risk_class "minimal" / "limited" /
    # "high" / "prohibited" (empty for an incident); severity, an incident's "low" / "medium" /
    # "high" / "serious" (empty otherwise; added after the first columns).
    "register_events": _table(
        pa.field("system_id", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("status", pa.string()),
        pa.field("risk_class", pa.string()),
        pa.field("severity", pa.string()),
    ),
    # lake.dataset-updated.
    "lake_updates": _table(
        pa.field("dataset_id", pa.string()),
        pa.field("mode", pa.string()),
        pa.field("rows_added", pa.int64()),
        pa.field("total_rows", pa.int64()),
        pa.field("contract_id", pa.string()),
    ),
    # lake.telemetry-aggregated, one row per sensor and measure of the period: period "hour"
    # or "day", its start in occurred_at (and month). The latest publication of a period
    # (dataset_id, period, occurred_at) replaces the earlier ones: the sink deletes their rows
    # in the same commit as it appends the new ones, so the table holds one row per dataset,
    # period, sensor and measure, and sums need no de-duplication.
    "lake_telemetry": _table(
        pa.field("dataset_id", pa.string()),
        pa.field("period", pa.string()),
        pa.field("sensor_id", pa.string()),
        pa.field("measure", pa.string()),
        pa.field("unit", pa.string()),
        pa.field("commune", pa.string()),
        pa.field("count", pa.int64()),
        pa.field("total", pa.float64()),
        pa.field("mean", pa.float64()),
    ),
    # lake.delivery-late: status "missing" / "invalid" / "late" (a period may have two rows:
    # "missing", then "late" once the delivery came); occurred_at when the lake saw it.
    "lake_deliveries": _table(
        pa.field("contract_id", pa.string()),
        pa.field("dataset_id", pa.string()),
        pa.field("period_start", pa.string()),
        pa.field("status", pa.string()),
    ),
}


def dataset_id(table: str) -> str:
    """The table's id for :class:`collectivia.lakehouse.tables.Lakehouse` (``write``,
    ``read``, ``table``...), whose ids take dashes: "chat_answers" -> "chat-answers"; the
    Iceberg table itself is ``<namespace>.chat_answers``."""
    if table not in TABLES:
        raise KeyError(f"no analytics table {table!r}")
    return table.replace("_", "-")
