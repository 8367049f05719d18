from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.performance.service import (
    Measurement,
    Metric,
    PerformanceRecords,
)
from collectivia.ethics_register.publication.views import exports
from collectivia.ethics_register.publication.views import pages as page_routes
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import SystemRead, TransitionRequest, TriageRequest
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.assembly import Provisions
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import NotFound
from collectivia.platform.http import install_problem_handlers
from collectivia.testkit.doubles import RecordingPublisher, make_principal
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE
from ethics_register_testing.publication_samples import complete_body

OFFICER = make_principal("ethics-officer")
ADMIN = make_principal("admin", subject="subject-admin")


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def registry(sessions: sessionmaker[Session]) -> SystemRegistry:
    return SystemRegistry(sessions, RecordingPublisher(), SystemDirectory())


def approve(registry: SystemRegistry, **overrides: Any) -> SystemRead:
    # No personal data, so that no DPO review is needed before approval.
    public_data = [{"name": "Pages service-public.fr", "contains_personal_data": False}]
    body = complete_body(**{"source_data": public_data, **overrides})
    system = registry.register(SystemRecord.model_validate(body), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    for transition, who in ((Transition.SUBMIT, OFFICER), (Transition.APPROVE, ADMIN)):
        request = TransitionRequest(version=system.version)
        system = registry.transition(system.id, transition, request, who)
    return system


class CannedExplanation:
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        return self._data


class CannedEvidence:
    """The evidence log's explanations, as `Evidence.explain` gives them."""

    def __init__(self, explanations: dict[str, Any]) -> None:
        self._explanations = explanations

    def explain(self, use_id: str) -> CannedExplanation:
        if use_id not in self._explanations:
            raise NotFound(messages.use_not_found(use_id))
        return CannedExplanation(self._explanations[use_id])

    def usage(self, system_id: str) -> None:
        return None  # no statistics: the page says how the system is monitored

    def models_in_use(self, system_id: str) -> list[Any]:
        return []  # no use logged yet


class NoMeasurements:
    """No performance measured yet, as `PerformanceRecords.latest` says it."""

    def latest(self, system_id: str) -> None:
        return None


def app_for(
    registry: SystemRegistry,
    explanations: dict[str, Any] | None = None,
    performance: PerformanceRecords | None = None,
) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(exports.router)
    app.include_router(page_routes.router)
    app.state.provisions = Provisions.of(
        {
            SystemRegistry: registry,
            Evidence: CannedEvidence(explanations or {}),
            PerformanceRecords: performance or NoMeasurements(),
        }
    )
    return TestClient(app)


def test_the_register_page_lists_published_systems_only(registry: SystemRegistry) -> None:
    shown = approve(registry, name="Assistant <script>alert(1)</script>")
    draft = registry.register(SystemRecord.model_validate(complete_body(name="Brouillon")), OFFICER)
    page = app_for(registry).get("/registre")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert f'href="/registre/{shown.id}"' in html
    assert "Assistant &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "En service" in html and "Risque limité" in html
    assert "Administration et vie publique" in html
    assert draft.id not in html and "Brouillon" not in html
    assert "/registre/accessibilite" in html


def test_the_detail_page_tells_everything_a_person_needs(registry: SystemRegistry) -> None:
    system = approve(registry)
    client = app_for(registry)
    html = client.get(f"/registre/{system.id}").text
    for heading in (
        "À quoi sert ce système",
        "Qui en est responsable",
        "Place dans les décisions",
        "Contrôle humain",
        "Données utilisées",
        "Risques et mesures prises",
        "Contester une décision",
        "Contacts",
        "Dernière modification",
    ):
        assert f"<h2>{heading}" in html
    assert "Réponse inexacte" in html and "Sources citées, refus" in html
    assert "mailto:algorithmes@demo.collectivia.fr" in html
    assert "Informe seulement : aucune décision n&#x27;en dépend" in html
    assert 'href="/v1/exports/eurocities-ats-0.3.1.json"' in html
    assert html.count("<h1>") == 1


def test_the_detail_page_shows_the_latest_measured_performance(
    registry: SystemRegistry, sessions: sessionmaker[Session]
) -> None:
    system = approve(registry, performance="MASE et MAPE sur les 12 derniers mois.")
    performance = PerformanceRecords(
        sessions, system_exists=registry.exists, find_system=registry.get
    )
    client = app_for(registry, performance=performance)
    before = client.get(f"/registre/{system.id}").text
    assert "<h2>Performances mesurées</h2>" in before
    assert "MASE et MAPE sur les 12 derniers mois." in before
    assert "Aucune mesure de performance n&#x27;a encore été transmise" in before

    def measured(at: datetime, mase: float, run: str) -> Measurement:
        return Measurement(
            event_id=f"event-{run}",
            system_id=system.id,
            system_version=system.version,
            service="officials-analytics",
            measured_at=at,
            metrics=(
                Metric("mase_median", mase, "", "MASE médiane du modèle"),
                Metric("mape_median", 12.5, "%", "MAPE médiane du modèle"),
            ),
            method="Validation glissante sur les 12 derniers mois <connus>.",
            data_sources=("analytics.chat_answers", "eau-telemetrie"),
            samples=4,
            run_id=run,
        )

    performance.record(measured(datetime(2026, 12, 5, 15, 4, tzinfo=UTC), 0.8234, "run-2"))
    # Arrived late, measured earlier: kept in the history, not shown as the latest.
    performance.record(measured(datetime(2026, 11, 5, 15, 4, tzinfo=UTC), 1.5, "run-1"))
    html = client.get(f"/registre/{system.id}").text
    assert "MASE médiane du modèle : <strong>0,823</strong>" in html
    assert "MAPE médiane du modèle : <strong>12,5 %</strong>" in html
    assert "1,5" not in html
    assert "le 05/12/2026 à 15:04 (UTC), par le service officials-analytics" in html
    assert "Validation glissante sur les 12 derniers mois &lt;connus&gt;." in html
    assert "analytics.chat_answers, eau-telemetrie" in html
    assert f'href="/v1/systems/{system.id}/measurements"' in html
    assert "Aucune mesure de performance" not in html

    native = client.get("/v1/exports/register.json").json()["systems"][0]
    assert native["measured_performance"]["metrics"][0]["value"] == pytest.approx(0.8234)
    assert native["measured_performance"]["measured_at"].startswith("2026-12-05T15:04")
    [record] = client.get("/v1/exports/uk-atrs.json").json()["records"]
    model = record["tier_2"]["model_specification"]
    assert model["model_performance"] == (
        "MASE et MAPE sur les 12 derniers mois.\nDernière mesure, le 05/12/2026 (Validation "
        "glissante sur les 12 derniers mois <connus>) : MASE médiane du modèle : 0,823 ; "
        "MAPE médiane du modèle : 12,5 %."
    )


def test_a_draft_has_no_public_page(registry: SystemRegistry) -> None:
    draft = registry.register(SystemRecord.model_validate(complete_body()), OFFICER)
    page = app_for(registry).get(f"/registre/{draft.id}")
    assert page.status_code == 404
    assert "Fiche introuvable" in page.text


def test_exports_hold_published_entries(registry: SystemRegistry) -> None:
    system = approve(registry)
    registry.register(SystemRecord.model_validate(complete_body(name="Brouillon")), OFFICER)
    client = app_for(registry)
    native = client.get("/v1/exports/register.json").json()
    assert [s["id"] for s in native["systems"]] == [system.id]
    ats = client.get("/v1/exports/eurocities-ats-0.3.1.json").json()
    assert [r["uuid"] for r in ats] == [system.id]
    assert ats[0]["documentation"] == f"http://testserver/registre/{system.id}"
    atrs = client.get("/v1/exports/uk-atrs.json").json()
    assert len(atrs["records"]) == 1
    annex = client.get("/v1/exports/ai-act-annex-viii-c.json").json()
    assert annex["deployers_entries"][0]["system_id"] == system.id
    table = client.get("/v1/exports/register.csv")
    assert table.headers["content-type"] == "text/csv; charset=utf-8"
    lines = table.content.decode("utf-8").splitlines()
    assert len(lines) == 2 and "Metz Métropole" in lines[1]


def test_the_form_refuses_an_empty_decision_number(registry: SystemRegistry) -> None:
    client = app_for(registry)
    assert '<form method="post"' in client.get("/registre/expliquer").text
    assert 'name="email"' not in client.get("/registre/expliquer").text  # nothing personal asked
    answer = client.post("/registre/expliquer", data={"decision": "  "})
    assert answer.status_code == 422
    assert "Indiquez le numéro de la décision." in answer.text
    assert 'aria-invalid="true"' in answer.text
    bad = client.post("/registre/expliquer", data={"decision": "<b>x y</b>"})
    assert bad.status_code == 422
    assert 'value="&lt;b&gt;x y&lt;/b&gt;"' in bad.text


def test_the_explanation_is_shown_or_the_decision_said_unknown(registry: SystemRegistry) -> None:
    explanation = {
        "use_id": "use-123",
        "legal_basis": "article R311-3-1-2 du code des relations entre le public et "
        "l'administration",
        "sections": [
            {"title": "Système utilisé", "text": "« Assistant », version 4."},
            {"title": "Paramètres de traitement appliqués", "text": "seuil : <0,7>"},
        ],
    }
    client = app_for(registry, {"use-123": explanation})
    answer = client.post("/registre/expliquer", data={"decision": "use-123"})
    assert answer.status_code == 200
    assert "<h1>Explication de la décision use-123</h1>" in answer.text
    assert "<h2>Paramètres de traitement appliqués</h2>" in answer.text
    assert "seuil : &lt;0,7&gt;" in answer.text
    unknown = client.post("/registre/expliquer", data={"decision": "use-999"})
    assert unknown.status_code == 404
    assert "Décision introuvable" in unknown.text


def test_the_accessibility_statement_is_honest(registry: SystemRegistry) -> None:
    html = app_for(registry).get("/registre/accessibilite").text
    assert "partiellement conformes" in html
    assert "Aucun audit complet" in html
