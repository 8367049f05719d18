"""The FastAPI application of a service, built the same way for every service from its
definition: telemetry, the token verifier, a lifespan that assembles the service from its
areas off the event loop (and stops it), problem-details errors, the security headers of
every response, the API's documentation page, the areas' routers in the areas' order,
``/healthz``, ``/readyz`` and server spans. Nothing starts at import time.

Views reach one object of the running service — their area's service, the settings, a
section — with ``Depends(provided(SystemRegistry))``, never the whole service.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from opentelemetry.sdk.trace.export import SpanExporter
from starlette.concurrency import run_in_threadpool

from collectivia.platform import messages
from collectivia.platform.api_docs import api_docs_router
from collectivia.platform.assembly import Provisions, RunningService, assemble
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.http import add_health_and_tracing, install_problem_handlers
from collectivia.platform.problem_schema import declare_problems
from collectivia.platform.security_headers import SecurityHeadersMiddleware
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)


def provided(cls: type[T]) -> Callable[[Request], T]:
    """A dependency giving the running service's object of type ``cls``."""

    def dependency(request: Request) -> T:
        provisions: Provisions | None = getattr(request.app.state, "provisions", None)
        if provisions is None:
            raise DependencyUnavailable(messages.STARTING)
        return provisions.get(cls)

    dependency.__name__ = f"provided_{cls.__name__}"
    return dependency


def create_app(
    definition: ServiceDefinition[S],
    settings: S,
    *,
    supplied: Iterable[object] = (),
    span_exporter: SpanExporter | None = None,
) -> FastAPI:
    """``supplied`` objects (a section, a test's replacement for an area's dependency) are
    offered to the areas before they are built; ``span_exporter`` receives every span
    (tests)."""
    telemetry = setup_telemetry(settings, span_exporter)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    telemetry.instrument_httpx(verifier.http)
    extra = tuple(supplied)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            service = await run_in_threadpool(
                assemble,
                definition.areas,
                settings=settings,
                telemetry=telemetry,
                verifier=verifier,
                supplied=extra,
                engine_factory=definition.engine_factory,
            )
        except BaseException:
            verifier.http.close()
            telemetry.shutdown()
            raise
        app.state.service = service
        app.state.provisions = service.provisions
        try:
            yield
        finally:
            await run_in_threadpool(service.stop)
            verifier.http.close()
            telemetry.shutdown()

    title = definition.title(settings)
    app = FastAPI(
        title=title,
        version=settings.service_version,
        lifespan=lifespan,
        # Their pages start with inline scripts: /docs is the platform's own, below.
        docs_url=None,
        redoc_url=None,
    )
    app.state.token_verifier = verifier
    app.add_middleware(SecurityHeadersMiddleware)
    install_problem_handlers(app)
    app.include_router(api_docs_router(title))
    for area in definition.areas:
        for router in area.routers:
            app.include_router(router)
    add_health_and_tracing(app, telemetry, ready=lambda: _ready(app))
    declare_problems(app)
    return app


def running_service(app: FastAPI) -> RunningService:
    """The service an app's lifespan assembled (tests and commands)."""
    service: RunningService = app.state.service
    return service


def _ready(app: FastAPI) -> bool:
    service: Any = getattr(app.state, "service", None)
    return isinstance(service, RunningService) and service.ready
