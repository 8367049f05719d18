"""The register's FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SpanExporter
from starlette.concurrency import run_in_threadpool

from collectivia.core.auth.tokens import TokenVerifier
from collectivia.core.http import add_health_and_tracing, install_problem_handlers
from collectivia.core.telemetry import setup_telemetry
from collectivia.ethics_register.evidence import views as evidence_views
from collectivia.ethics_register.incidents import views as incidents_views
from collectivia.ethics_register.publication import export_views, page_views
from collectivia.ethics_register.runtime import RegisterRuntime
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.ethics_register.systems import triage_views
from collectivia.ethics_register.systems import views as systems_views


def create_app(settings: RegisterSettings, *, span_exporter: SpanExporter | None = None) -> FastAPI:
    telemetry = setup_telemetry(settings, span_exporter)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    telemetry.instrument_httpx(verifier.http)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await run_in_threadpool(RegisterRuntime.start, settings, telemetry, verifier)
        app.state.runtime = runtime
        app.state.registry = runtime.registry
        app.state.incidents = runtime.incidents
        app.state.grpc_port = runtime.grpc_port
        try:
            yield
        finally:
            await run_in_threadpool(runtime.stop)
            telemetry.shutdown()

    app = FastAPI(
        title="CollectivIA — Registre des algorithmes et systèmes d'IA",
        version=settings.service_version,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.token_verifier = verifier
    app.state.telemetry = telemetry
    install_problem_handlers(app)
    app.include_router(systems_views.router)
    app.include_router(evidence_views.router)
    app.include_router(triage_views.router)
    app.include_router(incidents_views.router)
    app.include_router(export_views.router)
    app.include_router(page_views.router)

    add_health_and_tracing(app, telemetry)
    return app
