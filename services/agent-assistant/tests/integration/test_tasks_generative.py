"""The generative path through the gateway against a real OpenAI-compatible server
(llama.cpp with a tiny packaged model, fixture generation_server), over REST on the real
Kafka, Keycloak and register. The model's French is poor: what is checked is how the text
flows (streamed, restored, marked for publication, reviewed) and the evidence."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent_assistant_testing.agents import accept_current_charter
from agent_assistant_testing.running import (
    RunningAssistant,
    running_assistant,
    sections_for_tests,
    settings_for_tests,
)
from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.agent_assistant.tasks.publication import MARKING
from collectivia.events.v1 import ai_pb2, assistant_pb2
from collectivia.platform.events.catalogue import AI_USED, TASK_COMPLETED
from collectivia.testkit.llm_server import GenerationServer
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.generation_model]

NOTICE = "La mairie de Metz sera fermée le lundi 2 juin. Écrivez à m.durand@mairie-metz.fr."


@pytest.fixture(scope="module")
def generative_assistant(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
    generation_server: GenerationServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    database: Path = tmp_path_factory.mktemp("generative-assistant") / "assistant.db"
    settings = settings_for_tests(kafka_server, keycloak_server, database)
    gateway = GatewaySettings(
        # The tiny model is slow on a shared CI machine: short outputs.
        generation=generation_server.settings(),
        model_timeout_seconds=300,
        max_output_tokens=24,
    )
    sections = sections_for_tests(running_ethics_register, assistant_system["id"])
    with running_assistant(settings, supplied=[*sections, gateway]) as running:
        yield running


@pytest.fixture
def http(generative_assistant: RunningAssistant) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=generative_assistant.base_url, timeout=300) as client:
        yield client


@pytest.fixture
def agent(http: httpx.Client, agent_token: str) -> dict[str, str]:
    accept_current_charter(http, agent_token)
    return bearer(agent_token)


def test_a_rewrite_for_publication_is_generated_marked_then_reviewed(
    http: httpx.Client,
    agent: dict[str, str],
    assistant_system: dict[str, Any],
    generation_server: GenerationServer,
    kafka_server: KafkaServer,
) -> None:
    response = http.post(
        "/v1/tasks/plain-language", json={"text": NOTICE, "for_publication": True}, headers=agent
    )
    assert response.status_code == 200, response.text
    produced = response.json()
    assert produced["production"]["generative"] is True
    assert produced["production"]["model"] == generation_server.model
    assert "intelligence artificielle" in produced["production"]["notice"]
    assert produced["marked"] is True and produced["marking"] == MARKING
    assert produced["text"].endswith(MARKING) and len(produced["text"]) > len(MARKING)

    def on_the_broker(event_type: Any, key: str) -> list[Any]:
        return [
            e
            for e in events_on(kafka_server.bootstrap_servers, event_type, key)
            if getattr(e, "use_id", getattr(e, "task_id", "")) == produced["task_id"]
        ]

    used = wait_until(lambda: on_the_broker(AI_USED, assistant_system["id"]), what="AI_USED")
    done = wait_until(lambda: on_the_broker(TASK_COMPLETED, "etat-civil"), what="completion")
    assert isinstance(used[0], ai_pb2.AiUsed) and isinstance(done[0], assistant_pb2.TaskCompleted)
    assert used[0].parameters["mode"] == "generative" and used[0].model == generation_server.model
    assert used[0].parameters["masked_items"] == "1"
    assert done[0].generative

    reviewed_text = produced["text"].replace(MARKING, "").strip() + "\nRelu par le service."
    review = http.post(
        f"/v1/tasks/{produced['task_id']}/editorial-review",
        json={"text": reviewed_text},
        headers=agent,
    )
    assert review.status_code == 201, review.text
    assert MARKING not in review.json()["text"]
    again = http.post(
        f"/v1/tasks/{produced['task_id']}/editorial-review",
        json={"text": reviewed_text},
        headers=agent,
    )
    assert again.status_code == 409


def test_a_summary_streams_from_the_model(http: httpx.Client, agent: dict[str, str]) -> None:
    text = (
        "Le conseil municipal a voté le budget de la ville.\n\n"
        "Les travaux de la rue Serpenoise commencent en septembre."
    )
    response = http.post(
        "/v1/tasks/summaries",
        data={"text": text, "max_words": "30"},
        headers={**agent, "Accept": "text/event-stream"},
    )
    assert response.status_code == 200
    events = []
    for block in response.text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    assert events[0][0] == "started" and events[0][1]["production"]["generative"] is True
    deltas = [data["text"] for name, data in events if name == "delta"]
    assert len(deltas) > 1  # streamed token by token, not computed whole
    assert events[-1][0] == "done" and events[-1][1]["text"] == "".join(deltas).strip()
    assert events[-1][1]["sentences"] == []  # written by the model, not quoted


def test_special_categories_never_reach_the_model(
    http: httpx.Client, agent: dict[str, str]
) -> None:
    response = http.post(
        "/v1/tasks/plain-language",
        json={"text": "M. Durand, atteint d'un cancer, demande une aide à domicile."},
        headers=agent,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["rule"] == "special-categories" and "santé" in body["detail"]


HEALTH_REQUEST = "M. Durand, atteint d'un cancer, demande une aide à domicile."


@pytest.fixture(scope="module")
def special_category_assistant(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
    generation_server: GenerationServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    """An assistant whose register entry declares special categories of personal data and
    was approved with them (favourable DPO review, DPIA)."""
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as client:
        system = approved_system(
            client,
            demo_tokens,
            dpo_favourable=True,
            name=f"Assistant des agents, données sensibles {uuid.uuid4().hex[:6]}",
            purpose="agent-drafting",
            special_category_data=True,
            dpia={"summary": "AIPD : données de santé des demandes d'aide à domicile."},
        )
    database: Path = tmp_path_factory.mktemp("special-category-assistant") / "assistant.db"
    settings = settings_for_tests(kafka_server, keycloak_server, database)
    gateway = GatewaySettings(
        generation=generation_server.settings(), model_timeout_seconds=300, max_output_tokens=24
    )
    sections = sections_for_tests(running_ethics_register, system["id"])
    with running_assistant(settings, supplied=[*sections, gateway]) as running:
        yield running


def test_special_categories_reach_a_model_the_register_approved_for_them(
    special_category_assistant: RunningAssistant, agent_token: str
) -> None:
    with httpx.Client(base_url=special_category_assistant.base_url, timeout=300) as client:
        accept_current_charter(client, agent_token)
        response = client.post(
            "/v1/tasks/plain-language",
            json={"text": HEALTH_REQUEST},
            headers=bearer(agent_token),
        )
    assert response.status_code == 200, response.text
    assert response.json()["production"]["generative"] is True
