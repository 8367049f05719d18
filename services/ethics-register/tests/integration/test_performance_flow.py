"""Measured performance on the real broker: an ai.performance-measured event of a published
entry is kept and shown on its public page and in the history; one of an entry the register
does not have is parked on the dead-letter topic, and the consumer goes on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from collectivia.events.v1 import ai_pb2
from collectivia.platform.events.catalogue import PERFORMANCE_MEASURED
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import dead_letters_of
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import RunningRegister

pytestmark = pytest.mark.integration


@pytest.fixture
def publisher(register: RunningRegister) -> Iterator[KafkaEventPublisher]:
    publisher = KafkaEventPublisher(
        register.settings.kafka, "performance-test", setup_telemetry(register.settings)
    )
    yield publisher
    publisher.close()


def measured(system_id: str, mase: float) -> ai_pb2.PerformanceMeasured:
    message = ai_pb2.PerformanceMeasured(
        system_id=system_id,
        system_version=4,
        service="officials-analytics",
        metrics=[
            ai_pb2.PerformanceMetric(
                name="mase_median", value=mase, description="MASE médiane du modèle"
            )
        ],
        method="Validation glissante sur les 12 derniers mois.",
        data_sources=["analytics.chat_answers"],
        samples=3,
        run_id=str(uuid.uuid4()),
    )
    message.measured_at.FromDatetime(datetime.now(UTC))
    return message


def history(http: httpx.Client, system_id: str) -> list[dict[str, Any]]:
    response = http.get(f"/v1/systems/{system_id}/measurements")
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()
    return found


def test_a_measurement_is_kept_shown_and_an_unknown_entry_s_is_dead_lettered(
    register: RunningRegister,
    kafka_server: KafkaServer,
    http: httpx.Client,
    demo_tokens: DemoTokens,
    publisher: KafkaEventPublisher,
) -> None:
    unknown = f"performance-unknown-{uuid.uuid4().hex[:8]}"
    publisher.publish(measured(unknown, 0.5), key=unknown, wait=True)
    system = approved_system(http, demo_tokens)
    publisher.publish(measured(system["id"], 0.8125), key=system["id"], wait=True)

    [kept] = wait_until(lambda: history(http, system["id"]), what="the measurement kept")
    assert kept["metrics"][0]["value"] == 0.8125 and kept["samples"] == 3
    page = http.get(f"/registre/{system['id']}")
    assert page.status_code == 200
    assert "MASE médiane du modèle : <strong>0,812</strong>" in page.text
    export = http.get("/v1/exports/register.json").json()
    [entry] = [s for s in export["systems"] if s["id"] == system["id"]]
    assert entry["measured_performance"]["run_id"] == kept["run_id"]

    [(_, parked)] = wait_until(
        lambda: dead_letters_of(
            kafka_server.bootstrap_servers,
            PERFORMANCE_MEASURED.topic,
            unknown.encode(),
            register.settings.consumer_group,
        ),
        what="the unknown entry's measurement on the dead-letter topic",
    )
    assert parked["collectivia_error_type"] == b"InvalidEvent"
    assert b"unknown system" in parked["collectivia_error_message"]
    missing = http.get(f"/v1/systems/{unknown}/measurements")
    assert missing.status_code == 404
    assert "Aucune entrée" in missing.json()["detail"]
