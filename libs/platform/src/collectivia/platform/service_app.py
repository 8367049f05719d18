"""The FastAPI application of a service, built the same way for every service: telemetry,
the token verifier, a lifespan that starts the service's runtime (consumers, gRPC server...)
off the event loop and stops it, problem-details errors, the areas' routers, `/healthz` and
server spans. Nothing starts at import time or before the lifespan runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import APIRouter, FastAPI
from opentelemetry.sdk.trace.export import SpanExporter
from starlette.concurrency import run_in_threadpool

from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.http import add_health_and_tracing, install_problem_handlers
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import Telemetry, setup_telemetry


class ServiceRuntime(Protocol):
    """What a service's runtime must offer the app: a way to stop (consumers, gRPC, files)."""

    def stop(self) -> None: ...


RuntimeStarter = Callable[[Telemetry, TokenVerifier], ServiceRuntime]


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    start: RuntimeStarter,
    routers: Sequence[APIRouter],
    span_exporter: SpanExporter | None = None,
) -> FastAPI:
    """``start`` builds the runtime (``app.state.runtime``) when the app starts; routers are
    included in order, so the one serving ``/`` (a web page) comes last."""
    telemetry = setup_telemetry(settings, span_exporter)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    telemetry.instrument_httpx(verifier.http)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await run_in_threadpool(start, telemetry, verifier)
        app.state.runtime = runtime
        try:
            yield
        finally:
            await run_in_threadpool(runtime.stop)
            verifier.http.close()
            telemetry.shutdown()

    app = FastAPI(title=title, version=settings.service_version, lifespan=lifespan)
    app.state.settings = settings
    app.state.token_verifier = verifier
    app.state.telemetry = telemetry
    install_problem_handlers(app)
    for router in routers:
        app.include_router(router)
    add_health_and_tracing(app, telemetry)
    return app
