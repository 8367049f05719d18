from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from collectivia.platform.auth.grpc_interceptors import (
    BearerTokenServerInterceptor,
    current_principal,
)
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import NotFound
from collectivia.platform.grpc_server import build_grpc_server
from collectivia.platform.settings import KeycloakSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.local_issuer import LocalIssuer

SETTINGS = KeycloakSettings(url="http://keycloak.test", realm="collectivia")
WHO = "/test.Echo/WhoAmI"
MISSING = "/test.Echo/Missing"
SERVICE_ONLY = "/test.Echo/ServiceOnly"
STREAM = "/test.Echo/Stream"


def _whoami(_request: bytes, _context: grpc.ServicerContext) -> bytes:
    return current_principal().subject.encode()


def _missing(_request: bytes, _context: grpc.ServicerContext) -> bytes:
    raise NotFound("no system 'x' in the register")


def _stream(requests: Iterator[bytes], _context: grpc.ServicerContext) -> Iterator[bytes]:
    """Echoes each request prefixed with the caller; "missing" fails mid-stream."""
    for request in requests:
        if request == b"missing":
            raise NotFound("no system 'x' in the register")
        yield current_principal().subject.encode() + b":" + request


def _handler(behaviour: Any) -> grpc.RpcMethodHandler[bytes, bytes]:
    return grpc.unary_unary_rpc_method_handler(
        behaviour, request_deserializer=bytes, response_serializer=bytes
    )


@pytest.fixture
def channel(issuer: LocalIssuer) -> Iterator[grpc.Channel]:
    settings = ServiceSettings(service_name="test", client_id="ethics-register", client_secret="x")
    exporter = InMemorySpanExporter()
    verifier = TokenVerifier(SETTINGS, "ethics-register", issuer.http_client())
    server = build_grpc_server(
        setup_telemetry(settings, exporter),
        [BearerTokenServerInterceptor(verifier, frozenset({SERVICE_ONLY}))],
    )
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                "test.Echo",
                {
                    "WhoAmI": _handler(_whoami),
                    "Missing": _handler(_missing),
                    "ServiceOnly": _handler(_whoami),
                    "Stream": grpc.stream_stream_rpc_method_handler(
                        _stream, request_deserializer=bytes, response_serializer=bytes
                    ),
                },
            )
        ]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
    server.stop(None)


def call(channel: grpc.Channel, method: str, token: str | None) -> bytes:
    metadata = (("authorization", f"Bearer {token}"),) if token else None
    stub = channel.unary_unary(method, request_serializer=bytes, response_deserializer=bytes)
    result: bytes = stub(b"", metadata=metadata, timeout=10)
    return result


def test_no_token_is_unauthenticated(channel: grpc.Channel) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        call(channel, WHO, None)
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert "jeton (bearer)" in (caught.value.details() or "")


def test_bad_token_is_unauthenticated(channel: grpc.Channel) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        call(channel, WHO, "garbage")
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_the_servicer_sees_the_caller(channel: grpc.Channel, issuer: LocalIssuer) -> None:
    claims = issuer.claims()
    assert call(channel, WHO, issuer.sign(claims, "k1")) == claims["sub"].encode()


def test_domain_errors_become_status_codes(channel: grpc.Channel, issuer: LocalIssuer) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        call(channel, MISSING, issuer.sign(issuer.claims(), "k1"))
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND
    assert "no system" in (caught.value.details() or "")


def test_service_only_methods_refuse_people(channel: grpc.Channel, issuer: LocalIssuer) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        call(channel, SERVICE_ONLY, issuer.sign(issuer.claims(), "k1"))
    assert caught.value.code() is grpc.StatusCode.PERMISSION_DENIED
    service = issuer.claims(preferred_username="service-account-citizen-chat")
    assert call(channel, SERVICE_ONLY, issuer.sign(service, "k1")) == service["sub"].encode()


def stream(channel: grpc.Channel, token: str | None, *requests: bytes) -> list[bytes]:
    metadata = (("authorization", f"Bearer {token}"),) if token else None
    stub = channel.stream_stream(STREAM, request_serializer=bytes, response_deserializer=bytes)
    return list(stub(iter(requests), metadata=metadata, timeout=10))


@pytest.mark.parametrize("token", [None, "garbage"])
def test_a_stream_without_a_valid_token_is_refused_before_it_runs(
    channel: grpc.Channel, token: str | None
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stream(channel, token, b"a")
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_a_stream_sees_its_caller_and_its_domain_errors_become_statuses(
    channel: grpc.Channel, issuer: LocalIssuer
) -> None:
    claims = issuer.claims()
    token = issuer.sign(claims, "k1")
    subject = claims["sub"].encode()
    assert stream(channel, token, b"a", b"b") == [subject + b":a", subject + b":b"]
    with pytest.raises(grpc.RpcError) as caught:
        stream(channel, token, b"a", b"missing")
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND
    assert "no system" in (caught.value.details() or "")
