"""The citizen chat end to end on the real Kafka, Keycloak and ethics register, with the real
embedded encoder on three tiny pages: ask, stream, rate, hand over, suspension, erasure."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from google.protobuf.message import Message

from citizen_chat_testing.running import publisher_as, running_chat, settings_for_tests
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.library.area import LibrarySettings
from collectivia.events.v1 import ai_pb2, chat_pb2
from collectivia.platform.events.catalogue import (
    AI_USED,
    ANSWER_PRODUCED,
    CONVERSATION_ERASED,
    HANDOFF_REQUESTED,
)
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.embedding_model]

METZ = "57463"
EMAIL = "jeanne.martin@example.fr"
PAGES = {
    "horaires.md": (
        "---\nid: horaires\nurl: https://demo.example/horaires\nlicence: Licence Ouverte 2.0\n"
        "published: 2026-01-05\ncommunes: 57463\n---\n# Horaires de l'hôtel de ville\n\n"
        "L'hôtel de ville est ouvert du lundi au vendredi de 8 h 30 à 17 h 30.\n\n"
        "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h.\n"
    ),
    "decheteries.md": (
        "---\nid: decheteries\nurl: https://demo.example/decheteries\npublished: 2020-03-01\n"
        "---\n# Les déchèteries\n\nLes déchèteries acceptent les gravats, le bois et le carton.\n"
    ),
    "macaron.md": (
        "---\nid: macaron\ntheme: Transports > Stationnement\n---\n# Le macaron résidentiel\n\n"
        "Le macaron résidentiel se demande au service du stationnement avec la carte grise.\n"
    ),
}


@pytest.fixture(scope="module")
def chat_url(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("chat")
    pages = folder / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    sections = [
        *chat_register,
        LibrarySettings(knowledge_dir=pages),
        KnowledgeSettings(
            embedding_cache=folder / "embeddings.db",
            qdrant_path=folder / "qdrant",
            embedding_workers=1,
        ),
        ConversationSettings(rate_limit_per_minute=40),
    ]
    settings = settings_for_tests(kafka_server, keycloak_server, folder)
    with running_chat(settings, supplied=sections) as chat:
        yield chat.base_url


@pytest.fixture
def http(chat_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=chat_url, timeout=30) as client:
        yield client


def start(http: httpx.Client, **body: Any) -> str:
    created = http.post("/v1/conversations", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def ask(http: httpx.Client, conversation: str, question: str) -> httpx.Response:
    return http.post(f"/v1/conversations/{conversation}/messages", json={"question": question})


def test_an_answer_is_cited_and_leaves_its_evidence_on_the_broker(
    http: httpx.Client, kafka_server: KafkaServer, register_system: dict[str, Any]
) -> None:
    conversation = start(http, commune=METZ)
    response = ask(http, conversation, "Quels sont les horaires de l'hôtel de ville le samedi ?")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["outcome"] == "answered"
    assert any("samedi" in s["text"] for s in answer["sentences"])
    assert answer["citations"][0]["document_id"] == "horaires"
    assert "[1] Horaires de l'hôtel de ville" in answer["text"]
    assert answer["text"].count("Vous échangez avec un assistant automatisé") == 1
    assert answer["register_url"].endswith(f"/registre/{register_system['id']}")
    assert "Réponse pour la commune de Metz." in answer["text"]

    def evidence() -> list[Message]:
        return [
            e
            for e in events_on(kafka_server.bootstrap_servers, AI_USED, register_system["id"])
            if isinstance(e, ai_pb2.AiUsed) and e.use_id == answer["answer_id"]
        ]

    [used] = wait_until(evidence, timeout=15, what="AI_USED on the broker")
    assert isinstance(used, ai_pb2.AiUsed)
    assert used.outcome == ai_pb2.OUTCOME_COMPLETED and list(used.data_sources) == ["horaires"]
    assert used.parameters["confidence"] and len(used.trace_id) == 32
    [produced] = wait_until(
        lambda: events_on(kafka_server.bootstrap_servers, ANSWER_PRODUCED, conversation),
        timeout=15,
        what="ANSWER_PRODUCED on the broker",
    )
    assert isinstance(produced, chat_pb2.AnswerProduced)
    assert produced.answer_id == answer["answer_id"] and produced.commune == METZ


def test_the_answer_streams_sentence_by_sentence(http: httpx.Client) -> None:
    conversation = start(http)
    with http.stream(
        "POST",
        f"/v1/conversations/{conversation}/messages",
        json={"question": "Les déchèteries acceptent-elles les gravats ?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = [block.split("\n", 1) for block in body.strip().split("\n\n")]
    names = [name.removeprefix("event: ") for name, _ in events]
    assert names[0] == "meta" and names[-1] == "done" and "sentence" in names
    done = json.loads(events[-1][1].removeprefix("data: "))
    assert "date de 2020" in done["text"]


def test_bad_input_and_unknown_ids_are_problems(http: httpx.Client) -> None:
    conversation = start(http)
    too_long = ask(http, conversation, "x" * 2001)
    assert too_long.status_code == 422
    assert too_long.headers["content-type"] == "application/problem+json"
    assert too_long.json()["errors"][0] == {
        "field": "question",
        "message": "2000 caractères au plus",
    }
    assert http.get(f"/v1/conversations/{conversation}").json()["turns"] == []
    assert ask(http, str(uuid.uuid4()), "Bonjour ?").status_code == 404
    assert http.post("/v1/conversations", json={"commune": "Metz"}).status_code == 422


def test_a_signed_in_conversation_is_visible_to_its_citizen_only(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    token = demo_tokens.for_role("citizen", audience="citizen-chat")
    created = http.post("/v1/conversations", headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.text
    url = f"/v1/conversations/{created.json()['id']}"
    assert http.get(url).status_code == 404
    assert http.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    wrong = http.get(url, headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401


def test_handover_publishes_masked_turns_and_the_agents_reply_comes_back(
    http: httpx.Client, kafka_server: KafkaServer
) -> None:
    conversation = start(http, commune=METZ)
    asked = ask(http, conversation, f"Je suis Jeanne Martin, {EMAIL}, le macaron résidentiel ?")
    assert asked.status_code == 200, asked.text
    handoff = http.post(
        f"/v1/conversations/{conversation}/handoff", json={"channel": "email", "contact": EMAIL}
    )
    assert handoff.status_code == 202, handoff.text
    [requested] = events_on(kafka_server.bootstrap_servers, HANDOFF_REQUESTED, conversation)
    assert isinstance(requested, chat_pb2.HandoffRequested)
    assert requested.contact_channel == "email" and requested.contact == "[EMAIL_1]"
    assert EMAIL.encode() not in requested.SerializeToString()
    assert b"Martin" not in requested.SerializeToString()
    assert [t.role for t in requested.turns] == ["citizen", "assistant"]
    # Routed by the theme of the document the answer cited first.
    assert requested.theme == "Transports > Stationnement"

    # The agent-assistant's reply, as it will publish it.
    with publisher_as("agent-assistant", kafka_server) as agent:
        agent.publish(
            chat_pb2.HandoffResolved(
                handoff_id=handoff.json()["handoff_id"],
                conversation_id=conversation,
                reply="Le macaron se demande au service du stationnement.",
                agent="agent-7",
            ),
            key=conversation,
            wait=True,
        )

    def replied() -> bool:
        turns = http.get(f"/v1/conversations/{conversation}").json()["turns"]
        return bool(turns) and turns[-1]["role"] == "agent"

    wait_until(replied, timeout=15, what="the agent's reply in the conversation")


def test_feedback_and_a_reported_problem_reach_the_register(
    http: httpx.Client,
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
    register_system: dict[str, Any],
) -> None:
    conversation = start(http)
    answer = ask(http, conversation, "Les déchèteries acceptent-elles le bois ?").json()
    url = f"/v1/conversations/{conversation}/answers/{answer['answer_id']}/feedback"
    given = http.post(url, json={"useful": False, "reasons": ["outdated"], "report_problem": True})
    assert given.status_code == 201, given.text
    assert given.json()["incident_reported"] is True
    assert http.post(url, json={"useful": True}).status_code == 409
    assert (
        http.post(url.replace(answer["answer_id"], "nope"), json={"useful": True}).status_code
        == 404
    )
    assert http.post(url, json={"useful": True, "reasons": ["boring"]}).status_code == 422
    # The register has it, for the chat's entry and this answer.
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as reg:
        listed = reg.get(
            "/v1/incidents",
            params={"system_id": register_system["id"]},
            headers={"Authorization": f"Bearer {demo_tokens.for_role('ethics-officer')}"},
        )
    assert listed.status_code == 200, listed.text
    [incident] = [i for i in listed.json() if i["use_id"] == answer["answer_id"]]
    assert incident["category"] == "outdated"


def test_erasure_deletes_the_conversation(http: httpx.Client, kafka_server: KafkaServer) -> None:
    conversation = start(http)
    ask(http, conversation, "Horaires de l'hôtel de ville ?")
    assert http.delete(f"/v1/conversations/{conversation}").status_code == 204
    assert http.get(f"/v1/conversations/{conversation}").status_code == 404
    assert http.delete(f"/v1/conversations/{conversation}").status_code == 404
    # Announced once, for every other copy (the assistant's inbox, the analytics).
    erased = wait_until(
        lambda: events_on(kafka_server.bootstrap_servers, CONVERSATION_ERASED, conversation),
        timeout=15,
        what="conversation-erased on the broker",
    )
    assert [
        (e.conversation_id, e.reason) for e in erased if isinstance(e, chat_pb2.ConversationErased)
    ] == [(conversation, "erasure")]
    assert len(erased) == 1


def test_a_suspension_stops_answers_within_seconds_then_the_rate_limit(
    http: httpx.Client,
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
    register_system: dict[str, Any],
) -> None:
    conversation = start(http, commune=METZ)
    question = "Horaires de l'hôtel de ville ?"
    assert ask(http, conversation, question).json()["outcome"] == "answered"
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as reg:
        version = reg.get(f"/v1/systems/{register_system['id']}").json()["version"]
        suspended = reg.post(
            f"/v1/systems/{register_system['id']}/suspend",
            json={"version": version, "reason": "réponses à vérifier"},
            headers={"Authorization": f"Bearer {demo_tokens.for_role('admin')}"},
        )
    assert suspended.status_code == 200, suspended.text

    def refused() -> dict[str, Any] | None:
        answer: dict[str, Any] = ask(http, conversation, question).json()
        return answer if answer["outcome"] == "unavailable" else None

    answer = wait_until(refused, timeout=5, interval=0.3, what="the chat to stop answering")
    assert answer is not None
    assert not answer["sentences"] and answer["offer_handoff"]
    assert "momentanément indisponible" in answer["text"]

    statuses = [ask(http, conversation, question) for _ in range(45)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "the per-client limit never answered 429"
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["title"] == "Trop de demandes"
