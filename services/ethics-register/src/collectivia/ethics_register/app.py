"""The register's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.core.service_app import create_service_app
from collectivia.ethics_register.evidence import views as evidence_views
from collectivia.ethics_register.incidents import views as incidents_views
from collectivia.ethics_register.literacy import views as literacy_views
from collectivia.ethics_register.publication import export_views, page_views
from collectivia.ethics_register.runtime import RegisterRuntime
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.ethics_register.systems import triage_views
from collectivia.ethics_register.systems import views as systems_views


def create_app(settings: RegisterSettings, *, span_exporter: SpanExporter | None = None) -> FastAPI:
    return create_service_app(
        settings,
        title="CollectivIA — Registre des algorithmes et systèmes d'IA",
        start=lambda telemetry, verifier: RegisterRuntime.start(settings, telemetry, verifier),
        routers=[
            systems_views.router,
            evidence_views.router,
            triage_views.router,
            incidents_views.router,
            literacy_views.router,
            export_views.router,
            page_views.router,
        ],
        span_exporter=span_exporter,
    )
