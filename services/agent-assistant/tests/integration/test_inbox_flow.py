"""The handover inbox end to end on the real Kafka, Keycloak, ethics register and citizen
chat (both started through their entry points; the chat's gRPC Search over the sample
pages of ``running_citizen_chat``): routing by department, a suggested
reply citing the knowledge base, the reply and its oversight evidence on the broker, and
curated answers reviewed by a second agent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from agent_assistant_testing.agents import accept_current_charter
from agent_assistant_testing.running import RunningAssistant, publisher_as
from collectivia.agent_assistant.inbox.models import HandoffRow
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.settings import AssistantAiUseSettings
from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2
from collectivia.platform.events.catalogue import (
    AI_USED,
    DOCUMENT_PUBLISHED,
    HANDOFF_RESOLVED,
    TASK_COMPLETED,
    EventType,
)
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration

METZ = "57463"
SATURDAY = "Bonjour, l'hôtel de ville est-il ouvert le samedi matin ?"


@pytest.fixture(scope="module")
def assistant_chat_target(running_citizen_chat: ServiceProcess) -> str:
    """The real citizen chat (the sample pages): the inbox searches through it."""
    return running_citizen_chat.grpc_target


@pytest.fixture(scope="module")
def chat_side(agent_assistant: RunningAssistant) -> Iterator[KafkaEventPublisher]:
    """Publishes handovers as the citizen chat does."""
    with publisher_as(agent_assistant, "citizen-chat") as publisher:
        yield publisher


def hand_over(publisher: KafkaEventPublisher, theme: str, commune: str, question: str) -> str:
    now = Timestamp()
    now.FromDatetime(datetime.now(UTC))
    handoff_id, conversation_id = str(uuid.uuid4()), str(uuid.uuid4())
    publisher.publish(
        chat_pb2.HandoffRequested(
            handoff_id=handoff_id,
            conversation_id=conversation_id,
            commune=commune,
            theme=theme,
            turns=[
                chat_pb2.ConversationTurn(role="citizen", text=question, at=now),
                chat_pb2.ConversationTurn(
                    role="assistant", text="Je ne sais pas répondre, un agent va prendre la suite."
                ),
            ],
            contact_channel="conversation",
            requested_at=now,
        ),
        key=conversation_id,
        subject=handoff_id,
        wait=True,
    )
    return handoff_id


@pytest.fixture
def agent(assistant_http: httpx.Client, agent_token: str) -> dict[str, str]:
    accept_current_charter(assistant_http, agent_token)
    return bearer(agent_token)


@pytest.fixture
def second_agent(assistant_http: httpx.Client, second_agent_token: str) -> dict[str, str]:
    accept_current_charter(assistant_http, second_agent_token)
    return bearer(second_agent_token)


def in_inbox(http: httpx.Client, headers: dict[str, str], handoff_id: str) -> dict[str, Any]:
    def listed() -> dict[str, Any] | None:
        response = http.get("/v1/handoffs", headers=headers)
        response.raise_for_status()
        return next((h for h in response.json() if h["id"] == handoff_id), None)

    found = wait_until(listed, timeout=30, what=f"handoff {handoff_id} in the inbox")
    assert found is not None
    return found


def on_topic(kafka: KafkaServer, event_type: EventType[Any], key: str) -> list[Message]:
    return wait_until(
        lambda: events_on(kafka.bootstrap_servers, event_type, key),
        timeout=15,
        what=f"{event_type.ce_type} keyed {key}",
    )


def test_a_handover_lands_in_its_department_inbox_and_nowhere_else(
    agent_assistant: RunningAssistant,
    assistant_http: httpx.Client,
    chat_side: KafkaEventPublisher,
    agent: dict[str, str],
) -> None:
    ours = hand_over(chat_side, "Mairie > Horaires", METZ, SATURDAY)
    theirs = hand_over(chat_side, "Déchets > Déchèteries", METZ, "Les gravats sont-ils acceptés ?")

    found = in_inbox(assistant_http, agent, ours)
    assert found["department"] == "etat-civil" and found["status"] == "open"
    assert found["turns"][0] == {"role": "citizen", "text": SATURDAY, "at": found["turns"][0]["at"]}

    def stored() -> HandoffRow | None:
        with agent_assistant.service.get(Inbox).sessions() as session:
            row: HandoffRow | None = session.get(HandoffRow, theirs)
            return row

    other = wait_until(stored, timeout=30, what="the other handover")
    assert other is not None and other.department == "dechets"
    listed = [h["id"] for h in assistant_http.get("/v1/handoffs", headers=agent).json()]
    assert ours in listed and theirs not in listed
    hidden = assistant_http.get(f"/v1/handoffs/{theirs}", headers=agent)
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == (
        "Cette demande n'existe pas ou n'est pas adressée à votre service."
    )


def test_the_suggestion_quotes_the_knowledge_base_with_citations(
    assistant_http: httpx.Client, chat_side: KafkaEventPublisher, agent: dict[str, str]
) -> None:
    handoff_id = hand_over(chat_side, "Mairie > Horaires", METZ, SATURDAY)
    in_inbox(assistant_http, agent, handoff_id)
    response = assistant_http.get(f"/v1/handoffs/{handoff_id}/suggestion", headers=agent)
    assert response.status_code == 200, response.text
    suggestion = response.json()
    assert suggestion["generative"] is False
    assert suggestion["citations"][0]["document_id"] == "mairie-metz"
    assert (
        "« Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil. » [1]"
        in (suggestion["text"])
    )
    assert (
        "[1] Horaires de l'hôtel de ville de Metz — https://demo.example/metz/horaires"
        in (suggestion["text"])
    )
    assert "sans modèle génératif" in suggestion["notice"]
    # Made once, kept: the same text the second time.
    again = assistant_http.get(f"/v1/handoffs/{handoff_id}/suggestion", headers=agent).json()
    assert again == suggestion


@pytest.mark.parametrize(
    ("edit", "rejected", "review", "expected"),
    [
        ("keep", False, "accepted", ai_pb2.HUMAN_REVIEW_ACCEPTED),
        ("edit", False, "edited", ai_pb2.HUMAN_REVIEW_EDITED),
        ("keep", True, "overridden", ai_pb2.HUMAN_REVIEW_OVERRIDDEN),
    ],
)
def test_the_reply_goes_back_with_the_evidence_of_human_review(
    agent_assistant: RunningAssistant,
    assistant_http: httpx.Client,
    chat_side: KafkaEventPublisher,
    kafka_server: KafkaServer,
    agent: dict[str, str],
    edit: str,
    rejected: bool,
    review: str,
    expected: int,
) -> None:
    handoff_id = hand_over(chat_side, "Mairie > Horaires", METZ, SATURDAY)
    handoff = in_inbox(assistant_http, agent, handoff_id)
    suggested = assistant_http.get(f"/v1/handoffs/{handoff_id}/suggestion", headers=agent)
    text = suggested.json()["text"]
    if edit == "edit":
        text = text.replace("Cordialement,", "Bonne journée,\nLe service de l'état civil")
    response = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/reply",
        json={"text": text, "suggestion_rejected": rejected},
        headers=agent,
    )
    assert response.status_code == 200, response.text
    answered = response.json()
    assert answered["status"] == "resolved" and answered["human_review"] == review

    [resolved] = on_topic(kafka_server, HANDOFF_RESOLVED, handoff["conversation_id"])
    assert isinstance(resolved, chat_pb2.HandoffResolved)
    assert resolved.handoff_id == handoff_id and resolved.reply == text
    assert resolved.department == "etat-civil" and len(resolved.agent) == 32

    system_id = agent_assistant.service.get(AssistantAiUseSettings).system_id
    uses = [
        e
        for e in on_topic(kafka_server, AI_USED, system_id)
        if isinstance(e, ai_pb2.AiUsed) and e.use_id == answered["ai_use_id"]
    ]
    assert [u.human_review for u in uses] == [expected]
    [used] = uses
    assert used.service == "agent-assistant" and used.actor == resolved.agent
    assert list(used.data_sources) == ["mairie-metz"] and used.purpose == "agent-drafting"
    tasks = [
        e
        for e in on_topic(kafka_server, TASK_COMPLETED, "etat-civil")
        if isinstance(e, assistant_pb2.TaskCompleted) and e.task_id == answered["ai_use_id"]
    ]
    assert [t.task for t in tasks] == [assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY]

    twice = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/reply", json={"text": "Encore"}, headers=agent
    )
    assert twice.status_code == 409
    assert twice.json()["detail"] == "Un agent a déjà répondu à cette demande."


def test_a_curated_answer_is_published_only_after_another_agent_approves_it(
    assistant_http: httpx.Client,
    chat_side: KafkaEventPublisher,
    kafka_server: KafkaServer,
    agent: dict[str, str],
    second_agent: dict[str, str],
) -> None:
    handoff_id = hand_over(chat_side, "Mairie > Horaires", METZ, SATURDAY)
    in_inbox(assistant_http, agent, handoff_id)
    proposal = {
        "title": "L'hôtel de ville le samedi",
        "question": "L'hôtel de ville est-il ouvert le samedi ?",
        "answer": "Oui, de 9 h à 12 h, pour les démarches d'état civil.",
    }
    early = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/curated-answers", json=proposal, headers=agent
    )
    assert early.status_code == 422
    assert early.json()["rule"] == "curated-after-reply"
    sent = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/reply", json={"text": proposal["answer"]}, headers=agent
    )
    assert sent.status_code == 200

    proposed = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/curated-answers", json=proposal, headers=agent
    )
    assert proposed.status_code == 201, proposed.text
    proposal_id = proposed.json()["id"]
    assert proposed.json()["status"] == "proposed" and proposed.json()["proposed_by_me"]

    own = assistant_http.post(
        f"/v1/curated-answers/{proposal_id}/review", json={"approve": True}, headers=agent
    )
    assert own.status_code == 422
    assert own.json()["rule"] == "four-eyes"
    assert own.json()["detail"] == (
        "Une réponse type doit être relue par un autre agent que son auteur."
    )

    pending = assistant_http.get("/v1/curated-answers", headers=second_agent).json()
    assert [p["id"] for p in pending if p["id"] == proposal_id] == [proposal_id]
    approved = assistant_http.post(
        f"/v1/curated-answers/{proposal_id}/review",
        json={"approve": True, "comment": "Vérifié avec le service."},
        headers=second_agent,
    )
    assert approved.status_code == 200, approved.text
    document_id = approved.json()["document_id"]
    assert approved.json()["status"] == "published" and document_id

    [published] = on_topic(kafka_server, DOCUMENT_PUBLISHED, document_id)
    assert isinstance(published, lake_pb2.DocumentPublished)
    assert published.origin == "agent-assistant" and published.title == proposal["title"]
    assert proposal["answer"] in published.text and list(published.communes) == [METZ]
    assert published.theme == "Mairie > Horaires"

    again = assistant_http.post(
        f"/v1/curated-answers/{proposal_id}/review", json={"approve": False}, headers=second_agent
    )
    assert again.status_code == 409


def test_bad_input_is_refused_in_french_and_loses_nothing(
    assistant_http: httpx.Client, chat_side: KafkaEventPublisher, agent: dict[str, str]
) -> None:
    handoff_id = hand_over(chat_side, "Mairie > Horaires", METZ, SATURDAY)
    in_inbox(assistant_http, agent, handoff_id)
    reply = f"/v1/handoffs/{handoff_id}/reply"

    empty = assistant_http.post(reply, json={"text": "   "}, headers=agent)
    assert empty.status_code == 422
    assert empty.json()["errors"] == [
        {"field": "text", "message": "Écrivez une réponse à l'habitant."}
    ]
    too_long = assistant_http.post(reply, json={"text": "x" * 5001}, headers=agent)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["message"] == "5000 caractères au plus."
    # Nothing was sent: the handover is still open and can be answered.
    assert assistant_http.get(f"/v1/handoffs/{handoff_id}", headers=agent).json()["status"] == (
        "open"
    )

    bad_status = assistant_http.get("/v1/handoffs", params={"status": "fermé"}, headers=agent)
    assert bad_status.status_code == 422
    assert "open" in bad_status.json()["errors"][0]["message"]
    unknown = assistant_http.get("/v1/handoffs/inconnu/suggestion", headers=agent)
    assert unknown.status_code == 404

    assert assistant_http.post(
        reply, json={"text": "Oui, de 9 h à 12 h."}, headers=agent
    ).is_success
    personal = assistant_http.post(
        f"/v1/handoffs/{handoff_id}/curated-answers",
        json={
            "title": "Horaires",
            "question": "Ouvert le samedi ?",
            "answer": "Écrivez à jeanne.martin@example.fr pour un rendez-vous.",
        },
        headers=agent,
    )
    assert personal.status_code == 422
    [error] = personal.json()["errors"]
    assert error["field"] == "answer" and "données personnelles (EMAIL)" in error["message"]
    no_decision = assistant_http.post("/v1/curated-answers/inconnu/review", json={}, headers=agent)
    assert no_decision.status_code == 422
    assert no_decision.json()["errors"][0]["field"] == "approve"
