"""The suite's proof of wiring, as a newcomer sees it: a citizen's question to the chat crosses
three real processes — the chat's HTTP API, its gRPC call to the register's gate, its
``ai.used`` event through the real Kafka to the register's evidence consumer and to the
officials' analytics — and leaves ONE trace in the real trace backend (Jaeger v2, the one
``make up`` starts), exported over OTLP by every service (started through its entry point)
and fetched by its id through Jaeger's query API. The same processes serve their metrics to
a Prometheus scraper (``GET /metrics``)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

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
from collectivia.testkit.trace_backend import StoredSpan, TraceBackend, start_trace_backend
from collectivia.testkit.waiting import wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.embedding_model,
    # A fresh machine may still be finishing Jaeger's build (make test starts it first).
    pytest.mark.timeout(900),
]

CHECK_USE = "/collectivia.register.v1.RegisterService/CheckUse"
ASK = "POST /v1/conversations/{conversation_id}/messages"
PAGE = (
    "---\nid: horaires\nurl: https://demo.example/horaires\npublished: 2026-01-05\n---\n"
    "# Horaires de l'hôtel de ville\n\n"
    "L'hôtel de ville est ouvert du lundi au vendredi de 8 h 30 à 17 h 30.\n"
)


@pytest.fixture(scope="module")
def backend() -> TraceBackend:
    return start_trace_backend()


def traced(backend: TraceBackend) -> dict[str, str]:
    """A service's variables that send its spans to the backend within a tenth of a second."""
    return {
        "COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT": backend.otlp_endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    backend: TraceBackend,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("traced-register")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment("ethics-register", folder),
        **traced(backend),
    }
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def system_id(register: ServiceProcess, demo_tokens: DemoTokens) -> str:
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        entry_id: str = approved_system(http, demo_tokens)["id"]
        return entry_id


def analytics_environment(register: ServiceProcess, folder: Path) -> dict[str, str]:
    return service_environment(
        "officials-analytics",
        folder,
        catalog_url=f"sqlite:///{folder / 'catalog.db'}",
        warehouse=str(folder / "warehouse"),
        forecast_refresh_hours="0",
        register_grpc_target=register.grpc_target,
        register_public_url=register.base_url,
    )


def chat_environment(register: ServiceProcess, system_id: str, folder: Path) -> dict[str, str]:
    pages = folder / "pages"
    pages.mkdir()
    (pages / "horaires.md").write_text(PAGE, encoding="utf-8")
    return service_environment(
        "citizen-chat",
        folder,
        knowledge_dir=str(pages),
        system_id=system_id,
        **register_settings(register),
        qdrant_path=str(folder / "qdrant"),
    )


@pytest.fixture(scope="module")
def chat_and_analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    backend: TraceBackend,
    register: ServiceProcess,
    system_id: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """Both started side by side: the analytics starts while the chat embeds its page."""
    shared = {**platform_environment(kafka_server, keycloak_server), **traced(backend)}
    chat_folder = tmp_path_factory.mktemp("traced-chat")
    analytics_folder = tmp_path_factory.mktemp("traced-analytics")
    starting = [
        running_process(
            "citizen-chat",
            {**shared, **chat_environment(register, system_id, chat_folder)},
            folder=chat_folder,
        ),
        running_process(
            "officials-analytics",
            {**shared, **analytics_environment(register, analytics_folder)},
            folder=analytics_folder,
        ),
    ]
    with ExitStack() as running, ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(running.enter_context, process) for process in starting]
        wait(futures)
        chat, analytics = (future.result() for future in futures)
        yield chat, analytics


def one(spans: list[StoredSpan], service: str, kind: str, name: str) -> StoredSpan:
    found = [s for s in spans if (s.service, s.kind, s.name) == (service, kind, name)]
    assert len(found) == 1, f"{kind} span {name!r} of {service}: {found}"
    return found[0]


def test_a_question_leaves_one_trace_across_three_services_in_jaeger(
    chat_and_analytics: tuple[ServiceProcess, ServiceProcess], backend: TraceBackend
) -> None:
    chat, _ = chat_and_analytics
    trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
    asked_at = datetime.now(UTC)
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

    def stored() -> list[StoredSpan]:
        spans = backend.trace(trace_id)
        return spans if wanted <= {(s.service, s.kind, s.name) for s in spans} else []

    spans = wait_until(stored, timeout=30, what="the trace of the question in Jaeger")
    assert {s.trace_id for s in spans} == {trace_id}
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

    # The third service: the analytics' consumer takes the same event. One event alone is
    # handled in a child span of the chat's publication, in the trace; several polled together
    # in one batch span linking to each producer's (OTel's advice for batches).
    def analytics_consumed() -> list[StoredSpan]:
        mine = [
            s
            for s in backend.trace(trace_id)
            if s.service == "officials-analytics" and s.kind == "consumer"
        ]
        if mine:
            return mine
        return [
            s
            for s in backend.recent_spans("officials-analytics", asked_at)
            if s.kind == "consumer" and trace_id in s.linked_trace_ids
        ]

    consumed = wait_until(analytics_consumed, timeout=30, what="the analytics' consumer span")
    producers = {
        s.span_id
        for s in backend.trace(trace_id)
        if (s.service, s.kind) == ("citizen-chat", "producer")
    }
    for span in consumed:
        assert span.trace_id != trace_id or span.parent_span_id in producers, span


def test_the_register_counts_its_requests_by_route_template_never_by_id(
    register: ServiceProcess, system_id: str
) -> None:
    unknown = str(uuid.uuid4())
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        assert http.get(f"/v1/systems/{system_id}").status_code == 200
        assert http.get(f"/v1/systems/{unknown}").status_code == 404
        scraped = http.get("/metrics")
    assert scraped.status_code == 200
    counts: dict[tuple[str, str, str], float] = {}
    for family in text_string_to_metric_families(scraped.text):
        for sample in family.samples:
            if sample.name == "http_server_request_duration_seconds_count":
                labels = sample.labels
                key = (
                    labels["http_request_method"],
                    labels["http_route"],
                    labels["http_response_status_code"],
                )
                counts[key] = counts.get(key, 0) + sample.value
    assert counts[("GET", "/v1/systems/{system_id}", "200")] == 1
    assert counts[("GET", "/v1/systems/{system_id}", "404")] == 1
    # The entry's registration and workflow (the fixture's) are counted by their templates.
    assert counts[("POST", "/v1/systems", "201")] >= 1
    assert counts[("POST", "/v1/systems/{system_id}/{transition}", "200")] >= 2  # submit, approve
    assert system_id not in scraped.text
    assert unknown not in scraped.text
