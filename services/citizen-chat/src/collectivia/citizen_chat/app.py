"""The citizen chat's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.citizen_chat.conversations import views as conversation_views
from collectivia.citizen_chat.feedback import views as feedback_views
from collectivia.citizen_chat.handover import views as handover_views
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.library import views as library_views
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.web import views as web_views
from collectivia.platform.service_app import create_service_app


def create_app(
    settings: ChatSettings,
    *,
    span_exporter: SpanExporter | None = None,
    knowledge: KnowledgeBase | None = None,
) -> FastAPI:
    """The app; ``knowledge`` replaces the knowledge base loaded from the settings (tests)."""
    return create_service_app(
        settings,
        title=f"CollectivIA — Assistant citoyen ({settings.collectivity_name})",
        start=lambda telemetry, verifier: ChatRuntime.start(
            settings, telemetry, verifier, knowledge
        ),
        routers=[
            conversation_views.router,
            feedback_views.router,
            handover_views.router,
            library_views.router,
            web_views.router,  # last: it serves "/"
        ],
        span_exporter=span_exporter,
    )
