"""The agent assistant's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.agent_assistant.charter import views as charter_views
from collectivia.agent_assistant.experiments import views as experiments_views
from collectivia.agent_assistant.inbox import views as inbox_views
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.prompts import views as prompts_views
from collectivia.agent_assistant.runtime import AssistantRuntime
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.statistics import views as statistics_views
from collectivia.agent_assistant.tasks import views as tasks_views
from collectivia.agent_assistant.web import views as web_views
from collectivia.platform.service_app import create_service_app


def create_app(
    settings: AssistantSettings,
    *,
    span_exporter: SpanExporter | None = None,
    knowledge_search: KnowledgeSearch | None = None,
) -> FastAPI:
    """The app; ``knowledge_search`` replaces the chat's Search client (tests)."""
    return create_service_app(
        settings,
        title=f"CollectivIA — Assistant des agents ({settings.collectivity_name})",
        start=lambda telemetry, verifier: AssistantRuntime.start(
            settings, telemetry, verifier, knowledge_search
        ),
        routers=[
            charter_views.router,
            inbox_views.router,
            tasks_views.router,
            prompts_views.router,
            experiments_views.router,
            statistics_views.router,
            web_views.router,  # last: it serves "/"
        ],
        span_exporter=span_exporter,
    )
