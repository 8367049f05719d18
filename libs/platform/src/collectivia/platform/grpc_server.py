"""gRPC server plumbing: domain errors become status codes here, once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import grpc
from opentelemetry.instrumentation.grpc import server_interceptor

from collectivia.platform.errors import DomainError
from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)

Behaviour = Callable[[Any, grpc.ServicerContext], Any]

# gRPC's own default limit on a received message.
DEFAULT_MAX_RECEIVE_BYTES = 4 * 1024 * 1024

# grpc-stubs makes the interceptor classes generic; at run time they are not subscriptable.
if TYPE_CHECKING:
    ServerInterceptorBase = grpc.ServerInterceptor[Any, Any]
    UnaryUnaryClientInterceptorBase = grpc.UnaryUnaryClientInterceptor[Any, Any]
else:
    ServerInterceptorBase = grpc.ServerInterceptor
    UnaryUnaryClientInterceptorBase = grpc.UnaryUnaryClientInterceptor


def wrap_unary_behaviour(
    handler: grpc.RpcMethodHandler[Any, Any], wrap: Callable[[Behaviour], Behaviour]
) -> grpc.RpcMethodHandler[Any, Any]:
    """The same handler with its unary-unary behaviour wrapped; other kinds unchanged."""
    if handler.unary_unary is None:
        return handler
    return grpc.unary_unary_rpc_method_handler(
        wrap(handler.unary_unary),
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def abort_handler(
    handler: grpc.RpcMethodHandler[Any, Any], error: DomainError
) -> grpc.RpcMethodHandler[Any, Any]:
    """A handler that answers ``error`` as a gRPC status without running the method."""

    def abort(_behaviour: Behaviour) -> Behaviour:
        def call(request: Any, context: grpc.ServicerContext) -> Any:
            context.abort(error.grpc_code, error.detail)

        return call

    return wrap_unary_behaviour(handler, abort)


class DomainErrorInterceptor(ServerInterceptorBase):
    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None

        def map_errors(behaviour: Behaviour) -> Behaviour:
            def call(request: Any, context: grpc.ServicerContext) -> Any:
                try:
                    return behaviour(request, context)
                except DomainError as error:
                    context.abort(error.grpc_code, error.detail)

            return call

        return wrap_unary_behaviour(handler, map_errors)


def build_grpc_server(
    telemetry: Telemetry,
    interceptors: list[grpc.ServerInterceptor[Any, Any]],
    max_workers: int = 8,
    max_receive_bytes: int = DEFAULT_MAX_RECEIVE_BYTES,
) -> grpc.Server:
    """A threaded server: tracing first (so refused calls are traced), then ``interceptors``,
    then domain-error mapping closest to the servicer.

    ``max_receive_bytes``: the largest request accepted (gRPC's own default, 4 MiB, unless
    a service takes larger uploads: it passes its upload limit plus a margin for the other
    fields, so that a file over its limit still reaches it and gets its own French refusal,
    instead of gRPC's RESOURCE_EXHAUSTED in English)."""
    return grpc.server(
        ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="grpc"),
        interceptors=[
            server_interceptor(tracer_provider=telemetry.tracer_provider),  # type: ignore[no-untyped-call]
            *interceptors,
            DomainErrorInterceptor(),
        ],
        options=[("grpc.max_receive_message_length", max_receive_bytes)],
    )
