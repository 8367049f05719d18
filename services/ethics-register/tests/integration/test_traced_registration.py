"""One request to the register crosses HTTP, Kafka, its consumer and gRPC, on the real Kafka
and Keycloak, and leaves one trace (the suite-wide trace across processes is asserted in
tests/integration/test_one_trace_across_services.py)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pydantic import SecretStr

from collectivia.ethics_register.audit.service import AuditLog
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.settings import KeycloakSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.register.v1 import register_pb2, register_pb2_grpc
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import running_register, settings_for_tests

pytestmark = pytest.mark.integration

TOPIC = "register.system-registered.v1"
STATUS_TOPIC = "register.system-status-changed.v1"
CHECK_USE = "/collectivia.register.v1.RegisterService/CheckUse"


def one(spans: list[ReadableSpan], kind: SpanKind, name: str, service: str) -> ReadableSpan:
    found = [
        s
        for s in spans
        if s.kind is kind and s.name == name and s.resource.attributes["service.name"] == service
    ]
    assert len(found) == 1, f"{kind.name} span {name!r} of {service}: {len(found)} found"
    return found[0]


def test_one_trace_links_http_kafka_consumer_and_grpc(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    demo_tokens: DemoTokens,
    span_exporter: InMemorySpanExporter,
    tmp_path: Path,
) -> None:
    settings = settings_for_tests(kafka_server, keycloak_server, tmp_path / "register.db")
    caller_settings = ServiceSettings(
        service_name="citizen-chat",
        client_id="citizen-chat",
        client_secret=SecretStr("citizen-chat-dev-secret"),
        keycloak=KeycloakSettings(url=keycloak_server.url),
    )
    caller = setup_telemetry(caller_settings, span_exporter)
    tokens = ServiceTokenProvider(
        caller_settings.keycloak,
        caller_settings.client_id,
        caller_settings.client_secret.get_secret_value(),
    )

    with running_register(settings, span_exporter=span_exporter) as register:
        channel = open_channel(register.grpc_target, caller, tokens)
        stub = register_pb2_grpc.RegisterServiceStub(channel)
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            caller.instrument_httpx(http)
            with caller.tracer("tests").start_as_current_span("register, then check use") as root:
                system_id = approved_system(http, demo_tokens)["id"]
                wait_until(
                    lambda: len(register.service.get(AuditLog).entries_for(system_id)) == 3,
                    what="the consumer to log the registration, submission and approval",
                )
                for _ in range(2):
                    decision = stub.CheckUse(
                        register_pb2.CheckUseRequest(
                            system_id=system_id, purpose="citizen-information"
                        ),
                        timeout=10,
                    )
                    assert decision.decision == register_pb2.DECISION_ALLOWED
        channel.close()

    # The service token was fetched once and reused.
    assert tokens.fetch_count == 1
    trace_id = root.get_span_context().trace_id
    spans = [s for s in span_exporter.get_finished_spans() if s.context.trace_id == trace_id]
    http_server = one(spans, SpanKind.SERVER, "POST /v1/systems", "ethics-register")
    publish = one(spans, SpanKind.PRODUCER, f"send {TOPIC}", "ethics-register")
    consume = one(spans, SpanKind.CONSUMER, f"process {TOPIC}", "ethics-register")
    # Submission and approval announce the status changes on their own topic, same trace.
    status_consumed = [
        s for s in spans if s.kind is SpanKind.CONSUMER and s.name == f"process {STATUS_TOPIC}"
    ]
    assert len(status_consumed) == 2
    grpc_servers = [s for s in spans if s.kind is SpanKind.SERVER and s.name == CHECK_USE]
    assert len(grpc_servers) == 2
    grpc_clients = [s for s in spans if s.kind is SpanKind.CLIENT and s.name == CHECK_USE]
    assert {s.resource.attributes["service.name"] for s in grpc_clients} == {"citizen-chat"}
    # The causal chain: request -> publish -> consume (parent from the record's headers).
    assert publish.parent is not None and consume.parent is not None
    assert publish.parent.span_id != 0
    assert consume.parent.span_id == publish.context.span_id
    assert consume.attributes is not None
    assert consume.attributes["messaging.message.id"] == publish.attributes["messaging.message.id"]  # type: ignore[index]
    ancestors = {s.context.span_id: s.parent.span_id for s in spans if s.parent}
    node = publish.context.span_id
    while node in ancestors and node != http_server.context.span_id:
        node = ancestors[node]
    assert node == http_server.context.span_id, "the publish span is not under the HTTP request"
