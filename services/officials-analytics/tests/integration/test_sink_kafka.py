"""The sink through the real Kafka with the running service: events of several types published
as the suite's services publish them become rows of the analytics tables; an event delivered
again — in the same process, or after a restart, when the consumer's memory is gone — is
counted once; a malformed event is parked on the dead-letter topic with its reason, and the
good events polled with it are stored."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from kafka import KafkaProducer

from collectivia.ai.generation import ModelCall, ModelProfile, TokenUsage
from collectivia.ai.use.evidence import UseOutcome
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.events.v1 import ai_pb2, chat_pb2, lake_pb2, register_pb2
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.area import SinkSettings
from collectivia.officials_analytics.sink.tables import dataset_id
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.platform.events.catalogue import ANSWER_PRODUCED, event_type_of
from collectivia.platform.events.envelope import CloudEvent
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.doubles import FixedPermission
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.topics import dead_letters_of
from collectivia.testkit.waiting import wait_until
from officials_analytics_testing.running import running_analytics

pytestmark = pytest.mark.integration

# Commit as soon as rows are staged: the test waits for the tables, not for a delay.
QUICK = SinkSettings(sink_flush_delay_seconds=0, sink_check_interval_seconds=0.1)
ANSWERED_AT = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April in Paris


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sink")


@pytest.fixture(scope="module")
def sink(
    kafka_server: KafkaServer, keycloak_server: KeycloakServer, folder: Path
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    with running_analytics(kafka_server, keycloak_server, folder, supplied=[QUICK]) as running:
        yield running


@pytest.fixture(scope="module")
def publisher(sink: RunningApp[OfficialsAnalyticsSettings]) -> Iterator[KafkaEventPublisher]:
    publisher = KafkaEventPublisher(
        sink.settings.kafka, "citizen-chat", setup_telemetry(sink.settings)
    )
    yield publisher
    publisher.close()


def stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def send_as(bootstrap: str, payload: Message, *, event_id: str, key: str) -> None:
    """A record exactly as the platform's publisher writes it, with a chosen event id: what a
    redelivery or a replay of the topic brings again."""
    event_type = event_type_of(payload)
    event = CloudEvent(
        id=event_id,
        source="citizen-chat",
        type=event_type.ce_type,
        time=datetime.now(UTC),
        data_content_type=event_type.content_type,
    )
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        producer.send(
            event_type.topic,
            key=key.encode(),
            value=payload.SerializeToString(),
            headers=event.kafka_headers({}),
        ).get(timeout=30)
    finally:
        producer.close()


def rows_of(
    running: RunningApp[OfficialsAnalyticsSettings], table: str, ids: set[str]
) -> list[dict[str, Any]]:
    rows: pa.Table = running.service.get(SinkWriter).lakehouse.read(dataset_id(table))
    return [row for row in rows.to_pylist() if row["event_id"] in ids]


def rows_when(
    running: RunningApp[OfficialsAnalyticsSettings], table: str, ids: set[str], count: int
) -> list[dict[str, Any]]:
    def found() -> list[dict[str, Any]]:
        rows = rows_of(running, table, ids)
        return rows if len(rows) >= count else []

    return wait_until(found, timeout=60, what=f"{count} rows in {table}")


def answer(commune: str = "57751") -> chat_pb2.AnswerProduced:
    return chat_pb2.AnswerProduced(
        conversation_id=str(uuid.uuid4()),
        answer_id=str(uuid.uuid4()),
        theme="Déchets > Collecte",
        commune=commune,
        latency_ms=900,
        confidence=0.9,
        cited_source_ids=["doc-1"],
        outcome=chat_pb2.ANSWER_OUTCOME_ANSWERED,
        answered_at=stamp(ANSWERED_AT),
        question="Quand passe la collecte rue [ADRESSE_1] ?",
    )


def test_events_of_several_types_become_rows_once(
    sink: RunningApp[OfficialsAnalyticsSettings],
    publisher: KafkaEventPublisher,
    kafka_server: KafkaServer,
) -> None:
    asked = answer()
    handoff = chat_pb2.HandoffRequested(
        handoff_id=str(uuid.uuid4()),
        conversation_id=asked.conversation_id,
        commune="57751",
        theme="Déchets > Collecte",
        turns=[chat_pb2.ConversationTurn(role="citizen", text="Je suis Jeanne Martin")],
        contact_channel="email",
        contact="jeanne.martin@example.org",
    )
    use = ai_pb2.AiUsed(
        use_id=str(uuid.uuid4()),
        system_id="sys-chat",
        purpose="citizen-information",
        service="citizen-chat",
        actor="pseudonyme",
        outcome=ai_pb2.OUTCOME_COMPLETED,
        human_review=ai_pb2.HUMAN_REVIEW_NONE,
    )
    incident = register_pb2.IncidentReported(
        incident_id=str(uuid.uuid4()), system_id="sys-chat", severity="medium"
    )
    telemetry = lake_pb2.TelemetryAggregated(
        dataset_id=f"eau-{uuid.uuid4().hex[:8]}",
        period="day",
        period_start=stamp(datetime(2026, 3, 1, 23, 0, tzinfo=UTC)),
        aggregates=[
            lake_pb2.TelemetryAggregate(sensor_id=f"s{n}", measure="consommation", count=24)
            for n in range(3)
        ],
    )
    ids = {
        "chat_answers": publisher.publish(asked, key=asked.conversation_id, wait=True),
        "chat_handoffs": publisher.publish(handoff, key=handoff.conversation_id, wait=True),
        "ai_uses": publisher.publish(use, key=use.system_id, wait=True),
        "register_events": publisher.publish(incident, key=incident.system_id, wait=True),
        "lake_telemetry": publisher.publish(telemetry, key=telemetry.dataset_id, wait=True),
    }
    [row] = rows_when(sink, "chat_answers", {ids["chat_answers"]}, 1)
    assert (row["answer_id"], row["commune"], row["outcome"]) == (
        asked.answer_id,
        "57751",
        "answered",
    )
    assert (row["occurred_at"], row["month"]) == (ANSWERED_AT, "2026-04")
    assert row["question"] == "Quand passe la collecte rue [ADRESSE_1] ?"
    [row] = rows_when(sink, "chat_handoffs", {ids["chat_handoffs"]}, 1)
    assert row["channel"] == "email" and "martin" not in str(row).lower()
    [row] = rows_when(sink, "ai_uses", {ids["ai_uses"]}, 1)
    assert "pseudonyme" not in row.values()
    [row] = rows_when(sink, "register_events", {ids["register_events"]}, 1)
    assert (row["kind"], row["severity"]) == ("incident-reported", "medium")
    assert len(rows_when(sink, "lake_telemetry", {ids["lake_telemetry"]}, 3)) == 3

    # The answer delivered again, with a new answer behind it: still one row.
    send_as(
        kafka_server.bootstrap_servers,
        asked,
        event_id=ids["chat_answers"],
        key=asked.conversation_id,
    )
    later = answer()
    later_id = publisher.publish(later, key=asked.conversation_id, wait=True)
    rows_when(sink, "chat_answers", {later_id}, 1)
    assert len(rows_of(sink, "chat_answers", {ids["chat_answers"]})) == 1


def test_an_ai_use_recorded_by_the_pathway_lands_with_its_energy(
    sink: RunningApp[OfficialsAnalyticsSettings], publisher: KafkaEventPublisher
) -> None:
    pathway = AiUsePathway(
        FixedPermission(), publisher, service="agent-assistant", purpose="agent-drafting"
    )
    admission = pathway.admit("Brouillon de réponse sur les horaires de la déchèterie.")
    with admission.meter.measure():
        sum(i * i for i in range(100_000))  # the use's own work here
    profile = ModelProfile(24.0, 24.0, datacenter_pue=1.2, datacenter_wue=0.5)
    admission.meter.model_called(ModelCall("mistral-small", TokenUsage(900, 240), 5.0, profile))
    evidence = pathway.evidence(
        admission,
        actor="pseudonyme",
        outcome=UseOutcome.COMPLETED,
        model="mistral-small",
        contribution="Brouillon",
    )
    pathway.record(evidence, wait=True)
    assert evidence.consumption is not None and evidence.consumption.energy_wh is not None

    def landed() -> list[dict[str, Any]]:
        rows: pa.Table = sink.service.get(SinkWriter).lakehouse.read(dataset_id("ai_uses"))
        return [row for row in rows.to_pylist() if row["use_id"] == admission.use_id]

    [row] = wait_until(landed, timeout=60, what="the use's row in ai_uses")
    assert row["cpu_seconds"] == pytest.approx(evidence.consumption.cpu_seconds)
    assert row["cpu_seconds"] > 0
    assert (row["input_tokens"], row["output_tokens"]) == (900, 240)
    assert row["model_latency_seconds"] == pytest.approx(5.0)
    assert row["energy_wh"] == pytest.approx(evidence.consumption.energy_wh)
    assert row["energy_method"].startswith("ecologits-0.11")
    assert row["co2_g"] == pytest.approx(row["energy_wh"] / 1000 * 52.0)


def test_a_malformed_event_is_parked_and_the_others_stored(
    sink: RunningApp[OfficialsAnalyticsSettings],
    publisher: KafkaEventPublisher,
    kafka_server: KafkaServer,
) -> None:
    conversation = str(uuid.uuid4())
    # One key: one partition, most likely one poll, so one batch with the malformed event.
    good: set[str] = set()
    for index in range(20):
        if index == 10:
            malformed = chat_pb2.AnswerProduced(conversation_id=conversation, theme="Déchets")
            publisher.publish(malformed, key=conversation)
        else:
            good.add(publisher.publish(answer(), key=conversation))
    publisher.flush()
    assert len(rows_when(sink, "chat_answers", good, 19)) == 19
    [(_, headers)] = wait_until(
        lambda: dead_letters_of(
            kafka_server.bootstrap_servers,
            ANSWER_PRODUCED.topic,
            conversation.encode(),
            sink.settings.consumer_group,
        ),
        timeout=30,
        what="the malformed answer dead-lettered",
    )
    assert headers["collectivia_error_type"] == b"InvalidEvent"
    assert headers["collectivia_error_message"] == b"AnswerProduced without answer_id"


def test_an_event_replayed_after_a_restart_is_counted_once(
    kafka_server: KafkaServer, keycloak_server: KeycloakServer, tmp_path: Path
) -> None:
    """A new process has no memory of the events it handled: the database has."""
    asked = answer(commune="57447")
    event_id = str(uuid.uuid4())
    with running_analytics(kafka_server, keycloak_server, tmp_path, supplied=[QUICK]) as first:
        send_as(kafka_server.bootstrap_servers, asked, event_id=event_id, key=asked.conversation_id)
        rows_when(first, "chat_answers", {event_id}, 1)
    with running_analytics(kafka_server, keycloak_server, tmp_path, supplied=[QUICK]) as second:
        send_as(kafka_server.bootstrap_servers, asked, event_id=event_id, key=asked.conversation_id)
        sentinel = str(uuid.uuid4())
        send_as(
            kafka_server.bootstrap_servers, answer(), event_id=sentinel, key=asked.conversation_id
        )
        rows_when(second, "chat_answers", {sentinel}, 1)
        assert len(rows_of(second, "chat_answers", {event_id})) == 1
