"""The suite's events as rows of the analytics tables: one small pure function per event type.

Each row has the event's CloudEvents id, its own time (``answered_at``, ``requested_at``...:
when it happened, not when it arrived; the CloudEvents time when a producer left it out) and
the Europe/Paris month of that time. What the tables must never hold is left out here: the
handoff's contact and conversation turns, the reply's text, agents' and actors' pseudonyms,
the evidence's contribution and parameters.

An event that cannot become rows — a required id missing, a time that is no time, an id too
long to keep — raises :class:`InvalidEvent`: the consumer parks it on the dead-letter topic at
once, with the reason."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from google.protobuf.message import Message

from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2, register_pb2
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import InvalidEvent
from collectivia.register.v1 import types_pb2

PARIS = ZoneInfo("Europe/Paris")
# The longest event id kept (the seen-ids table's column).
MAX_EVENT_ID = 200
# The longest id of a business object (answer, handoff, system...) kept.
MAX_ID = 200
# The carbon intensity of the electricity a use consumed, in gCO2e/kWh: ADEME, Base
# Empreinte, « Électricité - 2022 - mix moyen - consommation », France continentale
# (0,052 kgCO2e/kWh, life cycle). The sink's setting; an estimate's CO2 follows its energy.
FRANCE_GCO2E_PER_KWH = 52.0

Row = dict[str, Any]

ANSWER_OUTCOMES = {
    chat_pb2.ANSWER_OUTCOME_ANSWERED: "answered",
    chat_pb2.ANSWER_OUTCOME_REFUSED: "refused",
    chat_pb2.ANSWER_OUTCOME_HANDED_OVER: "handed_over",
}
# How the answer was made; "" from a chat older than the field.
ANSWER_MODES = {
    chat_pb2.ANSWER_MODE_EXTRACTIVE: "extractive",
    chat_pb2.ANSWER_MODE_GENERATIVE: "generative",
    chat_pb2.ANSWER_MODE_REFUSAL: "refusal",
    chat_pb2.ANSWER_MODE_HANDOVER: "handover",
}
TASKS = {
    assistant_pb2.ASSISTANT_TASK_SUMMARIZE: "summarize",
    assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE: "plain-language",
    assistant_pb2.ASSISTANT_TASK_DRAFT: "draft",
    assistant_pb2.ASSISTANT_TASK_CLASSIFY: "classify",
    assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY: "handoff-reply",
}
USE_OUTCOMES = {
    ai_pb2.OUTCOME_COMPLETED: "completed",
    ai_pb2.OUTCOME_REFUSED: "refused",
    ai_pb2.OUTCOME_HANDED_OVER: "handed_over",
    ai_pb2.OUTCOME_FAILED: "failed",
}
HUMAN_REVIEWS = {
    ai_pb2.HUMAN_REVIEW_NONE: "none",
    ai_pb2.HUMAN_REVIEW_ACCEPTED: "accepted",
    ai_pb2.HUMAN_REVIEW_EDITED: "edited",
    ai_pb2.HUMAN_REVIEW_OVERRIDDEN: "overridden",
}
STATUSES = {
    types_pb2.SYSTEM_STATUS_DRAFT: "draft",
    types_pb2.SYSTEM_STATUS_IN_REVIEW: "in_review",
    types_pb2.SYSTEM_STATUS_APPROVED: "approved",
    types_pb2.SYSTEM_STATUS_SUSPENDED: "suspended",
    types_pb2.SYSTEM_STATUS_RETIRED: "retired",
}
RISK_CLASSES = {
    types_pb2.RISK_CLASS_MINIMAL: "minimal",
    types_pb2.RISK_CLASS_LIMITED: "limited",
    types_pb2.RISK_CLASS_HIGH: "high",
    types_pb2.RISK_CLASS_PROHIBITED: "prohibited",
}


@dataclass(frozen=True)
class Fact:
    """One event, as the rows it adds to one analytics table."""

    table: str
    event_id: str
    rows: tuple[Row, ...]
    # A key whose earlier rows this event's rows replace (a telemetry period published
    # again); empty: the rows are added.
    replaces: str = ""


def month_of(moment: datetime) -> str:
    """The Europe/Paris month of ``moment``, "YYYY-MM"."""
    hour = math.floor(moment.timestamp() / 3600)
    if not _WHOLE_HOURS[0] <= hour < _WHOLE_HOURS[1]:
        return moment.astimezone(PARIS).strftime("%Y-%m")
    return _paris_month_of_hour(hour)


# Since 1911 Paris is a whole number of hours from UTC: its months start on a UTC hour, and
# the month of every moment of one hour is looked up once (the sink's cost per event).
_WHOLE_HOURS = (
    math.floor(datetime(1912, 1, 1, tzinfo=UTC).timestamp() / 3600),
    math.floor(datetime(2200, 1, 1, tzinfo=UTC).timestamp() / 3600),
)


@lru_cache(maxsize=8192)
def _paris_month_of_hour(hour: int) -> str:
    return datetime.fromtimestamp(hour * 3600, PARIS).strftime("%Y-%m")


def time_of(payload: Message, field: str, fallback: datetime) -> datetime:
    """The payload's own time ``field`` (UTC), or ``fallback`` (the CloudEvents time) when the
    producer left it out; :class:`InvalidEvent` when it is no time."""
    if not payload.HasField(field):
        return fallback if fallback.tzinfo is not None else fallback.replace(tzinfo=UTC)
    stamp = getattr(payload, field)
    seconds, nanos = stamp.seconds, stamp.nanos
    # Timestamp.ToDatetime's checks and sum, inline: a third of the mapping's time otherwise.
    if not (_TIMESTAMP_SECONDS[0] <= seconds <= _TIMESTAMP_SECONDS[1] and 0 <= nanos < 10**9):
        raise InvalidEvent(f"{type(payload).__name__}.{field} is not a valid time")
    # Positional: timedelta's keywords cost as much again.
    return _EPOCH + timedelta(0, seconds, nanos // 1000)


# The times a protobuf Timestamp can hold (years 1 to 9999), from 1970 in seconds.
_TIMESTAMP_SECONDS = (-62_135_596_800, 253_402_300_799)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _required(payload: Message, *fields: str) -> None:
    for name in fields:
        value = getattr(payload, name)
        if not value or len(value) > MAX_ID:
            _refuse(payload, fields)


def _refuse(payload: Message, fields: tuple[str, ...]) -> None:
    missing = [name for name in fields if not getattr(payload, name)]
    if missing:
        raise InvalidEvent(f"{type(payload).__name__} without {', '.join(missing)}")
    too_long = [name for name in fields if len(getattr(payload, name)) > MAX_ID]
    if too_long:
        raise InvalidEvent(f"{type(payload).__name__} with an over-long {', '.join(too_long)}")


# Each row is ``dict(_common(...), column=value...)``: one dict made from the common columns,
# not two merged (``|``), at the sink's cost per event.
def _common(event_id: str, moment: datetime) -> Row:
    return {"event_id": event_id, "occurred_at": moment, "month": month_of(moment)}


def answer_produced(event_id: str, published: datetime, payload: chat_pb2.AnswerProduced) -> Fact:
    _required(payload, "answer_id")
    moment = time_of(payload, "answered_at", published)
    row = dict(
        _common(event_id, moment),
        answer_id=payload.answer_id,
        conversation_id=payload.conversation_id,
        commune=payload.commune.strip(),
        theme=payload.theme,
        outcome=ANSWER_OUTCOMES.get(payload.outcome, ""),
        confidence=payload.confidence,
        latency_ms=payload.latency_ms,
        sources_cited=len(payload.cited_source_ids),
        # As the chat sends it: personal data already masked (empty: the column is empty).
        question=payload.question or None,
        answer_mode=ANSWER_MODES.get(payload.mode, ""),
    )
    return Fact("chat_answers", event_id, (row,))


def handoff_requested(
    event_id: str, published: datetime, payload: chat_pb2.HandoffRequested
) -> Fact:
    # Never the contact nor the turns: who asked and what they said stay in the chat.
    _required(payload, "handoff_id")
    row = dict(
        _common(event_id, time_of(payload, "requested_at", published)),
        handoff_id=payload.handoff_id,
        commune=payload.commune.strip(),
        theme=payload.theme,
        channel=payload.contact_channel,
    )
    return Fact("chat_handoffs", event_id, (row,))


def handoff_resolved(event_id: str, published: datetime, payload: chat_pb2.HandoffResolved) -> Fact:
    # Never the reply nor the agent.
    _required(payload, "handoff_id")
    row = dict(
        _common(event_id, time_of(payload, "resolved_at", published)),
        handoff_id=payload.handoff_id,
        department=payload.department,
    )
    return Fact("chat_handoff_replies", event_id, (row,))


def feedback_given(event_id: str, published: datetime, payload: chat_pb2.FeedbackGiven) -> Fact:
    _required(payload, "answer_id")
    row = dict(
        _common(event_id, time_of(payload, "given_at", published)),
        answer_id=payload.answer_id,
        useful=payload.useful,
        reasons=",".join(payload.reasons),
    )
    return Fact("chat_feedback", event_id, (row,))


def task_completed(
    event_id: str, published: datetime, payload: assistant_pb2.TaskCompleted
) -> Fact:
    # Never the agent, even as a pseudonym: the indicators count by department.
    _required(payload, "task_id")
    row = dict(
        _common(event_id, time_of(payload, "completed_at", published)),
        task_id=payload.task_id,
        task=TASKS.get(payload.task, ""),
        department=payload.department,
        generative=payload.generative,
        latency_ms=payload.latency_ms,
        minutes_saved=payload.declared_minutes_saved,
    )
    return Fact("assistant_tasks", event_id, (row,))


def ai_used(
    event_id: str,
    published: datetime,
    payload: ai_pb2.AiUsed,
    *,
    gco2e_per_kwh: float = FRANCE_GCO2E_PER_KWH,
) -> Fact:
    # Never the actor (a pseudonym), the contribution, the sources or the parameters.
    _required(payload, "use_id", "system_id")
    energy_wh = _measured(payload, "energy_wh")
    row = dict(
        _common(event_id, time_of(payload, "used_at", published)),
        use_id=payload.use_id,
        system_id=payload.system_id,
        purpose=payload.purpose,
        service=payload.service,
        outcome=USE_OUTCOMES.get(payload.outcome, ""),
        human_review=HUMAN_REVIEWS.get(payload.human_review, ""),
        model=payload.model,
        # Null when the service did not measure it (older evidence) or could not estimate it.
        cpu_seconds=_measured(payload, "cpu_seconds"),
        input_tokens=_measured(payload, "input_tokens"),
        output_tokens=_measured(payload, "output_tokens"),
        model_latency_seconds=_measured(payload, "model_latency_seconds"),
        energy_wh=energy_wh,
        energy_method=payload.energy_method,
        co2_g=None if energy_wh is None else energy_wh / 1000 * gco2e_per_kwh,
    )
    return Fact("ai_uses", event_id, (row,))


Measured = Literal[
    "cpu_seconds", "input_tokens", "output_tokens", "model_latency_seconds", "energy_wh"
]


def _measured(payload: ai_pb2.AiUsed, field: Measured) -> float | None:
    """The figure, or None when the producer left it out; :class:`InvalidEvent` when it
    cannot be one (negative, infinite, not a number)."""
    if not payload.HasField(field):
        return None
    value: float = getattr(payload, field)
    if not math.isfinite(value) or value < 0:
        raise InvalidEvent(f"AiUsed.{field} is not a consumption: {value!r}")
    return value


def _register_row(event_id: str, moment: datetime, system_id: str, kind: str) -> Row:
    return dict(
        _common(event_id, moment),
        system_id=system_id,
        kind=kind,
        status="",
        risk_class="",
        severity="",
    )


def system_registered(
    event_id: str, published: datetime, payload: register_pb2.SystemRegistered
) -> Fact:
    _required(payload, "system_id")
    moment = time_of(payload, "registered_at", published)
    row = dict(
        _register_row(event_id, moment, payload.system_id, "system-registered"),
        status=STATUSES.get(payload.status, ""),
        risk_class=RISK_CLASSES.get(payload.risk_class, ""),
    )
    return Fact("register_events", event_id, (row,))


def system_status_changed(
    event_id: str, published: datetime, payload: register_pb2.SystemStatusChanged
) -> Fact:
    _required(payload, "system_id")
    moment = time_of(payload, "changed_at", published)
    row = dict(
        _register_row(event_id, moment, payload.system_id, "system-status-changed"),
        status=STATUSES.get(payload.status, ""),
        risk_class=RISK_CLASSES.get(payload.risk_class, ""),
    )
    return Fact("register_events", event_id, (row,))


def incident_reported(
    event_id: str, published: datetime, payload: register_pb2.IncidentReported
) -> Fact:
    _required(payload, "incident_id", "system_id")
    moment = time_of(payload, "reported_at", published)
    row = dict(
        _register_row(event_id, moment, payload.system_id, "incident-reported"),
        severity=payload.severity,
    )
    return Fact("register_events", event_id, (row,))


def dataset_updated(event_id: str, published: datetime, payload: lake_pb2.DatasetUpdated) -> Fact:
    _required(payload, "dataset_id")
    row = dict(
        _common(event_id, time_of(payload, "updated_at", published)),
        dataset_id=payload.dataset_id,
        mode=payload.mode,
        rows_added=payload.rows_added,
        total_rows=payload.total_rows,
        contract_id=payload.contract_id,
    )
    return Fact("lake_updates", event_id, (row,))


def telemetry_aggregated(
    event_id: str, published: datetime, payload: lake_pb2.TelemetryAggregated
) -> Fact:
    """One row per sensor and measure; the period's key, so that a later publication of the
    same period (late readings) replaces these rows."""
    _required(payload, "dataset_id", "period")
    if not payload.HasField("period_start"):
        raise InvalidEvent("TelemetryAggregated without period_start")
    start = time_of(payload, "period_start", published)
    common = _common(event_id, start) | {"dataset_id": payload.dataset_id, "period": payload.period}
    rows = tuple(
        common
        | {
            "sensor_id": aggregate.sensor_id,
            "measure": aggregate.measure,
            "unit": aggregate.unit,
            "commune": aggregate.commune.strip(),
            "count": aggregate.count,
            "total": aggregate.total,
            "mean": aggregate.mean,
        }
        for aggregate in payload.aggregates
    )
    return Fact(
        "lake_telemetry",
        event_id,
        rows,
        replaces=period_key(payload.dataset_id, payload.period, start),
    )


def period_key(dataset_id: str, period: str, start: datetime) -> str:
    """What identifies a telemetry period, as the values of the table's columns dataset_id,
    period and occurred_at (JSON): its publications replace one another."""
    return json.dumps([dataset_id, period, start.astimezone(UTC).isoformat()])


def delivery_late(event_id: str, published: datetime, payload: lake_pb2.DeliveryLate) -> Fact:
    _required(payload, "contract_id", "dataset_id", "period_start")
    row = dict(
        _common(event_id, time_of(payload, "observed_at", published)),
        contract_id=payload.contract_id,
        dataset_id=payload.dataset_id,
        period_start=payload.period_start,
        status=payload.status,
    )
    return Fact("lake_deliveries", event_id, (row,))


EventMapping = Callable[[str, datetime, Any], Fact]

# Each payload type's mapping (the subscriptions follow this list).
MAPPINGS: Mapping[type[Message], EventMapping] = {
    chat_pb2.AnswerProduced: answer_produced,
    chat_pb2.HandoffRequested: handoff_requested,
    chat_pb2.HandoffResolved: handoff_resolved,
    chat_pb2.FeedbackGiven: feedback_given,
    assistant_pb2.TaskCompleted: task_completed,
    ai_pb2.AiUsed: ai_used,
    register_pb2.SystemRegistered: system_registered,
    register_pb2.SystemStatusChanged: system_status_changed,
    register_pb2.IncidentReported: incident_reported,
    lake_pb2.DatasetUpdated: dataset_updated,
    lake_pb2.TelemetryAggregated: telemetry_aggregated,
    lake_pb2.DeliveryLate: delivery_late,
}


@dataclass(frozen=True)
class EventFacts:
    """How events become rows, with the sink's settings."""

    # The electricity's carbon intensity, gCO2e/kWh (an AI use's co2_g).
    gco2e_per_kwh: float = FRANCE_GCO2E_PER_KWH

    def of(self, event: ReceivedEvent) -> Fact:
        """The rows an event adds; :class:`InvalidEvent` when it can never be stored."""
        event_id = event.cloud_event.id
        if len(event_id) > MAX_EVENT_ID:
            raise InvalidEvent(f"event id longer than {MAX_EVENT_ID} characters")
        payload = event.payload
        if isinstance(payload, ai_pb2.AiUsed):
            return ai_used(
                event_id, event.cloud_event.time, payload, gco2e_per_kwh=self.gco2e_per_kwh
            )
        mapping = MAPPINGS.get(type(payload))
        if mapping is None:
            raise InvalidEvent(f"no analytics table for {type(payload).__name__}")
        return mapping(event_id, event.cloud_event.time, payload)


def fact_of(event: ReceivedEvent) -> Fact:
    """The rows an event adds, with the default settings (``EventFacts``)."""
    return EventFacts().of(event)
