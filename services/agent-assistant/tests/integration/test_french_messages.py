"""The assistant answers agents, administrators and integrators in French, over HTTP and gRPC:
what a 403, a 404, a 409, a 422 and a gRPC error say, word for word, on the assistant in
this process (real Kafka, Keycloak and register)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import grpc
import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from agent_assistant_testing.agents import AUDIENCE, accept_current_charter
from agent_assistant_testing.running import RunningAssistant
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.assistant.v1 import assistant_pb2, assistant_pb2_grpc
from collectivia.events.v1 import chat_pb2
from collectivia.testkit.french import assert_french
from collectivia.testkit.french import french_problem as problem
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

Metadata = tuple[tuple[str, str | bytes], ...]


@pytest.fixture
def agent(assistant_http: httpx.Client, agent_token: str) -> dict[str, str]:
    accept_current_charter(assistant_http, agent_token)
    return bearer(agent_token)


def test_the_charter_comes_first_a_french_403_with_its_version(
    assistant_http: httpx.Client, second_agent_token: str
) -> None:
    """An agent who has not accepted the charter of this (new) assistant yet."""
    headers = bearer(second_agent_token)
    text = {"text": "Un texte."}
    refused = assistant_http.post("/v1/tasks/plain-language", json=text, headers=headers)
    body = problem(refused, 403)
    assert body["detail"] == (
        "Veuillez lire et accepter la charte d'utilisation (version 1) avant d'utiliser "
        "l'assistant."
    )
    assert body["title"] == "Accès refusé" and body["type"].endswith("/charter-not-accepted")
    other = assistant_http.post("/v1/charter/acceptances", json={"version": 7}, headers=headers)
    assert problem(other, 409)["detail"] == (
        "La version 7 n'est pas la version en vigueur de la charte (version 1) : relisez la "
        "charte en vigueur."
    )
    missing = problem(assistant_http.post("/v1/charter/acceptances", json={}, headers=headers), 422)
    assert missing["detail"] == "La version acceptée manque."
    assert missing["errors"] == [
        {"field": "version", "message": "Indiquez la version de la charte que vous avez lue."}
    ]


def test_role_refusals_are_french_403s(
    assistant_http: httpx.Client, agent: dict[str, str], demo_tokens: DemoTokens
) -> None:
    charter = {"title": "Charte", "text": "Nouveau texte."}
    body = problem(assistant_http.post("/v1/charter/versions", json=charter, headers=agent), 403)
    assert body["detail"] == "Cette action est réservée aux administrateurs (rôle « admin »)."
    citizen = bearer(demo_tokens.for_role("citizen", audience=AUDIENCE))
    body = problem(assistant_http.get("/v1/handoffs", headers=citizen), 403)
    assert body["detail"] == (
        "L'assistant des agents est réservé aux agents de la collectivité (rôle « agent »)."
    )


@pytest.fixture
def handoff_id(agent_assistant: RunningAssistant) -> str:
    """A handover in julien.agent's department (État civil), received as from the chat."""
    now = Timestamp()
    now.FromDatetime(datetime.now(UTC))
    handoff = str(uuid.uuid4())
    agent_assistant.service.get(Inbox).received(
        chat_pb2.HandoffRequested(
            handoff_id=handoff,
            conversation_id=str(uuid.uuid4()),
            commune="57463",
            theme="Mairie > Horaires",
            turns=[chat_pb2.ConversationTurn(role="citizen", text="Ouvert samedi ?", at=now)],
            contact_channel="conversation",
            requested_at=now,
        )
    )
    return handoff


def test_the_inbox_says_in_french_what_is_missing_or_stale(
    assistant_http: httpx.Client, agent: dict[str, str], handoff_id: str
) -> None:
    unknown = problem(assistant_http.get(f"/v1/handoffs/{uuid.uuid4()}", headers=agent), 404)
    assert unknown["detail"] == "Cette demande n'existe pas ou n'est pas adressée à votre service."
    assert unknown["title"] == "Ressource introuvable"
    url = f"/v1/handoffs/{handoff_id}/reply"
    empty = problem(assistant_http.post(url, json={"text": "  "}, headers=agent), 422)
    assert empty["detail"] == "La réponse est vide."
    assert empty["errors"] == [{"field": "text", "message": "Écrivez une réponse à l'habitant."}]
    stale = assistant_http.post(
        url,
        json={"text": "Oui, de 9 h à 12 h.", "suggestion_use_id": "suggestion-retiree"},
        headers=agent,
    )
    assert problem(stale, 409)["detail"] == (
        "La suggestion affichée n'est plus valable (elle a expiré) : rouvrez la demande pour "
        "voir la suggestion en cours, puis renvoyez votre réponse."
    )
    statuses = problem(assistant_http.get("/v1/handoffs?status=fermee", headers=agent), 422)
    assert statuses["detail"] == "Statut inconnu."
    assert statuses["errors"] == [
        {"field": "status", "message": "Valeurs possibles : « open » ou « resolved »."}
    ]


def test_tasks_refuse_in_french_an_upload_over_the_limit_and_an_unknown_template(
    agent_assistant: RunningAssistant, assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    limit = agent_assistant.service.get(TasksSettings).max_upload_bytes
    assert limit == 10 * 1024 * 1024
    files = {"file": ("enorme.txt", b"a" * (limit + 1))}
    body = problem(assistant_http.post("/v1/tasks/summaries", files=files, headers=agent), 422)
    too_large = (
        "Le fichier « enorme.txt » est trop volumineux (10 Mo) : la taille maximale est de 10 Mo."
    )
    assert body["detail"] == too_large
    assert body["errors"] == [{"field": "file", "message": too_large}]
    unknown = assistant_http.post(
        "/v1/tasks/drafts", json={"template_id": "modele-inconnu"}, headers=agent
    )
    assert problem(unknown, 404)["detail"] == "Aucun modèle 'modele-inconnu' dans la bibliothèque."
    review = assistant_http.post(
        "/v1/tasks/tache-inconnue/editorial-review", json={"text": "Relu."}, headers=agent
    )
    assert problem(review, 404)["detail"] == (
        "Aucun texte destiné à publication n'a été produit avec l'IA sous le numéro "
        "'tache-inconnue'."
    )


def test_a_bad_library_file_gets_a_french_report_field_by_field(
    assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    document = {
        "format": "collectivia-prompt-library",
        "format_version": 1,
        "templates": [{"title": "Ab", "text": "Bonjour"}],
    }
    body = problem(assistant_http.post("/v1/prompts/import", json=document, headers=agent), 422)
    assert body["detail"] == (
        "Fichier refusé, rien n'a été importé — 2 erreur(s) : templates.0.title : texte trop "
        "court (au moins 3 caractère(s)) ; templates.0.kind : champ obligatoire manquant."
    )
    assert body["errors"] == [
        {"field": "templates.0.title", "message": "texte trop court (au moins 3 caractère(s))"},
        {"field": "templates.0.kind", "message": "champ obligatoire manquant"},
    ]
    other = assistant_http.post("/v1/prompts/import", json={"format": "autre"}, headers=agent)
    body = problem(other, 422)
    assert body["detail"] == (
        "Ce fichier n'est pas un export de bibliothèque de modèles CollectivIA (champ « format » "
        "attendu : « collectivia-prompt-library »)."
    )
    assert body["errors"] == [
        {"field": "format", "message": "valeur attendue : collectivia-prompt-library"}
    ]


def test_the_intranet_page_says_its_own_errors_in_french(assistant_http: httpx.Client) -> None:
    missing = assistant_http.get("/static/inconnu.js")
    assert (missing.status_code, missing.text) == (404, "Introuvable")
    assert "Cette page a besoin de JavaScript." in assistant_http.get("/").text


@pytest.fixture(scope="module")
def stub(
    agent_assistant: RunningAssistant,
) -> Iterator[assistant_pb2_grpc.AgentAssistantServiceStub]:
    with grpc.insecure_channel(agent_assistant.grpc_target) as channel:
        yield assistant_pb2_grpc.AgentAssistantServiceStub(channel)


@pytest.fixture
def integrator(demo_tokens: DemoTokens) -> Metadata:
    token = demo_tokens.for_role("integrator", audience=AUDIENCE)
    return (("authorization", f"Bearer {token}"),)


def grpc_error(call: Any, request: Any, metadata: Metadata) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata, timeout=30)
    assert_french(caught.value.details() or "")
    return caught.value


def test_summarize_refuses_an_empty_or_too_long_document_in_french(
    agent_assistant: RunningAssistant,
    stub: assistant_pb2_grpc.AgentAssistantServiceStub,
    integrator: Metadata,
) -> None:
    error = grpc_error(stub.Summarize, assistant_pb2.SummarizeRequest(), integrator)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == (
        "Le texte à résumer est vide : collez un texte ou envoyez un document."
    )
    empty = assistant_pb2.SummarizeRequest(content=b"", filename="vide.md")
    error = grpc_error(stub.Summarize, empty, integrator)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "Le fichier « vide.md » ne contient aucun texte."
    limit = agent_assistant.service.get(TasksSettings).max_text_chars
    long = assistant_pb2.SummarizeRequest(text="Une phrase. " * (limit // 12 + 1))
    error = grpc_error(stub.Summarize, long, integrator)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == (
        f"Le texte est trop long ({len(long.text)} caractères) : la limite est de {limit} "
        "caractères. Envoyez-en une partie."
    )


def test_draft_with_an_unknown_template_is_a_french_not_found(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, integrator: Metadata
) -> None:
    unknown = assistant_pb2.DraftRequest(template_id="modele-inconnu")
    error = grpc_error(stub.Draft, unknown, integrator)
    assert error.code() is grpc.StatusCode.NOT_FOUND
    assert error.details() == "Aucun modèle 'modele-inconnu' dans la bibliothèque."
    error = grpc_error(stub.Draft, assistant_pb2.DraftRequest(), integrator)
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "Choisissez un modèle de la bibliothèque."


def test_only_integrators_are_served_said_in_french(
    stub: assistant_pb2_grpc.AgentAssistantServiceStub, demo_tokens: DemoTokens
) -> None:
    agent = demo_tokens.for_role("agent", audience=AUDIENCE)
    request = assistant_pb2.SummarizeRequest(text="Un texte.")
    error = grpc_error(stub.Summarize, request, (("authorization", f"Bearer {agent}"),))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == (
        "Ce service est réservé aux applications intégratrices (rôle « integrator »)."
    )
