"""The citizen chat's FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SpanExporter
from starlette.concurrency import run_in_threadpool

from collectivia.citizen_chat.conversations import views as conversation_views
from collectivia.citizen_chat.feedback import views as feedback_views
from collectivia.citizen_chat.handover import views as handover_views
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.web import views as web_views
from collectivia.core.auth.tokens import TokenVerifier
from collectivia.core.http import add_health_and_tracing, install_problem_handlers
from collectivia.core.telemetry import setup_telemetry


def create_app(
    settings: ChatSettings,
    *,
    span_exporter: SpanExporter | None = None,
    knowledge: KnowledgeBase | None = None,
) -> FastAPI:
    """The app; ``knowledge`` replaces the knowledge base loaded from the settings (tests)."""
    telemetry = setup_telemetry(settings, span_exporter)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    telemetry.instrument_httpx(verifier.http)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await run_in_threadpool(ChatRuntime.start, settings, telemetry, knowledge)
        app.state.runtime = runtime
        try:
            yield
        finally:
            await run_in_threadpool(runtime.stop)
            telemetry.shutdown()

    app = FastAPI(
        title=f"CollectivIA — Assistant citoyen ({settings.collectivity_name})",
        version=settings.service_version,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.token_verifier = verifier
    app.state.telemetry = telemetry
    install_problem_handlers(app)

    app.include_router(conversation_views.router)
    app.include_router(feedback_views.router)
    app.include_router(handover_views.router)
    app.include_router(web_views.router)

    add_health_and_tracing(app, telemetry)
    return app
