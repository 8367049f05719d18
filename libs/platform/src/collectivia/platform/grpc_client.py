"""gRPC channels between services: traced, and carrying this service's token."""

from __future__ import annotations

import grpc
from opentelemetry.instrumentation.grpc import client_interceptor, grpcext

from collectivia.platform.auth.grpc_interceptors import ServiceTokenClientInterceptor
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.telemetry import Telemetry


def open_channel(
    target: str, telemetry: Telemetry, tokens: ServiceTokenProvider | None = None
) -> grpc.Channel:
    """A channel to ``target`` whose calls are traced (context propagated to the server) and,
    with ``tokens``, authenticated with a client-credentials token."""
    channel = grpc.insecure_channel(target)
    if tokens is not None:
        channel = grpc.intercept_channel(channel, ServiceTokenClientInterceptor(tokens))
    # OpenTelemetry's interceptor has its own interception layer (grpcext).
    traced: grpc.Channel = grpcext.intercept_channel(  # type: ignore[no-untyped-call]
        channel,
        client_interceptor(tracer_provider=telemetry.tracer_provider),  # type: ignore[no-untyped-call]
    )
    return traced
