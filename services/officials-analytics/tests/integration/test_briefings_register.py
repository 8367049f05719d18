"""The briefing written by a model under the real register (started through its entry point)
and a fake OpenAI-compatible server over HTTP: its own entry (« Synthèses mensuelles pour
les élus », purpose ``official-briefing``) approved through the register's API, beside the
forecasts' entry; the model's sentences checked figure by figure (one with an invented figure
dropped, and counted), the use in the register's evidence; once the entry is suspended, the
model is no longer asked and the template is shown, saying why."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pyarrow as pa
import pytest

from collectivia.ai.generation import GenerationSettings
from collectivia.officials_analytics.briefings.area import BriefingsSettings
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
PURPOSE = "official-briefing"
WOIPPY = "57480"  # claire.elue's commune
ASKED = {"2026-02": 8, "2026-03": 12}
MODEL_TEXT = (
    "En mars 2026, les habitants ont posé 12 questions, soit 50 % de plus qu'en février. "
    "L'assistant a répondu à toutes : 100 %, comme en février.\n"
    "Sur un an, c'est 3 fois plus."
)
BRIEFING_RECORD: dict[str, Any] = {
    "purpose": PURPOSE,
    "summary": "Rédige en français simple la synthèse mensuelle des indicateurs d'une commune.",
    "description": "Les chiffres calculés reformulés par un modèle de langage, chacun vérifié.",
    "goal": "Informer les élus des principales évolutions du mois.",
    "decision_process": "Informe les élus ; aucune décision individuelle.",
    "automation_level": "decision-support",
    "human_intervention": "Les élus lisent la synthèse avec le détail de chaque chiffre.",
    "affected_groups": "Aucun individu : chiffres agrégés par commune et par mois.",
    "impact": "Faible : information, chaque chiffre vérifié.",
    "risk_class": "limited",
    "risks": [{"description": "Chiffre inventé", "mitigation": "Phrase écartée"}],
}


class FakeModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat completions endpoint; counts what it is asked."""

    asked: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.asked.append(body)
        answer = json.dumps(
            {
                "model": "fake-q4",
                "choices": [{"message": {"content": MODEL_TEXT}, "finish_reason": "stop"}],
            }
        ).encode()
        self.send_response(200 if self.path == "/v1/chat/completions" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def model_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def briefing_system(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> dict[str, Any]:
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        return approved_system(
            http,
            demo_tokens,
            name=f"Synthèses mensuelles pour les élus {uuid.uuid4().hex[:6]}",
            **BRIEFING_RECORD,
        )


@pytest.fixture(scope="module")
def briefing_analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    briefing_system: dict[str, Any],
    model_server: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    sections = [
        AnalyticsAiUseSettings(
            register_grpc_target=running_ethics_register.grpc_target,
            register_public_url=running_ethics_register.base_url,
        ),
        # Found in the register by its purpose and name.
        BriefingsSettings(
            briefing_system_name=briefing_system["name"],
            generation=GenerationSettings.model_validate(
                {"base_url": model_server, "model": "fake"}
            ),
        ),
    ]
    folder = tmp_path_factory.mktemp("briefing-analytics")
    with running_analytics(kafka_server, keycloak_server, folder, supplied=sections) as running:
        write_answers(running.service.get(Warehouse))
        yield running


def write_answers(warehouse: Warehouse) -> None:
    rows = [
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": datetime(int(month[:4]), int(month[5:]), 12, tzinfo=UTC),
            "month": month,
            "answer_id": str(uuid.uuid4()),
            "conversation_id": str(uuid.uuid4()),
            "commune": WOIPPY,
            "theme": "Mairie",
            "outcome": "answered",
            "sources_cited": 1,
        }
        for month, count in ASKED.items()
        for _ in range(count)
    ]
    warehouse.analytics.write(
        "chat-answers",
        pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
        load_id=str(uuid.uuid4()),
        operation="test",
        replace=False,
    )


def explained(register: ServiceProcess, use_id: str) -> dict[str, Any]:
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


def suspend(register: ServiceProcess, system: dict[str, Any], tokens: DemoTokens) -> None:
    officer = bearer(tokens.for_role("ethics-officer"))
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        current = http.get(f"/v1/systems/{system['id']}", headers=officer).json()
        response = http.post(
            f"/v1/systems/{system['id']}/suspend",
            json={"version": current["version"], "reason": "Chiffres à vérifier."},
            headers=officer,
        )
    response.raise_for_status()


def test_the_model_briefing_is_checked_recorded_and_stopped_by_a_suspension(
    briefing_analytics: RunningApp[OfficialsAnalyticsSettings],
    briefing_system: dict[str, Any],
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
) -> None:
    official = bearer(demo_tokens.for_role("official", audience=AUDIENCE))
    with httpx.Client(base_url=briefing_analytics.base_url, timeout=60) as http:
        answer = http.get(f"/v1/briefings/{WOIPPY}", headers=official, params={"month": "2026-03"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["method"] == "model" and body["model"] == "fake"
        assert body["mention"] == "Rédigé avec l'aide de l'IA — chaque chiffre a été vérifié"
        assert [s["text"] for s in body["sentences"]] == [
            "En mars 2026, les habitants ont posé 12 questions, soit 50 % de plus qu'en février.",
            "L'assistant a répondu à toutes : 100 %, comme en février.",
        ]
        # « 3 fois plus » over a year: no figure of a year before was computed.
        assert body["dropped"] == 1
        assert body["dropped_text"] == "1 phrase écartée : chiffre non vérifié"
        assert body["register_url"].endswith(f"/registre/{briefing_system['id']}")
        assert len(FakeModel.asked) == 1
        assert "Questions posées : 12 en mars 2026" in FakeModel.asked[0]["messages"][1]["content"]

        evidence = explained(running_ethics_register, body["use_id"])
        assert evidence["system"]["id"] == briefing_system["id"]
        assert evidence["system"]["purpose"] == PURPOSE
        assert evidence["model"] == "fake"

        # Suspended: the gate hears it; the template is shown, saying why, no model asked.
        suspend(running_ethics_register, briefing_system, demo_tokens)

        def templated() -> dict[str, Any] | None:
            again = http.get(
                f"/v1/briefings/{WOIPPY}", headers=official, params={"month": "2026-03"}
            )
            assert again.status_code == 200, again.text
            shown: dict[str, Any] = again.json()
            return shown if shown["method"] == "template" else None

        refused = wait_until(templated, timeout=30, what="the suspension to reach the gate")
        assert refused is not None
        assert refused["note"].startswith("Le registre des algorithmes n'autorise pas")
        assert refused["mention"] == (
            "Synthèse produite automatiquement à partir des indicateurs calculés"
        )
        assert refused["sentences"][0]["text"].startswith("Questions posées : 12 en mars 2026")
        assert len(FakeModel.asked) == 1
