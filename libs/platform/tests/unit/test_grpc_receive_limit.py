"""The gRPC server's limit on a received message: gRPC's 4 MiB by default, or what the
service asks for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from collectivia.platform.grpc_server import DEFAULT_MAX_RECEIVE_BYTES, build_grpc_server
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

SIZE = "/test.Upload/Size"


def _size(request: bytes, _context: grpc.ServicerContext) -> bytes:
    return str(len(request)).encode()


@contextmanager
def serving(**limits: Any) -> Iterator[grpc.Channel]:
    settings = ServiceSettings(service_name="test", client_id="test", client_secret="x")
    server = build_grpc_server(setup_telemetry(settings, InMemorySpanExporter()), [], **limits)
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                "test.Upload",
                {
                    "Size": grpc.unary_unary_rpc_method_handler(
                        _size, request_deserializer=bytes, response_serializer=bytes
                    )
                },
            )
        ]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        server.stop(None)


def send(channel: grpc.Channel, size: int) -> bytes:
    stub = channel.unary_unary(SIZE, request_serializer=bytes, response_deserializer=bytes)
    answer: bytes = stub(b"x" * size, timeout=30)
    return answer


def test_the_default_limit_is_grpcs_own() -> None:
    with serving() as channel:
        assert send(channel, DEFAULT_MAX_RECEIVE_BYTES - 1024) == b"%d" % (
            DEFAULT_MAX_RECEIVE_BYTES - 1024
        )
        with pytest.raises(grpc.RpcError) as caught:
            send(channel, DEFAULT_MAX_RECEIVE_BYTES + 1)
    assert caught.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED


def test_a_service_raises_its_limit() -> None:
    limit = 6 * 1024 * 1024
    with serving(max_receive_bytes=limit) as channel:
        assert send(channel, DEFAULT_MAX_RECEIVE_BYTES + 1) == b"%d" % (
            DEFAULT_MAX_RECEIVE_BYTES + 1
        )
        with pytest.raises(grpc.RpcError) as caught:
            send(channel, limit + 1)
    assert caught.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
