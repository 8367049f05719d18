"""What fuzzing every gRPC method of the suite found in the platform's server: a request
gRPC cannot parse (not protobuf, a text that is not UTF-8) is the caller's error,
INVALID_ARGUMENT with a French message, never gRPC's own INTERNAL in English; and a refusal
that quotes a huge input is cut, so that the client still gets its code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import pytest
from google.protobuf import struct_pb2
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from collectivia.platform import messages
from collectivia.platform.errors import NotFound
from collectivia.platform.grpc_server import MAX_DETAILS_BYTES, build_grpc_server
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

# A string field (Value.string_value, field 3) whose bytes are not UTF-8.
NOT_UTF8 = b"\x1a\x03\xc3\x28\xff"


def _echo(request: struct_pb2.Value, _context: grpc.ServicerContext) -> struct_pb2.Value:
    return request


def _refuse(request: struct_pb2.Value, _context: grpc.ServicerContext) -> struct_pb2.Value:
    raise NotFound(f"Aucun modèle « {request.string_value} » dans la bibliothèque.")


def _count(
    requests: Iterator[struct_pb2.Value], _context: grpc.ServicerContext
) -> Iterator[struct_pb2.Value]:
    for number, _request in enumerate(requests, start=1):
        yield struct_pb2.Value(number_value=number)


@contextmanager
def serving() -> Iterator[grpc.Channel]:
    settings = ServiceSettings(service_name="test", client_id="test", client_secret="x")
    server = build_grpc_server(setup_telemetry(settings, InMemorySpanExporter()), [])
    handlers = {
        "Echo": grpc.unary_unary_rpc_method_handler(
            _echo,
            request_deserializer=struct_pb2.Value.FromString,
            response_serializer=struct_pb2.Value.SerializeToString,
        ),
        "Refuse": grpc.unary_unary_rpc_method_handler(
            _refuse,
            request_deserializer=struct_pb2.Value.FromString,
            response_serializer=struct_pb2.Value.SerializeToString,
        ),
        "Count": grpc.stream_stream_rpc_method_handler(
            _count,
            request_deserializer=struct_pb2.Value.FromString,
            response_serializer=struct_pb2.Value.SerializeToString,
        ),
    }
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.T", handlers)])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        server.stop(None)


@pytest.mark.parametrize("payload", [NOT_UTF8, b"\xff\xff\xff\xff\x0f"], ids=["utf8", "garbage"])
def test_an_unreadable_request_is_refused_in_french(payload: bytes) -> None:
    with serving() as channel, pytest.raises(grpc.RpcError) as caught:
        channel.unary_unary("/test.T/Echo", None, None)(payload, timeout=10)
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == messages.UNREADABLE_MESSAGE


def test_an_unreadable_message_in_a_stream_is_refused_in_french() -> None:
    good = struct_pb2.Value(string_value="ok").SerializeToString()
    with serving() as channel:
        answers = channel.stream_stream("/test.T/Count", None, None)(
            iter((good, NOT_UTF8)), timeout=10
        )
        with pytest.raises(grpc.RpcError) as caught:
            list(answers)
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == messages.UNREADABLE_MESSAGE


def test_a_readable_request_still_reaches_the_method() -> None:
    with serving() as channel:
        sent = struct_pb2.Value(string_value="bonjour").SerializeToString()
        answer = channel.unary_unary("/test.T/Echo", None, None)(sent, timeout=10)
    assert struct_pb2.Value.FromString(answer).string_value == "bonjour"


def test_a_refusal_quoting_a_huge_input_keeps_its_code() -> None:
    huge = struct_pb2.Value(string_value="é" * 300_000).SerializeToString()
    with serving() as channel, pytest.raises(grpc.RpcError) as caught:
        channel.unary_unary("/test.T/Refuse", None, None)(huge, timeout=10)
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND
    details = caught.value.details() or ""
    assert details.startswith("Aucun modèle « éé") and details.endswith("…")
    assert MAX_DETAILS_BYTES - 4 < len(details.encode()) <= MAX_DETAILS_BYTES
