"""gRPC server plumbing: domain errors become status codes here, once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import grpc
from opentelemetry.instrumentation.grpc import server_interceptor

from collectivia.platform import messages
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


# A wrapper of a method's behaviour, given it and whether the method streams its responses
# (its behaviour then returns an iterator run lazily, so the wrapper must be a generator
# too, for what it guards to hold while the responses are produced).
Wrapper = Callable[[Behaviour, bool], Behaviour]

_KINDS: tuple[tuple[str, Callable[..., grpc.RpcMethodHandler[Any, Any]], bool], ...] = (
    ("unary_unary", grpc.unary_unary_rpc_method_handler, False),
    ("unary_stream", grpc.unary_stream_rpc_method_handler, True),
    ("stream_unary", grpc.stream_unary_rpc_method_handler, False),
    ("stream_stream", grpc.stream_stream_rpc_method_handler, True),
)


def wrap_behaviour(
    handler: grpc.RpcMethodHandler[Any, Any],
    wrap: Wrapper,
    request_deserializer: Callable[[bytes], Any] | None = None,
) -> grpc.RpcMethodHandler[Any, Any]:
    """The same handler, of whichever of the four kinds, with its behaviour wrapped: what the
    platform checks (the caller, the errors) holds for streaming methods as for unary ones;
    ``request_deserializer`` replaces the handler's when given."""
    for attribute, make_handler, streams in _KINDS:
        behaviour = getattr(handler, attribute)
        if behaviour is not None:
            return make_handler(
                wrap(behaviour, streams),
                request_deserializer=request_deserializer or handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
    return handler


# A status message travels percent-encoded in the trailers, which a gRPC client may refuse
# past 8 KiB (in English, losing the code): a message quoting a huge input is cut before.
MAX_DETAILS_BYTES = 1500


def grpc_details(detail: str) -> str:
    """``detail``, cut to ``MAX_DETAILS_BYTES`` of UTF-8 (with an ellipsis) when longer."""
    encoded = detail.encode()
    if len(encoded) <= MAX_DETAILS_BYTES:
        return detail
    return encoded[: MAX_DETAILS_BYTES - 3].decode(errors="ignore") + "…"


class _Unreadable:
    """What stands for a request gRPC could not parse (not protobuf, a text not UTF-8)."""


UNREADABLE = _Unreadable()


def tolerant(deserializer: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """``deserializer`` that gives ``UNREADABLE`` instead of raising: gRPC itself would answer
    INTERNAL, in English, to a request it cannot parse, which is the caller's error."""

    def parse(data: bytes) -> Any:
        try:
            return deserializer(data)
        except Exception:  # protobuf's DecodeError, or whatever else a parser raises
            logger.info("unreadable gRPC request (%d bytes)", len(data))
            return UNREADABLE

    return parse


def refuse_unreadable(request_streams: bool) -> Wrapper:
    """A wrapper answering INVALID_ARGUMENT, in French, to an unreadable request (or any
    unreadable message of a request stream) before the method sees it."""

    def check(request: Any, context: grpc.ServicerContext) -> Any:
        if not request_streams:
            if request is UNREADABLE:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, messages.UNREADABLE_MESSAGE)
            return request

        def each(requests: Iterator[Any]) -> Iterator[Any]:
            for item in requests:
                if item is UNREADABLE:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, messages.UNREADABLE_MESSAGE)
                yield item

        return each(request)

    def wrap(behaviour: Behaviour, streams: bool) -> Behaviour:
        if streams:

            def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                yield from behaviour(check(request, context), context)

            return stream

        def call(request: Any, context: grpc.ServicerContext) -> Any:
            return behaviour(check(request, context), context)

        return call

    return wrap


def abort_handler(
    handler: grpc.RpcMethodHandler[Any, Any], error: DomainError
) -> grpc.RpcMethodHandler[Any, Any]:
    """A handler that answers ``error`` as a gRPC status without running the method."""

    def refuse(_behaviour: Behaviour, streams: bool) -> Behaviour:
        if streams:

            def refuse_stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                context.abort(error.grpc_code, grpc_details(error.detail))
                yield from ()  # a generator, like the method it stands for

            return refuse_stream

        def refuse_call(request: Any, context: grpc.ServicerContext) -> Any:
            context.abort(error.grpc_code, grpc_details(error.detail))

        return refuse_call

    return wrap_behaviour(handler, refuse)


def map_domain_errors(behaviour: Behaviour, streams: bool) -> Behaviour:
    """``behaviour`` with its domain errors answered as gRPC statuses (French details)."""
    if streams:

        def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            try:
                yield from behaviour(request, context)
            except DomainError as error:
                context.abort(error.grpc_code, grpc_details(error.detail))

        return stream

    def call(request: Any, context: grpc.ServicerContext) -> Any:
        try:
            return behaviour(request, context)
        except DomainError as error:
            context.abort(error.grpc_code, grpc_details(error.detail))

    return call


class DomainErrorInterceptor(ServerInterceptorBase):
    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        mapped = wrap_behaviour(handler, map_domain_errors)
        if handler.request_deserializer is None:
            return mapped
        return wrap_behaviour(
            mapped,
            refuse_unreadable(handler.request_streaming),
            request_deserializer=tolerant(handler.request_deserializer),
        )


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
