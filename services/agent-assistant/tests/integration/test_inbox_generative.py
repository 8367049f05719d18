"""The inbox's suggested reply written by a real model (llama.cpp with the tiny packaged
SmolLM2, fixture generation_server) through the gateway, on the real Kafka, Keycloak and
ethics register: its citations checked, the extractive fallback when the model writes
nothing usable, and the suggestion's use recorded ONCE in the register, at the reply with
the agent's review, or at expiry with none.

The knowledge base is a fixed stand-in giving the two town-hall pages of the sample whatever
the question (the search is not under test). The model's French is poor and its answers are
wrong; at temperature 0 they are the same on every run: with these pages, the déchèteries
question gets sentences citing [1], [2] and a [3] that does not exist, and the visit
question gets only citations of sources that do not exist. What is checked is structure and
evidence, never wording."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from agent_assistant_testing.agents import accept_current_charter
from agent_assistant_testing.running import (
    RunningAssistant,
    publisher_as,
    running_assistant,
    sections_for_tests,
    settings_for_tests,
)
from collectivia.agent_assistant import messages
from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.agent_assistant.inbox.citations import cited_numbers
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.suggestion import EXTRACTIVE_MODEL
from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2
from collectivia.platform.events.catalogue import AI_USED, TASK_COMPLETED
from collectivia.testkit.llm_server import GenerationServer
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.generation_model]

METZ = "57463"
GROUNDED = "Les déchèteries acceptent-elles les gravats ?"
UNGROUNDED = "Quand puis-je venir à la mairie ?"
PAGES = [
    Passage(
        "mairie-metz",
        "Horaires de l'hôtel de ville de Metz",
        "https://demo.example/metz/horaires",
        "Horaires\nL'hôtel de ville de Metz accueille le public du lundi au vendredi de 8 h 30 "
        "à 17 h 30.\nLe samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil.",
        1.0,
    ),
    Passage(
        "mairie-montigny",
        "Horaires de la mairie de Montigny-lès-Metz",
        "",
        "La mairie de Montigny-lès-Metz est ouverte du lundi au vendredi de 8 h à 12 h.",
        0.5,
    ),
]
DOCUMENTS = {1: "mairie-metz", 2: "mairie-montigny"}


class TownHallPages(KnowledgeSearch):
    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        return PAGES[:limit]


def assistant(
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    register: ServiceProcess,
    system: dict[str, Any],
    model: GenerationServer,
    database: Path,
    **inbox: Any,
) -> Iterator[RunningAssistant]:
    """``inbox``: the inbox's settings (suggestions' lifetime)."""
    settings = settings_for_tests(kafka, keycloak, database)
    gateway = GatewaySettings(
        generation=model.settings(), model_timeout_seconds=300, max_output_tokens=120
    )
    sections = sections_for_tests(register, system["id"], **inbox)
    with running_assistant(settings, supplied=[*sections, gateway, TownHallPages()]) as running:
        yield running


@pytest.fixture(scope="module")
def generative_inbox(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
    generation_server: GenerationServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    database = tmp_path_factory.mktemp("generative-inbox") / "assistant.db"
    yield from assistant(
        kafka_server,
        keycloak_server,
        running_ethics_register,
        assistant_system,
        generation_server,
        database,
    )


@pytest.fixture(scope="module")
def expiring_inbox(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
    generation_server: GenerationServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    """Suggestions expire a second after they are made."""
    database = tmp_path_factory.mktemp("expiring-inbox") / "assistant.db"
    yield from assistant(
        kafka_server,
        keycloak_server,
        running_ethics_register,
        assistant_system,
        generation_server,
        database,
        suggestion_lifetime_seconds=1,
        suggestion_sweep_seconds=0.2,
    )


def hand_over(running: RunningAssistant, question: str) -> str:
    """A handover published as the citizen chat does; its id."""
    now = Timestamp()
    now.FromDatetime(datetime.now(UTC))
    handoff_id, conversation_id = str(uuid.uuid4()), str(uuid.uuid4())
    with publisher_as(running, "citizen-chat") as publisher:
        publisher.publish(
            chat_pb2.HandoffRequested(
                handoff_id=handoff_id,
                conversation_id=conversation_id,
                commune=METZ,
                theme="Mairie > Horaires",
                turns=[chat_pb2.ConversationTurn(role="citizen", text=question, at=now)],
                requested_at=now,
            ),
            key=conversation_id,
            subject=handoff_id,
            wait=True,
        )
    return handoff_id


def suggested(http: httpx.Client, headers: dict[str, str], handoff_id: str) -> dict[str, Any]:
    def answered() -> httpx.Response | None:
        response = http.get(f"/v1/handoffs/{handoff_id}/suggestion", headers=headers)
        return None if response.status_code == 404 else response

    response = wait_until(answered, timeout=30, what=f"handoff {handoff_id} in the inbox")
    assert response is not None and response.status_code == 200, response
    body: dict[str, Any] = response.json()
    return body


def uses_of(kafka: KafkaServer, system_id: str, use_id: str) -> list[ai_pb2.AiUsed]:
    return [
        e
        for e in events_on(kafka.bootstrap_servers, AI_USED, system_id)
        if isinstance(e, ai_pb2.AiUsed) and e.use_id == use_id
    ]


def completions_of(kafka: KafkaServer, use_id: str) -> list[assistant_pb2.TaskCompleted]:
    return [
        e
        for e in events_on(kafka.bootstrap_servers, TASK_COMPLETED, "etat-civil")
        if isinstance(e, assistant_pb2.TaskCompleted) and e.task_id == use_id
    ]


def in_register(register: ServiceProcess, use_id: str) -> dict[str, Any]:
    """The register's public explanation of the use (CRPA), once it logged it."""

    def logged() -> dict[str, Any] | None:
        with httpx.Client(base_url=register.base_url, timeout=30) as http:
            response = http.get(f"/v1/decisions/{use_id}/explanation")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        explained: dict[str, Any] = response.json()
        return explained

    explained = wait_until(logged, timeout=30, what=f"use {use_id} in the register")
    assert explained is not None
    return explained


@pytest.fixture
def http(generative_inbox: RunningAssistant) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=generative_inbox.base_url, timeout=300) as client:
        yield client


def test_the_model_writes_the_suggestion_its_citations_checked_and_its_use_recorded_once(
    generative_inbox: RunningAssistant,
    http: httpx.Client,
    agent_token: str,
    generation_server: GenerationServer,
    kafka_server: KafkaServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
) -> None:
    accept_current_charter(http, agent_token)
    agent = bearer(agent_token)
    handoff_id = hand_over(generative_inbox, GROUNDED)
    suggestion = suggested(http, agent, handoff_id)

    assert suggestion["generative"] is True
    assert suggestion["model"] == generation_server.model
    assert "intelligence artificielle" in suggestion["notice"]
    written, _, sources = suggestion["text"].partition("\n\nSources :\n")
    # The model's [3] (there are two sources) went with its sentence, and the agent is told.
    assert cited_numbers(written) and set(cited_numbers(written)) <= {1, 2}
    assert "1 phrase(s) du modèle citant une source qui n'existe pas" in suggestion["notice"]
    citations = {c["number"]: c["document_id"] for c in suggestion["citations"]}
    assert citations == {n: DOCUMENTS[n] for n in cited_numbers(written)}
    assert sources.splitlines()[0] == (
        "[1] Horaires de l'hôtel de ville de Metz — https://demo.example/metz/horaires"
    )
    use_id = suggestion["use_id"]
    assert http.get(f"/v1/handoffs/{handoff_id}/suggestion", headers=agent).json() == suggestion

    reply = http.post(
        f"/v1/handoffs/{handoff_id}/reply",
        json={
            "text": written + "\nLe service de l'état civil",
            "suggestion_use_id": use_id,
        },
        headers=agent,
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["human_review"] == "edited" and reply.json()["ai_use_id"] == use_id

    # One record of the use (none at the suggestion), with the review, in the register too.
    system_id = assistant_system["id"]
    [used] = wait_until(lambda: uses_of(kafka_server, system_id, use_id), what="AI_USED")
    assert used.human_review == ai_pb2.HUMAN_REVIEW_EDITED
    assert used.model == generation_server.model and used.parameters["mode"] == "generative"
    assert used.parameters["suggestion"] == "replied"
    assert used.parameters["dropped_sentences"] == "1"
    assert set(used.data_sources) == set(citations.values())
    [done] = wait_until(lambda: completions_of(kafka_server, use_id), what="TASK_COMPLETED")
    assert done.task == assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY and done.generative
    explained = in_register(running_ethics_register, use_id)
    assert explained["contribution"]["human_review"] == "edited"
    assert explained["model"] == generation_server.model


def test_a_model_answer_citing_no_given_source_gives_the_quoted_reply_saying_so(
    generative_inbox: RunningAssistant,
    http: httpx.Client,
    agent_token: str,
    kafka_server: KafkaServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
) -> None:
    accept_current_charter(http, agent_token)
    agent = bearer(agent_token)
    handoff_id = hand_over(generative_inbox, UNGROUNDED)
    suggestion = suggested(http, agent, handoff_id)

    assert suggestion["generative"] is False and suggestion["model"] == EXTRACTIVE_MODEL
    assert suggestion["notice"].startswith(messages.MODEL_UNUSABLE)
    assert "« La mairie de Montigny-lès-Metz est ouverte" in suggestion["text"]
    reply = http.post(
        f"/v1/handoffs/{handoff_id}/reply",
        json={"text": "Venez du lundi au vendredi.", "suggestion_rejected": True},
        headers=agent,
    )
    assert reply.status_code == 200, reply.text

    use_id = suggestion["use_id"]
    [used] = wait_until(
        lambda: uses_of(kafka_server, assistant_system["id"], use_id), what="AI_USED"
    )
    assert used.human_review == ai_pb2.HUMAN_REVIEW_OVERRIDDEN
    assert used.model == EXTRACTIVE_MODEL and used.parameters["fallback"] == "model-unusable"
    explained = in_register(running_ethics_register, use_id)
    assert explained["contribution"]["human_review"] == "overridden"


def test_a_suggestion_nobody_answers_is_recorded_at_expiry_then_withdrawn(
    expiring_inbox: RunningAssistant,
    agent_token: str,
    generation_server: GenerationServer,
    kafka_server: KafkaServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
) -> None:
    with httpx.Client(base_url=expiring_inbox.base_url, timeout=300) as http:
        accept_current_charter(http, agent_token)
        agent = bearer(agent_token)
        handoff_id = hand_over(expiring_inbox, GROUNDED)
        suggestion = suggested(http, agent, handoff_id)
        use_id = suggestion["use_id"]

        [used] = wait_until(
            lambda: uses_of(kafka_server, assistant_system["id"], use_id), what="AI_USED"
        )
        assert used.human_review == ai_pb2.HUMAN_REVIEW_NONE
        assert used.parameters["suggestion"] == "expired"
        # Recorded as it was made: by the model, or by the quoted fallback when the tiny
        # model's answer (its prompt cached by the server, numerics differ) cited nothing.
        assert used.model == suggestion["model"] and used.actor
        assert used.model in {generation_server.model, EXTRACTIVE_MODEL}
        explained = in_register(running_ethics_register, use_id)
        assert explained["contribution"]["human_review"] == "none"
        assert completions_of(kafka_server, use_id) == []

        handoff = http.get(f"/v1/handoffs/{handoff_id}", headers=agent).json()
        assert handoff["status"] == "open" and handoff["ai_use_id"] == ""
        stale = http.post(
            f"/v1/handoffs/{handoff_id}/reply",
            json={"text": "Venez samedi matin, de 9 h à 12 h.", "suggestion_use_id": use_id},
            headers=agent,
        )
        assert stale.status_code == 409, (stale.text, suggestion)
        assert stale.json()["detail"] == messages.STALE_SUGGESTION
        assert http.get(f"/v1/handoffs/{handoff_id}", headers=agent).json()["status"] == "open"
