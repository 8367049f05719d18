"""The suite's proof of wiring: a citizen's question to the chat crosses two real processes
— the chat's HTTP API, its gRPC call to the register's gate, its ``ai.used`` event through
the real Kafka, the register's consumer — and leaves ONE trace, exported over OTLP by both
services (started through their entry points) to a real OTLP receiver."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from collectivia.testkit.otlp import ReceivedSpan, SpanReceiver, span_receiver
from collectivia.testkit.processes import (
    ServiceProcess,
    platform_environment,
    register_settings,
    running_process,
    service_environment,
)
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.embedding_model]

CHECK_USE = "/collectivia.register.v1.RegisterService/CheckUse"
ASK = "POST /v1/conversations/{conversation_id}/messages"
PAGE = (
    "---\nid: horaires\nurl: https://demo.example/horaires\npublished: 2026-01-05\n---\n"
    "# Horaires de l'hôtel de ville\n\n"
    "L'hôtel de ville est ouvert du lundi au vendredi de 8 h 30 à 17 h 30.\n"
)
# Spans leave each process within a tenth of a second.
EXPORT_QUICKLY = {"OTEL_BSP_SCHEDULE_DELAY": "100"}


@pytest.fixture(scope="module")
def receiver() -> Iterator[SpanReceiver]:
    with span_receiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    receiver: SpanReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("traced-register")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment("ethics-register", folder),
        "COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT": receiver.endpoint,
        **EXPORT_QUICKLY,
    }
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    receiver: SpanReceiver,
    register: ServiceProcess,
    demo_tokens: DemoTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        system_id = approved_system(http, demo_tokens)["id"]
    folder = tmp_path_factory.mktemp("traced-chat")
    pages = folder / "pages"
    pages.mkdir()
    (pages / "horaires.md").write_text(PAGE, encoding="utf-8")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment(
            "citizen-chat",
            folder,
            knowledge_dir=str(pages),
            system_id=system_id,
            **register_settings(register),
            qdrant_path=str(folder / "qdrant"),
        ),
        "COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT": receiver.endpoint,
        **EXPORT_QUICKLY,
    }
    with running_process("citizen-chat", environment, folder=folder) as process:
        yield process


def one(spans: list[ReceivedSpan], service: str, kind: str, name: str) -> ReceivedSpan:
    found = [s for s in spans if (s.service, s.kind, s.name) == (service, kind, name)]
    assert len(found) == 1, f"{kind} span {name!r} of {service}: {found}"
    return found[0]


def test_a_question_leaves_one_trace_across_the_chat_kafka_and_the_register(
    chat: ServiceProcess, receiver: SpanReceiver, tmp_path: Path
) -> None:
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    with httpx.Client(base_url=chat.base_url, timeout=60) as http:
        conversation = http.post("/v1/conversations", json={"commune": "57463"})
        assert conversation.status_code == 201, conversation.text
        asked = http.post(
            f"/v1/conversations/{conversation.json()['id']}/messages",
            json={"question": "Quels sont les horaires de l'hôtel de ville ?"},
            headers={"traceparent": f"00-{trace_id}-{caller_span}-01"},
        )
    assert asked.status_code == 200, asked.text

    wanted = {
        ("citizen-chat", "server", ASK),
        ("citizen-chat", "client", CHECK_USE),
        ("ethics-register", "server", CHECK_USE),
        ("citizen-chat", "producer", "send ai.used.v1"),
        ("ethics-register", "consumer", "process ai.used.v1"),
    }

    def arrived() -> list[ReceivedSpan]:
        spans = receiver.spans(trace_id)
        return spans if wanted <= {(s.service, s.kind, s.name) for s in spans} else []

    spans = wait_until(arrived, timeout=30, what="the spans of both services in one trace")
    request = one(spans, "citizen-chat", "server", ASK)
    assert request.parent_span_id == caller_span
    gate_call = one(spans, "citizen-chat", "client", CHECK_USE)
    gate = one(spans, "ethics-register", "server", CHECK_USE)
    publish = one(spans, "citizen-chat", "producer", "send ai.used.v1")
    consume = one(spans, "ethics-register", "consumer", "process ai.used.v1")
    # Across the network: the register's spans are children of the chat's calls.
    assert gate.parent_span_id == gate_call.span_id
    assert consume.parent_span_id == publish.span_id
    # And the chat's calls descend from the citizen's request.
    parents = {s.span_id: s.parent_span_id for s in spans}
    for span in (gate_call, publish):
        node = span.span_id
        while node in parents and node != request.span_id:
            node = parents[node]
        assert node == request.span_id, f"{span.name} is not under the request"
