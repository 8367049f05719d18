"""Evidence on the real broker and Keycloak: an ai.used event is logged, verified, explained
and counted; a malformed one is parked on the dead-letter topic."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.events.v1 import ai_pb2
from collectivia.platform.errors import NotFound
from collectivia.platform.events.catalogue import AI_USED
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import dead_letters_of
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import RunningRegister

pytestmark = pytest.mark.integration


@pytest.fixture
def publisher(register: RunningRegister) -> Iterator[KafkaEventPublisher]:
    publisher = KafkaEventPublisher(
        register.settings.kafka, "evidence-test", setup_telemetry(register.settings)
    )
    yield publisher
    publisher.close()


def ai_used(system_id: str, **overrides: object) -> ai_pb2.AiUsed:
    message = ai_pb2.AiUsed(
        use_id=str(uuid.uuid4()),
        system_id=system_id,
        system_version=1,
        purpose="citizen-information",
        service="citizen-chat",
        actor="9f86d081884c7d65",
        outcome=ai_pb2.OUTCOME_COMPLETED,
        human_review=ai_pb2.HUMAN_REVIEW_ACCEPTED,
        contribution="Projet de réponse relu par un agent.",
        data_sources=["faq-etat-civil"],
        parameters={"seuil": "0.7"},
        model="mistral-small-3.2",
    )
    message.used_at.FromDatetime(datetime.now(UTC))
    for name, value in overrides.items():
        setattr(message, name, value)
    return message


def logged(log: EvidenceLog, use_id: str) -> bool:
    try:
        log.get(use_id)
    except NotFound:
        return False
    return True


def test_a_use_is_logged_verified_explained_and_counted(
    register: RunningRegister,
    http: httpx.Client,
    demo_tokens: DemoTokens,
    publisher: KafkaEventPublisher,
) -> None:
    system = approved_system(http, demo_tokens)
    message = ai_used(system["id"])
    publisher.publish(message, key=system["id"], wait=True)
    log = register.service.get(Evidence).log
    wait_until(lambda: logged(log, message.use_id), what="the use in the evidence log")

    for role in ("ethics-officer", "dpo", "admin"):
        verified = http.get("/v1/evidence/verification", headers=bearer(demo_tokens.for_role(role)))
        assert verified.status_code == 200, verified.text
        report = verified.json()
        assert report["intact"] is True
        assert report["head_sequence"] >= 1
    anonymous = http.get("/v1/evidence/verification")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    citizen = http.get("/v1/evidence/verification", headers=bearer(demo_tokens.for_role("citizen")))
    assert citizen.status_code == 403

    explained = http.get(f"/v1/decisions/{message.use_id}/explanation")
    assert explained.status_code == 200, explained.text
    explanation = explained.json()
    assert explanation["system"]["name"] == system["name"]
    assert explanation["contribution"]["degree"] == "assisted"
    assert f"« {system['name']} », version 1" in explanation["text"]
    unknown = http.get(f"/v1/decisions/{uuid.uuid4()}/explanation")
    assert unknown.status_code == 404
    assert unknown.json()["title"] == "Ressource introuvable"

    usage = http.get(f"/v1/systems/{system['id']}/usage")
    assert usage.status_code == 200, usage.text
    assert usage.json()["total_uses"] == 1
    assert usage.json()["human_review"]["accepted"] == 1
    assert http.get(f"/v1/systems/{uuid.uuid4()}/usage").status_code == 404


def test_a_malformed_use_is_dead_lettered(
    register: RunningRegister, kafka_server: KafkaServer, publisher: KafkaEventPublisher
) -> None:
    key = f"evidence-bad-{uuid.uuid4().hex[:8]}"
    message = ai_used(key, service="", outcome=ai_pb2.OUTCOME_UNSPECIFIED)
    publisher.publish(message, key=key, wait=True)
    [(_, parked)] = wait_until(
        lambda: dead_letters_of(
            kafka_server.bootstrap_servers,
            AI_USED.topic,
            key.encode(),
            register.settings.consumer_group,
        ),
        what="the malformed use on the dead-letter topic",
    )
    assert parked["collectivia_error_type"] == b"InvalidEvent"
    assert b"service" in parked["collectivia_error_message"]
    assert b"outcome" in parked["collectivia_error_message"]
    assert parked["collectivia_delivery_attempts"] == b"1"
    assert not logged(register.service.get(Evidence).log, message.use_id)
