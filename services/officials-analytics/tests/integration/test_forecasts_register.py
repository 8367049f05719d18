"""Forecasts under the real register (started through its entry point): the forecasting
entry — predictive, its data sources and method declared — approved through the register's
API; a forecast is shown while ``CheckUse`` allows it, with the mention and the link to the
entry, and its use reaches the register's evidence; once the entry is suspended, no
forecast is shown nor computed, and the official reads why, in French. A full run sends its
back-test to the register (``ai.performance-measured``, through the real Kafka): the entry's
public page shows the run's median MASE."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pyarrow as pa
import pytest

from collectivia.officials_analytics.forecasts.series import month_before, months_between
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.officials_analytics.settings import (
    AnalyticsAiUseSettings,
    OfficialsAnalyticsSettings,
)
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until
from officials_analytics_testing.running import running_analytics

pytestmark = pytest.mark.integration

AUDIENCE = "officials-analytics"
PURPOSE = "territorial-forecasting"
WOIPPY = "57480"  # claire.elue's commune
THEME = "Déchets"

# The forecasting entry as the register keeps it: predictive, its data and method declared.
FORECASTING_RECORD: dict[str, Any] = {
    "purpose": PURPOSE,
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
    "source_data": [
        {"name": "Réponses de l'assistant citoyen (analytics.chat_answers)"},
        {"name": "Demandes de mise en relation (analytics.chat_handoffs)"},
        {"name": "Télémétrie du réseau d'eau", "dataset_id": "eau-telemetrie"},
    ],
    "training_data": "Historique mensuel agrégé, réajusté à chaque calcul.",
    "connected_data_sources": "Tables d'analyse du pilotage des élus ; lac de données.",
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
            **FORECASTING_RECORD,
        )


@pytest.fixture(scope="module")
def forecasting_analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    forecasting_system: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    sections = [
        AnalyticsAiUseSettings(
            register_grpc_target=running_ethics_register.grpc_target,
            register_public_url=running_ethics_register.base_url,
            system_id=forecasting_system["id"],
        ),
        # Runs on request only: the test decides when.
        ForecastSettings(forecast_refresh_hours=0),
    ]
    folder = tmp_path_factory.mktemp("forecasting-analytics")
    with running_analytics(kafka_server, keycloak_server, folder, supplied=sections) as running:
        write_demand(running.service.get(Warehouse))
        yield running


def write_demand(warehouse: Warehouse) -> None:
    """30 complete months of seasonal answers on one theme in one commune."""
    current = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m")
    last = month_before(current)
    first = last
    for _ in range(29):
        first = month_before(first)
    rows: list[dict[str, Any]] = []
    for index, month in enumerate(months_between(first, last)):
        count = 30 + round(8 * math.sin(2 * math.pi * index / 12))
        rows.extend(
            {
                "event_id": str(uuid.uuid4()),
                "month": month,
                "commune": WOIPPY,
                "theme": THEME,
                "outcome": "answered",
            }
            for _ in range(count)
        )
    table = pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])
    warehouse.analytics.write(
        "chat-answers", table, load_id=str(uuid.uuid4()), operation="test", replace=True
    )


def explained(register: ServiceProcess, use_id: str) -> dict[str, Any]:
    """The register's public explanation of the use, once its evidence log has it."""

    def logged() -> dict[str, Any] | None:
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            response = http.get(f"/v1/decisions/{use_id}/explanation")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    found = wait_until(logged, timeout=30, what=f"use {use_id} in the register")
    assert found is not None
    return found


def test_a_forecast_is_shown_while_the_register_allows_it_and_its_use_is_in_the_evidence(
    forecasting_analytics: RunningApp[OfficialsAnalyticsSettings],
    forecasting_system: dict[str, Any],
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
) -> None:
    official = bearer(demo_tokens.for_role("official", audience=AUDIENCE))
    admin = bearer(demo_tokens.for_role("admin", audience=AUDIENCE))
    entry_page = f"{running_ethics_register.base_url}/registre/{forecasting_system['id']}"
    with httpx.Client(base_url=forecasting_analytics.base_url, timeout=120) as http:
        # Allowed: history, forecast with its intervals, errors beside the baseline's.
        response = http.get(
            "/v1/forecasts", params={"series": "demand", "theme": THEME}, headers=official
        )
        assert response.status_code == 200, response.text
        shown = response.json()
        assert len(shown["history"]) == 30 and shown["reason"] is None
        assert len(shown["forecast"]) == 6
        assert shown["backtest"]["months"] == 12
        assert shown["backtest"]["model"]["mase"] is not None
        assert shown["backtest"]["baseline"]["mase"] is not None
        assert shown["mention"] == "Prévision produite par un algorithme"
        assert shown["register_url"] == entry_page
        assert shown["model"] == "statsforecast AutoETS"

        # The use is in the register's evidence: model, sources, the run's errors.
        runs = http.get("/v1/forecasts/runs", headers=admin)
        assert runs.status_code == 200, runs.text
        run = runs.json()[0]
        assert run["outcome"] == "completed" and run["system_id"] == forecasting_system["id"]
        evidence = explained(running_ethics_register, run["use_id"])
        assert evidence["model"] == "statsforecast AutoETS"
        assert evidence["system"]["id"] == forecasting_system["id"]
        assert evidence["system"]["purpose"] == PURPOSE
        assert "analytics.chat_answers" in evidence["data_sources"]
        assert float(evidence["parameters"]["mase_median"]) == pytest.approx(
            shown["backtest"]["model"]["mase"], abs=1e-3
        )

        # A full run sends its back-test to the register (ai.performance-measured): the
        # entry's public page shows the run's median MASE, when and how it was measured.
        full = http.post("/v1/forecasts/runs", headers=admin)
        assert full.status_code == 200, full.text
        measured_run = full.json()
        assert measured_run["outcome"] == "completed" and measured_run["model_mase"] is not None
        latest = latest_measurement(running_ethics_register, forecasting_system["id"])
        assert latest["run_id"] == measured_run["id"]
        assert latest["samples"] == measured_run["series_forecast"]
        figures = {metric["name"]: metric["value"] for metric in latest["metrics"]}
        assert figures["mase_median"] == pytest.approx(measured_run["model_mase"])
        assert figures["baseline_mase_median"] == pytest.approx(measured_run["baseline_mase"])
        with httpx.Client(timeout=30) as reader:
            page = reader.get(entry_page)
        assert page.status_code == 200
        mase = f"{measured_run['model_mase']:.3f}".rstrip("0").rstrip(".").replace(".", ",")
        assert (
            f"MASE médiane du modèle (au-dessous de 1 : mieux que la prévision naïve) : "
            f"<strong>{mase}</strong>" in page.text
        )
        assert "Validation glissante sur les 12 derniers mois connus" in page.text
        assert "par le service officials-analytics" in page.text

        # An unknown series, no token, an official asking for a run: refused, in French.
        unknown = http.get("/v1/forecasts", params={"series": "pluie"}, headers=official)
        assert unknown.status_code == 422 and "valeurs possibles" in unknown.text
        assert http.get("/v1/forecasts", params={"series": "demand"}).status_code == 401
        assert http.post("/v1/forecasts/runs", headers=official).status_code == 403

        # Another commune than the official's: refused, in French.
        other = http.get(
            "/v1/forecasts", params={"series": "demand", "commune": "57463"}, headers=official
        )
        assert other.status_code == 403
        assert "vos communes" in other.json()["detail"]

        # The entry suspended: the gate hears it, no forecast is shown any more.
        suspend(running_ethics_register, forecasting_system, demo_tokens)

        def hidden() -> dict[str, Any] | None:
            again = http.get(
                "/v1/forecasts", params={"series": "demand", "theme": THEME}, headers=official
            )
            assert again.status_code == 200, again.text
            body: dict[str, Any] = again.json()
            return body if body["forecast"] is None else None

        refused = wait_until(hidden, timeout=30, what="the suspension to reach the gate")
        assert refused is not None
        assert refused["reason"].startswith("Prévision non affichée : le registre")
        assert entry_page in refused["reason"]
        assert refused["mention"] is None and len(refused["history"]) == 30

        # Nor computed: a run is refused, nothing recorded.
        rerun = http.post("/v1/forecasts/runs", headers=admin)
        assert rerun.status_code == 200, rerun.text
        assert rerun.json()["outcome"] == "refused" and rerun.json()["use_id"] is None


def latest_measurement(register: ServiceProcess, system_id: str) -> dict[str, Any]:
    """The entry's latest measured performance, once the register has consumed a run's."""

    def measured() -> dict[str, Any] | None:
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            response = http.get(f"/v1/systems/{system_id}/measurements", params={"limit": 1})
        response.raise_for_status()
        found: list[dict[str, Any]] = response.json()
        return found[0] if found else None

    found = wait_until(measured, timeout=30, what=f"a measurement of {system_id} in the register")
    assert found is not None
    return found


def suspend(register: ServiceProcess, system: dict[str, Any], tokens: DemoTokens) -> None:
    officer = bearer(tokens.for_role("ethics-officer"))
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        current = http.get(f"/v1/systems/{system['id']}", headers=officer).json()
        response = http.post(
            f"/v1/systems/{system['id']}/suspend",
            json={"version": current["version"], "reason": "Erreurs de prévision à examiner."},
            headers=officer,
        )
    response.raise_for_status()
