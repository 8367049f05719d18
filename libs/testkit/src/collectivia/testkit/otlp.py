"""A real OTLP/gRPC trace receiver for tests: services started through their entry points
export their spans to it (``COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT``), as they would to the
collector in production, and tests assert on one trace across processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.trace.v1 import trace_pb2

# OTLP's span kinds, by their names in the protocol.
KINDS = {
    trace_pb2.Span.SPAN_KIND_INTERNAL: "internal",
    trace_pb2.Span.SPAN_KIND_SERVER: "server",
    trace_pb2.Span.SPAN_KIND_CLIENT: "client",
    trace_pb2.Span.SPAN_KIND_PRODUCER: "producer",
    trace_pb2.Span.SPAN_KIND_CONSUMER: "consumer",
}


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: str
    trace_id: str
    span_id: str
    # "" for a root span.
    parent_span_id: str


class _Collector(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.spans: list[ReceivedSpan] = []
        self.lock = threading.Lock()

    def Export(  # noqa: N802 - the protocol's method name
        self,
        request: trace_service_pb2.ExportTraceServiceRequest,
        context: grpc.ServicerContext,
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        received = [
            ReceivedSpan(
                service=_service_name(resource_spans),
                name=span.name,
                kind=KINDS.get(span.kind, "unspecified"),
                trace_id=span.trace_id.hex(),
                span_id=span.span_id.hex(),
                parent_span_id=span.parent_span_id.hex(),
            )
            for resource_spans in request.resource_spans
            for scope_spans in resource_spans.scope_spans
            for span in scope_spans.spans
        ]
        with self.lock:
            self.spans.extend(received)
        return trace_service_pb2.ExportTraceServiceResponse()


def _service_name(resource_spans: trace_pb2.ResourceSpans) -> str:
    for attribute in resource_spans.resource.attributes:
        if attribute.key == "service.name":
            return str(attribute.value.string_value)
    return ""


class SpanReceiver:
    def __init__(self, collector: _Collector, endpoint: str) -> None:
        self._collector = collector
        # What a service's COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT is set to.
        self.endpoint = endpoint

    def spans(self, trace_id: str | None = None) -> list[ReceivedSpan]:
        with self._collector.lock:
            spans = list(self._collector.spans)
        return [s for s in spans if trace_id is None or s.trace_id == trace_id]


@contextmanager
def span_receiver() -> Iterator[SpanReceiver]:
    """A receiver on a free loopback port, until the block ends."""
    collector = _Collector()
    server = grpc.server(ThreadPoolExecutor(max_workers=4, thread_name_prefix="otlp"))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(collector, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield SpanReceiver(collector, f"http://127.0.0.1:{port}")
    finally:
        server.stop(grace=1).wait()
