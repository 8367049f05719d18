"""gRPC interceptors for bearer tokens in the ``authorization`` metadata."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from collectivia.platform import messages
from collectivia.platform.auth.principal import Principal
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import DomainError, PermissionDenied, Unauthenticated
from collectivia.platform.grpc_server import (
    Behaviour,
    ServerInterceptorBase,
    UnaryUnaryClientInterceptorBase,
    abort_handler,
    wrap_behaviour,
)

_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "collectivia_grpc_principal", default=None
)


def current_principal() -> Principal:
    """The verified caller of the gRPC method being served."""
    principal = _principal.get()
    if principal is None:
        raise Unauthenticated(messages.NO_CALLER)
    return principal


def _bearer_token(metadata: tuple[Any, ...] | None) -> str:
    for key, value in metadata or ():
        if key == "authorization":
            scheme, _, token = str(value).partition(" ")
            if scheme.lower() == "bearer" and token:
                return token
    raise Unauthenticated(messages.TOKEN_EXPECTED_GRPC)


class BearerTokenServerInterceptor(ServerInterceptorBase):
    """Rejects calls without a valid token; ``service_only_methods`` are kept to services
    (client-credentials tokens), not people."""

    def __init__(self, verifier: TokenVerifier, service_only_methods: frozenset[str]) -> None:
        self._verifier = verifier
        self._service_only = service_only_methods

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Any, Any] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        try:
            principal = self._verifier.verify(
                _bearer_token(handler_call_details.invocation_metadata)
            )
            if method in self._service_only and not principal.is_service_account:
                raise PermissionDenied(messages.SERVICES_ONLY)
        except DomainError as error:
            return abort_handler(handler, error)

        def with_principal(behaviour: Behaviour, streams: bool) -> Behaviour:
            if streams:

                def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                    token = _principal.set(principal)
                    try:
                        yield from behaviour(request, context)
                    finally:
                        _principal.reset(token)

                return stream

            def call(request: Any, context: grpc.ServicerContext) -> Any:
                token = _principal.set(principal)
                try:
                    return behaviour(request, context)
                finally:
                    _principal.reset(token)

            return call

        return wrap_behaviour(handler, with_principal)


class _ClientCallDetails(grpc.ClientCallDetails):
    def __init__(
        self, details: grpc.ClientCallDetails, metadata: list[tuple[str, str | bytes]]
    ) -> None:
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = tuple(metadata)
        self.credentials = details.credentials
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


class ServiceTokenClientInterceptor(UnaryUnaryClientInterceptorBase):
    """Adds this service's client-credentials token to every unary call."""

    def __init__(self, tokens: ServiceTokenProvider) -> None:
        self._tokens = tokens

    def intercept_unary_unary(
        self,
        continuation: Callable[[grpc.ClientCallDetails, Any], Any],
        client_call_details: grpc.ClientCallDetails,
        request: Any,
    ) -> Any:
        metadata = [(k, v) for k, v in (client_call_details.metadata or ()) if k != "authorization"]
        metadata.append(("authorization", f"Bearer {self._tokens.token()}"))
        return continuation(_ClientCallDetails(client_call_details, metadata), request)
