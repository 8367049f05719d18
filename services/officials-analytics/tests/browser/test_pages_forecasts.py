"""The forecasts' screen in a real Chromium, under the real register (started through its
entry point, the forecasting entry approved through its API): 30 months of questions in
57480 are forecast; claire.elue reads the forecast with « Prévision produite par un
algorithme », the link to the entry in the register and the error measured on the past
beside it, its table of months and intervals; the council's report says the same; axe-core
finds nothing."""

from __future__ import annotations

import io
import math
import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pyarrow as pa
import pypdf
import pytest
from playwright.sync_api import Page, expect

from collectivia.officials_analytics.forecasts.series import month_before, months_between
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.settings import (
    AnalyticsAiUseSettings,
    OfficialsAnalyticsSettings,
)
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from officials_analytics_testing.running import running_analytics

pytestmark = [pytest.mark.integration, pytest.mark.browser]

COMMUNE = "57480"
AUDIENCE = "officials-analytics"
FORECASTING: dict[str, Any] = {
    "purpose": "territorial-forecasting",
    "summary": "Prévoit à six mois la demande au service citoyen et la consommation d'eau.",
    "description": "Séries mensuelles agrégées du territoire, prévues par lissage exponentiel.",
    "goal": "Aider les élus à anticiper la demande et les consommations.",
    "decision_process": "Informe les élus ; aucune décision individuelle.",
    "automation_level": "decision-support",
    "human_intervention": "Les élus et les services lisent la prévision avec son erreur.",
    "affected_groups": "Aucun individu : séries agrégées par mois.",
    "impact": "Faible : aide à la planification, erreur mesurée affichée.",
    "risk_class": "minimal",
    "risks": [{"description": "Prévision erronée", "mitigation": "Erreur mesurée affichée"}],
    "source_data": [{"name": "Réponses de l'assistant citoyen (analytics.chat_answers)"}],
    "training_data": "Historique mensuel agrégé, réajusté à chaque calcul.",
    "connected_data_sources": "Tables d'analyse du pilotage des élus.",
    "algorithm_type": "machine-learning",
    "output_type": "predictive",
    "methods_and_models": "Lissage exponentiel (AutoETS, statsforecast).",
    "performance": "MASE et MAPE sur les 12 derniers mois, à chaque calcul.",
}


@pytest.fixture(scope="module")
def forecasting_system(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> dict[str, Any]:
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        return approved_system(
            http,
            demo_tokens,
            {"interacts_with_people": False, "generates_content": False},
            name=f"Prévisions mensuelles pour les élus {uuid.uuid4().hex[:6]}",
            **FORECASTING,
        )


def questions() -> pa.Table:
    """30 complete months of seasonal questions in 57480, up to last month."""
    current = datetime.now(ZoneInfo("Europe/Paris")).strftime("%Y-%m")
    last = month_before(current)
    first = last
    for _ in range(29):
        first = month_before(first)
    rows: list[dict[str, Any]] = []
    for index, month in enumerate(months_between(first, last)):
        count = 30 + round(8 * math.sin(2 * math.pi * index / 12)) + (index * 7) % 5 - 2
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "month": month,
                "conversation_id": str(uuid.uuid4()),
                "commune": COMMUNE,
                "theme": "Déchets",
                "outcome": "answered",
            }
            for _ in range(count)
        ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module")
def analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    forecasting_system: dict[str, Any],
    demo_tokens: DemoTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    """The analytics under the real register, the questions written and their forecast
    computed once (the page then reads it as it is kept)."""
    sections = [
        AnalyticsAiUseSettings(
            register_grpc_target=running_ethics_register.grpc_target,
            register_public_url=running_ethics_register.base_url,
            system_id=forecasting_system["id"],
        ),
        ForecastSettings(forecast_refresh_hours=0),
    ]
    folder = tmp_path_factory.mktemp("forecasts-page")
    with running_analytics(kafka_server, keycloak_server, folder, supplied=sections) as running:
        running.service.get(Warehouse).analytics.write(
            "chat-answers", questions(), load_id="test", operation="test", replace=False
        )
        official = bearer(demo_tokens.for_role("official", audience=AUDIENCE))
        with httpx.Client(base_url=running.base_url, timeout=300, headers=official) as http:
            made = http.get("/v1/forecasts", params={"series": "demand", "commune": COMMUNE})
        assert made.status_code == 200, made.text
        assert made.json()["forecast"], made.json()
        yield running


def test_an_official_reads_a_forecast_that_declares_itself(
    official_page: Page,
    forecasting_system: dict[str, Any],
    running_ethics_register: ServiceProcess,
    tmp_path: Path,
) -> None:
    page = official_page
    errors = console_errors(page)
    entry = f"{running_ethics_register.base_url}/registre/{forecasting_system['id']}"

    page.get_by_role("link", name="Prévisions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prévisions")
    demand = page.get_by_role("region", name="Demandes au service citoyen — commune 57480")
    expect(demand.locator(".mention-ia")).to_have_text(
        "Prévision produite par un algorithme", timeout=60_000
    )
    link = demand.get_by_role(
        "link", name="Fiche de l'algorithme au registre public des algorithmes"
    )
    expect(link).to_have_attribute("href", entry)
    # The error measured on the past, beside the forecast, with the naive reference.
    expect(demand.locator(".erreur-mesuree")).to_contain_text(
        re.compile(r"^Erreur mesurée sur les 12 derniers mois connus : MASE \d+,\d+")
    )
    expect(demand.locator(".erreur-mesuree")).to_contain_text("référence naïve saisonnière")
    # Its chart: an image named by its title, its summary (with the mention) as caption.
    drawn = demand.get_by_role(
        "img", name=re.compile(r"^Graphique : Demandes au service citoyen — commune 57480 :")
    )
    expect(drawn).to_be_visible()
    expect(demand.locator("figcaption")).to_contain_text(
        "Prévision produite par un algorithme — Demandes au service citoyen — commune 57480 :"
    )
    months = demand.get_by_role("table", name=re.compile(r"^Prévision : Demandes au service"))
    expect(months.locator("tbody tr")).to_have_count(6)
    expect(page.locator("#previsions-etat")).to_have_text("1 prévision affichée.")
    found = [f"previsions: {v}" for v in axe_violations(page)]
    page.screenshot(path=tmp_path / "previsions-calculees.png", full_page=True)

    # The council's report says the same.
    page.keyboard.press("Alt+Shift+KeyT")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    with page.expect_download() as report:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    pages = pypdf.PdfReader(io.BytesIO(Path(report.value.path()).read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Prévision produite par un algorithme Erreur mesurée sur les 12 derniers mois" in text
    assert entry in text and "Intervalle à 80 %" in text

    assert not found, "\n".join(found)
    assert errors == []
