"""The tasks over REST on the real Kafka, Keycloak and ethics register (no model configured:
the offline fallbacks): the charter first, an uploaded PDF summarised with its evidence on
the broker, streamed output, bad input in French, drafts from the library, classification,
an expired token, and a suspension in the register that stops every task."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin, KeycloakOpenID

from agent_assistant_testing.agents import accept_current_charter, token_subject
from agent_assistant_testing.running import RunningAssistant
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.prompts.schemas import TemplateDraft, TemplateKind, VariableSpec
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.ai.use.evidence import pseudonym
from collectivia.events.v1 import ai_pb2, assistant_pb2
from collectivia.platform.events.catalogue import AI_USED, TASK_COMPLETED
from collectivia.testkit.document_files import pdf_with_text
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration

PAGES = [
    "Compte rendu du conseil municipal",
    "Le conseil municipal de Metz a voté le budget primitif de la ville pour l'année 2026.",
    "Les travaux de la piste cyclable de la rue Serpenoise commenceront en septembre.",
]
LETTER = (
    "Madame, Monsieur,\n\nVotre demande de {{type_acte}} du {{date_demande}} est prise en compte."
)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def sse_events(body: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.fixture
def agent(assistant_http: httpx.Client, agent_token: str) -> dict[str, str]:
    accept_current_charter(assistant_http, agent_token)
    return bearer(agent_token)


def test_tasks_need_the_charter_then_a_pdf_is_summarised_with_evidence_on_the_broker(
    agent_assistant: RunningAssistant,
    assistant_http: httpx.Client,
    assistant_system: dict[str, Any],
    kafka_server: KafkaServer,
    agent_token: str,
) -> None:
    pdf = pdf_with_text([PAGES])
    files = {"file": ("compte-rendu.pdf", pdf, "application/pdf")}
    refused = assistant_http.post("/v1/tasks/summaries", files=files, headers=bearer(agent_token))
    assert problem(refused, 403)["detail"].startswith("Veuillez lire et accepter la charte")

    accept_current_charter(assistant_http, agent_token)
    response = assistant_http.post(
        "/v1/tasks/summaries", files=files, data={"max_words": "40"}, headers=bearer(agent_token)
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    assert "budget primitif" in summary["text"] and "[§2]" in summary["text"]
    assert summary["citations"][0]["paragraph"] == 2
    production = summary["production"]
    assert production["generative"] is False
    assert production["model"] == "extractive-summary/1"
    assert production["notice"].startswith("Aucun modèle génératif n'est configuré")
    assert production["register_url"].endswith(f"/registre/{assistant_system['id']}")
    assert summary["marked"] is False and summary["task_id"] == production["use_id"]

    subject = token_subject(agent_assistant.settings, agent_token)
    agent_id = pseudonym(agent_assistant.settings.pseudonym_salt.get_secret_value(), subject)
    bootstrap = kafka_server.bootstrap_servers

    def used() -> list[ai_pb2.AiUsed]:
        return [
            e
            for e in events_on(bootstrap, AI_USED, assistant_system["id"])
            if isinstance(e, ai_pb2.AiUsed) and e.use_id == summary["task_id"]
        ]

    def completed() -> list[assistant_pb2.TaskCompleted]:
        return [
            e
            for e in events_on(bootstrap, TASK_COMPLETED, "etat-civil")
            if isinstance(e, assistant_pb2.TaskCompleted) and e.task_id == summary["task_id"]
        ]

    [use] = wait_until(used, timeout=15, what="AI_USED on the broker")
    assert use.actor == agent_id != subject
    assert use.human_review == ai_pb2.HUMAN_REVIEW_NONE
    assert use.outcome == ai_pb2.OUTCOME_COMPLETED
    assert use.purpose == "agent-drafting" and use.service == "agent-assistant"
    assert use.parameters["source"] == "file:pdf" and use.parameters["mode"] == "offline"
    [task] = wait_until(completed, timeout=15, what="TASK_COMPLETED on the broker")
    assert task.task == assistant_pb2.ASSISTANT_TASK_SUMMARIZE
    assert task.agent == agent_id and task.department == "etat-civil" and not task.generative


def test_a_rewrite_is_streamed_as_server_sent_events(
    assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    text = (
        "Afin de procéder à votre inscription, il convient de fournir un justificatif de "
        "domicile, et votre demande sera examinée par le service dans les meilleurs délais."
    )
    response = assistant_http.post(
        "/v1/tasks/plain-language",
        json={"text": text},
        headers={**agent, "Accept": "text/event-stream"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    assert events[0][0] == "started" and events[0][1]["production"]["generative"] is False
    assert events[-1][0] == "done"
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    done = events[-1][1]
    assert streamed == done["text"] and done["text"].startswith("Pour procéder")
    assert {flag["term"] for flag in done["flags"]} >= {"justificatif", "il convient de"}
    assert "personnes concernées" in done["limits"]


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("tableau.xlsx", b"PK\x03\x04 not a document", "n'est pas pris en charge"),
        ("vide.txt", b"", "ne contient aucun texte"),
        ("abime.pdf", b"%PDF-1.7\nnothing else", "illisible"),
        ("enorme.txt", b"a" * (10 * 1024 * 1024 + 1), "trop volumineux"),
    ],
)
def test_bad_uploads_get_a_french_reason(
    assistant_http: httpx.Client,
    agent: dict[str, str],
    filename: str,
    content: bytes,
    expected: str,
) -> None:
    response = assistant_http.post(
        "/v1/tasks/summaries", files={"file": (filename, content)}, headers=agent
    )
    body = problem(response, 422)
    assert expected in body["detail"] and filename in body["detail"]
    assert body["errors"][0]["field"] == "file"


def test_bad_requests_get_a_french_reason(
    assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    both = assistant_http.post(
        "/v1/tasks/summaries",
        files={"file": ("a.txt", b"Un texte.")},
        data={"text": "Un autre texte."},
        headers=agent,
    )
    assert "pas les deux" in problem(both, 422)["detail"]
    empty = assistant_http.post("/v1/tasks/plain-language", json={"text": " "}, headers=agent)
    assert problem(empty, 422)["detail"] == "Le texte à réécrire est vide."
    commune = assistant_http.post(
        "/v1/tasks/classifications", json={"text": "bac", "commune": "Metz"}, headers=agent
    )
    assert "code INSEE" in problem(commune, 422)["detail"]
    variables = assistant_http.post(
        "/v1/tasks/summaries",
        data={"text": "Un texte.", "template_id": "x", "variables": "[1]"},
        headers=agent,
    )
    assert "objet JSON" in problem(variables, 422)["detail"]


def test_a_draft_from_the_library_and_its_unfilled_variables(
    agent_assistant: RunningAssistant, assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    author = Agent("author", "c" * 32, ("etat-civil",), (), False)
    template = agent_assistant.service.get(PromptLibrary).create(
        TemplateDraft(
            title="Accusé de réception d'une demande d'acte",
            kind=TemplateKind.DRAFT,
            text=LETTER,
            variables=[
                VariableSpec(name="type_acte", label="Acte demandé"),
                VariableSpec(name="date_demande", label="Date de la demande"),
            ],
        ),
        author,
    )
    missing = assistant_http.post(
        "/v1/tasks/drafts",
        json={"template_id": template.id, "variables": {"type_acte": "acte de mariage"}},
        headers=agent,
    )
    body = problem(missing, 422)
    assert "date_demande" in body["detail"]
    assert [e["field"] for e in body["errors"]] == ["variables.date_demande"]

    unknown = assistant_http.post(
        "/v1/tasks/drafts", json={"template_id": str(uuid.uuid4())}, headers=agent
    )
    problem(unknown, 404)

    values = {"type_acte": "acte de mariage", "date_demande": "3 avril 2026"}
    drafted = assistant_http.post(
        "/v1/tasks/drafts", json={"template_id": template.id, "variables": values}, headers=agent
    )
    assert drafted.status_code == 200, drafted.text
    draft = drafted.json()
    assert draft["text"].endswith(
        "Votre demande de acte de mariage du 3 avril 2026 est prise en compte."
    )
    assert draft["production"]["model"] == "template-filling/1"
    assert draft["template_version"] == 1 and draft["missing_variables"] == []


def test_a_request_is_classified_by_theme_and_department(
    assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    response = assistant_http.post(
        "/v1/tasks/classifications",
        json={"text": "Mon bac jaune n'a pas été vidé, que faire ?", "commune": "57463"},
        headers=agent,
    )
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["theme"] == "Déchets" and found["department"] == "dechets"
    assert found["keywords"] == ["bac"] and found["production"]["generative"] is False


def test_an_editorial_review_of_an_unknown_task_is_404(
    assistant_http: httpx.Client, agent: dict[str, str]
) -> None:
    response = assistant_http.post(
        f"/v1/tasks/{uuid.uuid4()}/editorial-review", json={"text": "Relu."}, headers=agent
    )
    assert "Aucun texte destiné à publication" in problem(response, 404)["detail"]


def test_a_citizen_and_an_expired_token_are_refused(
    assistant_http: httpx.Client, demo_tokens: DemoTokens, keycloak_server: KeycloakServer
) -> None:
    citizen = demo_tokens.for_role("citizen", audience="agent-assistant")
    refused = assistant_http.post(
        "/v1/tasks/plain-language", json={"text": "Texte."}, headers=bearer(citizen)
    )
    assert "réservé aux agents" in problem(refused, 403)["detail"]

    admin = KeycloakAdmin(
        server_url=keycloak_server.url,
        username=keycloak_server.admin_username,
        password=keycloak_server.admin_password,
        realm_name="collectivia",
        user_realm_name="master",
    )
    client_id = f"expiring-{uuid.uuid4().hex[:8]}"
    internal_id = admin.create_client(
        {
            "clientId": client_id,
            "publicClient": True,
            "directAccessGrantsEnabled": True,
            "standardFlowEnabled": False,
            "attributes": {"access.token.lifespan": "1"},
            "defaultClientScopes": ["basic", "roles", "audience-agent-assistant"],
        }
    )
    try:
        openid = KeycloakOpenID(
            server_url=keycloak_server.url, realm_name="collectivia", client_id=client_id
        )
        user = demo_tokens.users["agent"]
        token = openid.token(user.username, user.password)["access_token"]
        time.sleep(2.5)
        expired = assistant_http.post(
            "/v1/tasks/plain-language", json={"text": "Texte."}, headers=bearer(token)
        )
    finally:
        admin.delete_client(internal_id)
    body = problem(expired, 401)
    assert body["title"] == "Authentification requise" and "expiré" in body["detail"]
    assert expired.headers["www-authenticate"].startswith("Bearer")


def test_zz_a_suspension_in_the_register_stops_every_task(
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
    assistant_http: httpx.Client,
    agent: dict[str, str],
    demo_tokens: DemoTokens,
) -> None:
    """Last of the module: the assistant's entry stays suspended."""
    url = f"/v1/systems/{assistant_system['id']}"
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        version = http.get(url).json()["version"]
        suspended = http.post(
            f"{url}/suspend",
            json={"version": version, "reason": "incident en cours d'examen"},
            headers=bearer(demo_tokens.for_role("admin")),
        )
    assert suspended.status_code == 200, suspended.text

    def refused() -> httpx.Response | None:
        response = assistant_http.post(
            "/v1/tasks/plain-language", json={"text": "La mairie ferme lundi."}, headers=agent
        )
        return response if response.status_code == 422 else None

    response = wait_until(refused, timeout=15, what="the gate to refuse")
    assert response is not None
    body = problem(response, 422)
    assert body["rule"] == "register-gate"
    assert "registre des algorithmes" in body["detail"]
    assert body["detail"].endswith(f"/registre/{assistant_system['id']}")
