"""Each event type of the suite as the exact rows of its analytics table: the event's own time
and its Paris month, the dimensions, nothing personal; a malformed event refused with why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2, register_pb2
from collectivia.officials_analytics.sink.mapping import EventFacts, Fact, fact_of, month_of
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent
from collectivia.register.v1 import types_pb2

PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# 22:30 UTC on 31 March is 00:30 on 1 April in Paris (UTC+2 since the 29th).
LATE_EVENING = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)


def stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def received(payload: Message, event_id: str = "evt-1") -> ReceivedEvent:
    event_type = event_type_of(payload)
    cloud_event = CloudEvent(
        id=event_id,
        source="test",
        type=event_type.ce_type,
        time=PUBLISHED,
        data_content_type=event_type.content_type,
    )
    return ReceivedEvent(cloud_event, payload, event_type.topic, 0, 0)


def the_row(fact: Fact) -> dict[str, Any]:
    [row] = fact.rows
    assert set(row) == set(TABLES[fact.table].names), "exactly the table's columns"
    return row


def common(moment: datetime, month: str) -> dict[str, Any]:
    return {"event_id": "evt-1", "occurred_at": moment, "month": month}


def test_the_month_is_the_paris_month_of_the_event_s_own_time() -> None:
    assert month_of(datetime(2026, 3, 31, 21, 30, tzinfo=UTC)) == "2026-03"
    assert month_of(LATE_EVENING) == "2026-04"
    assert month_of(datetime(2025, 12, 31, 23, 0, tzinfo=UTC)) == "2026-01"  # UTC+1 in winter


def test_an_answer_keeps_its_dimensions_and_its_own_time() -> None:
    payload = chat_pb2.AnswerProduced(
        conversation_id="conv-1",
        answer_id="ans-1",
        theme="Déchets > Collecte",
        commune=" 57463 ",
        latency_ms=1840,
        confidence=0.82,
        cited_source_ids=["doc-1", "doc-2"],
        outcome=chat_pb2.ANSWER_OUTCOME_ANSWERED,
        answered_at=stamp(LATE_EVENING),
        question="Quand passe la collecte rue [ADRESSE_1] ?",
        mode=chat_pb2.ANSWER_MODE_GENERATIVE,
    )
    fact = fact_of(received(payload))
    assert (fact.table, fact.event_id, fact.replaces) == ("chat_answers", "evt-1", "")
    assert the_row(fact) == common(LATE_EVENING, "2026-04") | {
        "answer_id": "ans-1",
        "conversation_id": "conv-1",
        "commune": "57463",
        "theme": "Déchets > Collecte",
        "outcome": "answered",
        "confidence": 0.82,
        "latency_ms": 1840,
        "sources_cited": 2,
        "question": "Quand passe la collecte rue [ADRESSE_1] ?",
        "answer_mode": "generative",
    }


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (chat_pb2.ANSWER_OUTCOME_REFUSED, "refused"),
        (chat_pb2.ANSWER_OUTCOME_HANDED_OVER, "handed_over"),
        (chat_pb2.ANSWER_OUTCOME_UNSPECIFIED, ""),
    ],
)
def test_an_answer_s_outcome(outcome: int, expected: str) -> None:
    payload = chat_pb2.AnswerProduced(answer_id="a", outcome=outcome)  # type: ignore[arg-type]
    assert the_row(fact_of(received(payload)))["outcome"] == expected


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (chat_pb2.ANSWER_MODE_EXTRACTIVE, "extractive"),
        (chat_pb2.ANSWER_MODE_GENERATIVE, "generative"),
        (chat_pb2.ANSWER_MODE_REFUSAL, "refusal"),
        (chat_pb2.ANSWER_MODE_HANDOVER, "handover"),
        # A chat older than the field: the column says nothing rather than guess.
        (chat_pb2.ANSWER_MODE_UNSPECIFIED, ""),
    ],
)
def test_an_answer_s_mode(mode: int, expected: str) -> None:
    payload = chat_pb2.AnswerProduced(answer_id="a", mode=mode)  # type: ignore[arg-type]
    row = the_row(fact_of(received(payload)))
    assert row["answer_mode"] == expected
    # Appended after the columns that were there before it: older tables only gain it.
    assert TABLES["chat_answers"].names[-2:] == ["question", "answer_mode"]
    assert list(row) == TABLES["chat_answers"].names


def test_without_its_own_time_an_event_counts_at_its_publication() -> None:
    row = the_row(fact_of(received(chat_pb2.AnswerProduced(answer_id="a"))))
    assert (row["occurred_at"], row["month"]) == (PUBLISHED, "2026-03")
    assert row["question"] is None  # no question sent: the column stays empty


def test_a_handoff_never_keeps_the_contact_nor_the_conversation() -> None:
    payload = chat_pb2.HandoffRequested(
        handoff_id="h-1",
        conversation_id="conv-1",
        commune="57480",
        theme="État civil > Actes",
        turns=[chat_pb2.ConversationTurn(role="citizen", text="Je suis Jean Dupont")],
        contact_channel="email",
        contact="jean.dupont@example.org",
        requested_at=stamp(datetime(2026, 2, 10, 8, 0, tzinfo=UTC)),
    )
    row = the_row(fact_of(received(payload)))
    assert row == common(datetime(2026, 2, 10, 8, 0, tzinfo=UTC), "2026-02") | {
        "handoff_id": "h-1",
        "commune": "57480",
        "theme": "État civil > Actes",
        "channel": "email",
    }
    assert "dupont" not in json.dumps(row, default=str).lower()


def test_a_handoff_reply_keeps_the_department_not_the_reply_nor_the_agent() -> None:
    payload = chat_pb2.HandoffResolved(
        handoff_id="h-1",
        conversation_id="conv-1",
        reply="Bonjour Monsieur Dupont...",
        agent="agent-pseudonym",
        department="etat-civil",
        resolved_at=stamp(datetime(2026, 2, 11, 14, 0, tzinfo=UTC)),
    )
    assert the_row(fact_of(received(payload))) == common(
        datetime(2026, 2, 11, 14, 0, tzinfo=UTC), "2026-02"
    ) | {"handoff_id": "h-1", "department": "etat-civil"}


def test_feedback_keeps_its_reasons() -> None:
    payload = chat_pb2.FeedbackGiven(
        conversation_id="conv-1",
        answer_id="ans-1",
        useful=False,
        reasons=["outdated", "missing-source"],
        has_comment=True,
        given_at=stamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
    )
    assert the_row(fact_of(received(payload))) == common(
        datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "2026-01"
    ) | {"answer_id": "ans-1", "useful": False, "reasons": "outdated,missing-source"}


def test_an_assistant_task_by_department_without_its_agent() -> None:
    payload = assistant_pb2.TaskCompleted(
        task_id="t-1",
        task=assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE,
        agent="agent-pseudonym",
        department="action-sociale",
        template_id="tpl-1",
        generative=True,
        latency_ms=2300,
        declared_minutes_saved=15,
        completed_at=stamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
    )
    assert the_row(fact_of(received(payload))) == common(
        datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "2026-01"
    ) | {
        "task_id": "t-1",
        "task": "plain-language",
        "department": "action-sociale",
        "generative": True,
        "latency_ms": 2300,
        "minutes_saved": 15,
    }


def test_an_ai_use_without_its_actor() -> None:
    payload = ai_pb2.AiUsed(
        use_id="u-1",
        system_id="sys-1",
        system_version=3,
        purpose="agent-drafting",
        service="agent-assistant",
        actor="pseudonym-of-someone",
        outcome=ai_pb2.OUTCOME_COMPLETED,
        human_review=ai_pb2.HUMAN_REVIEW_EDITED,
        trace_id="0af7651916cd43dd8448eb211c80319c",
        used_at=stamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
        contribution="Brouillon de réponse",
        parameters={"temperature": "0.2"},
        model="mistral-small-3.2",
    )
    row = the_row(fact_of(received(payload)))
    assert row == common(datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "2026-01") | {
        "use_id": "u-1",
        "system_id": "sys-1",
        "purpose": "agent-drafting",
        "service": "agent-assistant",
        "outcome": "completed",
        "human_review": "edited",
        "model": "mistral-small-3.2",
        # Evidence from before the services measured it: nothing consumed is known.
        "cpu_seconds": None,
        "input_tokens": None,
        "output_tokens": None,
        "model_latency_seconds": None,
        "energy_wh": None,
        "energy_method": "",
        "co2_g": None,
    }
    assert "pseudonym-of-someone" not in row.values()


def measured_use(**consumption: Any) -> ai_pb2.AiUsed:
    return ai_pb2.AiUsed(
        use_id="u-2",
        system_id="sys-1",
        purpose="agent-drafting",
        service="agent-assistant",
        used_at=stamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
        model="mistral-small-3.2",
        **consumption,
    )


def test_an_ai_use_with_its_consumption_and_co2_from_the_sink_s_factor() -> None:
    payload = measured_use(
        cpu_seconds=0.021,
        input_tokens=1100,
        output_tokens=260,
        model_latency_seconds=6.5,
        energy_wh=0.8,
        energy_method="ecologits-0.11.3+cpu-time/watts-per-core",
    )
    row = the_row(fact_of(received(payload)))
    assert row["cpu_seconds"] == pytest.approx(0.021)
    assert (row["input_tokens"], row["output_tokens"]) == (1100, 260)
    assert row["model_latency_seconds"] == pytest.approx(6.5)
    assert row["energy_wh"] == pytest.approx(0.8)
    assert row["energy_method"] == "ecologits-0.11.3+cpu-time/watts-per-core"
    # ADEME's French mix by default: 52 gCO2e/kWh, so 0.8 Wh is 0.0416 g.
    assert row["co2_g"] == pytest.approx(0.8 / 1000 * 52)
    greener = the_row(EventFacts(gco2e_per_kwh=20.0).of(received(payload)))
    assert greener["co2_g"] == pytest.approx(0.8 / 1000 * 20)


def test_an_energy_not_estimated_has_no_co2_either() -> None:
    payload = measured_use(
        cpu_seconds=0.004,
        input_tokens=900,
        output_tokens=120,
        energy_method="not-estimated/model-size-unknown",
    )
    row = the_row(fact_of(received(payload)))
    assert row["energy_wh"] is None and row["co2_g"] is None
    assert row["cpu_seconds"] == pytest.approx(0.004) and row["output_tokens"] == 120
    assert row["energy_method"] == "not-estimated/model-size-unknown"


@pytest.mark.parametrize("energy", [-1.0, float("inf"), float("nan")])
def test_an_impossible_consumption_is_refused_with_why(energy: float) -> None:
    with pytest.raises(InvalidEvent, match="energy_wh is not a consumption"):
        fact_of(received(measured_use(energy_wh=energy)))


def test_the_register_s_three_events_in_one_table() -> None:
    at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    registered = register_pb2.SystemRegistered(
        system_id="sys-1",
        name="Assistant",
        risk_class=types_pb2.RISK_CLASS_LIMITED,
        status=types_pb2.SYSTEM_STATUS_DRAFT,
        registered_by="someone",
        registered_at=stamp(at),
    )
    changed = register_pb2.SystemStatusChanged(
        system_id="sys-1",
        previous_status=types_pb2.SYSTEM_STATUS_IN_REVIEW,
        status=types_pb2.SYSTEM_STATUS_APPROVED,
        risk_class=types_pb2.RISK_CLASS_LIMITED,
        changed_by="someone",
        reason="Revue favorable",
        changed_at=stamp(at),
    )
    incident = register_pb2.IncidentReported(
        incident_id="inc-1",
        system_id="sys-1",
        use_id="u-1",
        category="invented-content",
        severity="high",
        reported_at=stamp(at),
    )
    base = common(at, "2026-01") | {"system_id": "sys-1"}
    assert [the_row(fact_of(received(p))) for p in (registered, changed, incident)] == [
        base
        | {"kind": "system-registered", "status": "draft", "risk_class": "limited", "severity": ""},
        base
        | {
            "kind": "system-status-changed",
            "status": "approved",
            "risk_class": "limited",
            "severity": "",
        },
        base | {"kind": "incident-reported", "status": "", "risk_class": "", "severity": "high"},
    ]


def test_a_dataset_update() -> None:
    payload = lake_pb2.DatasetUpdated(
        dataset_id="eau-telemetrie",
        snapshot_id="123",
        mode="append",
        rows_added=1200,
        total_rows=50_000,
        contract_id="dsp-eau",
        updated_at=stamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
    )
    assert the_row(fact_of(received(payload))) == common(
        datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "2026-01"
    ) | {
        "dataset_id": "eau-telemetrie",
        "mode": "append",
        "rows_added": 1200,
        "total_rows": 50_000,
        "contract_id": "dsp-eau",
    }


def test_a_telemetry_period_is_one_row_per_sensor_measure_and_replaces_its_key() -> None:
    start = datetime(2026, 1, 31, 23, 0, tzinfo=UTC)  # 1 February at midnight in Paris
    payload = lake_pb2.TelemetryAggregated(
        dataset_id="eau-telemetrie",
        period="hour",
        period_start=stamp(start),
        contract_id="dsp-eau",
        aggregates=[
            lake_pb2.TelemetryAggregate(
                sensor_id="s-1",
                measure="debit",
                unit="m3/h",
                commune="57463",
                count=60,
                minimum=1.0,
                maximum=9.0,
                mean=4.5,
                total=270.0,
            ),
            lake_pb2.TelemetryAggregate(
                sensor_id="s-2", measure="pression", unit="bar", commune="57480", count=6, mean=3.1
            ),
        ],
    )
    fact = fact_of(received(payload))
    base = common(start, "2026-02") | {"dataset_id": "eau-telemetrie", "period": "hour"}
    assert fact.table == "lake_telemetry"
    assert list(fact.rows) == [
        base
        | {
            "sensor_id": "s-1",
            "measure": "debit",
            "unit": "m3/h",
            "commune": "57463",
            "count": 60,
            "total": 270.0,
            "mean": 4.5,
        },
        base
        | {
            "sensor_id": "s-2",
            "measure": "pression",
            "unit": "bar",
            "commune": "57480",
            "count": 6,
            "total": 0.0,
            "mean": 3.1,
        },
    ]
    assert json.loads(fact.replaces) == ["eau-telemetrie", "hour", "2026-01-31T23:00:00+00:00"]


def test_a_late_delivery() -> None:
    payload = lake_pb2.DeliveryLate(
        contract_id="dsp-eau",
        operator="Eau de Metz",
        dataset_id="fontaines",
        period_start="2026-01-01",
        period_end="2026-02-01",
        deadline=stamp(datetime(2026, 2, 10, tzinfo=UTC)),
        status="missing",
        observed_at=stamp(datetime(2026, 2, 10, 1, 0, tzinfo=UTC)),
    )
    assert the_row(fact_of(received(payload))) == common(
        datetime(2026, 2, 10, 1, 0, tzinfo=UTC), "2026-02"
    ) | {
        "contract_id": "dsp-eau",
        "dataset_id": "fontaines",
        "period_start": "2026-01-01",
        "status": "missing",
    }


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (chat_pb2.AnswerProduced(conversation_id="c"), "AnswerProduced without answer_id"),
        (chat_pb2.HandoffRequested(commune="57463"), "HandoffRequested without handoff_id"),
        (ai_pb2.AiUsed(use_id="u"), "AiUsed without system_id"),
        (lake_pb2.DeliveryLate(contract_id="c"), "without dataset_id, period_start"),
        (lake_pb2.TelemetryAggregated(dataset_id="d", period="hour"), "without period_start"),
        (register_pb2.IncidentReported(system_id="s"), "without incident_id"),
        (
            chat_pb2.AnswerProduced(answer_id="a", answered_at=Timestamp(seconds=10**15)),
            "AnswerProduced.answered_at is not a valid time",
        ),
        (
            chat_pb2.FeedbackGiven(answer_id="a", given_at=Timestamp(seconds=1, nanos=-5)),
            "FeedbackGiven.given_at is not a valid time",
        ),
        (assistant_pb2.TaskCompleted(task_id="t" * 201), "over-long task_id"),
    ],
)
def test_an_event_that_cannot_be_rows_is_refused_with_why(payload: Message, why: str) -> None:
    with pytest.raises(InvalidEvent, match=why):
        fact_of(received(payload))


def test_an_over_long_event_id_is_refused() -> None:
    with pytest.raises(InvalidEvent, match="event id longer"):
        fact_of(received(chat_pb2.AnswerProduced(answer_id="a"), event_id="e" * 201))


def test_an_event_of_no_table_is_refused() -> None:
    payload = assistant_pb2.CharterAccepted(agent="a")
    with pytest.raises(InvalidEvent, match="no analytics table for CharterAccepted"):
        fact_of(received(payload))
