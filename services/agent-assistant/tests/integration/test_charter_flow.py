"""The usage charter on the real Kafka and Keycloak: required before use, accepted, a new
version forces re-acceptance, each acceptance published for the ethics register."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from agent_assistant_testing.agents import accept_current_charter, token_subject
from agent_assistant_testing.running import RunningAssistant
from collectivia.ai.use.evidence import pseudonym
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.events.catalogue import CHARTER_ACCEPTED
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration


def test_the_inbox_is_refused_until_the_charter_is_accepted_then_a_new_version_asks_again(
    agent_assistant: RunningAssistant,
    assistant_http: httpx.Client,
    kafka_server: KafkaServer,
    agent_token: str,
    admin_token: str,
) -> None:
    agent = bearer(agent_token)
    # The broker keeps earlier runs' acceptances (same agent, same demo salt): only this
    # run's count.
    started = datetime.now(UTC)
    refused = assistant_http.get("/v1/handoffs", headers=agent)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"].startswith(
        "Veuillez lire et accepter la charte d'utilisation (version 1)"
    )

    charter = assistant_http.get("/v1/charter", headers=agent).json()
    assert charter["version"] == 1 and charter["accepted"] is False
    assert "Vous restez responsable" in charter["text"]

    accepted = assistant_http.post("/v1/charter/acceptances", json={"version": 1}, headers=agent)
    assert accepted.status_code == 201, accepted.text
    assert assistant_http.get("/v1/handoffs", headers=agent).status_code == 200
    assert assistant_http.get("/v1/charter", headers=agent).json()["accepted"] is True

    # The event carries the pseudonym, never the subject or the name.
    subject = token_subject(agent_assistant.settings, agent_token)
    agent_id = pseudonym(agent_assistant.settings.pseudonym_salt.get_secret_value(), subject)

    def published() -> list[assistant_pb2.CharterAccepted]:
        return [
            e
            for e in events_on(kafka_server.bootstrap_servers, CHARTER_ACCEPTED, agent_id)
            if isinstance(e, assistant_pb2.CharterAccepted)
            and e.accepted_at.ToDatetime(UTC) >= started
        ]

    [event] = wait_until(published, timeout=15, what="CHARTER_ACCEPTED on the broker")
    assert event.charter_version == "1" and event.department == "etat-civil"
    assert event.agent == agent_id != subject

    # Accepting again changes nothing and publishes nothing more.
    again = assistant_http.post("/v1/charter/acceptances", json={"version": 1}, headers=agent)
    assert again.status_code == 201
    assert again.json()["accepted_at"] == accepted.json()["accepted_at"]

    new = assistant_http.post(
        "/v1/charter/versions",
        json={
            "title": "Charte d'utilisation, version révisée",
            "text": charter["text"] + "\n\n## 6. Nouveauté\n\nLes résumés sont relus.",
            "change_note": "Ajout de la relecture des résumés.",
        },
        headers=bearer(admin_token),
    )
    assert new.status_code == 201, new.text
    assert new.json()["version"] == 2

    refused = assistant_http.get("/v1/handoffs", headers=agent)
    assert refused.status_code == 403
    assert "(version 2)" in refused.json()["detail"]
    stale = assistant_http.post("/v1/charter/acceptances", json={"version": 1}, headers=agent)
    assert stale.status_code == 409
    assert "version en vigueur" in stale.json()["detail"]

    assert accept_current_charter(assistant_http, agent_token) == 2
    assert assistant_http.get("/v1/handoffs", headers=agent).status_code == 200
    versions = wait_until(
        lambda: {e.charter_version for e in published()} == {"1", "2"},
        timeout=15,
        what="the second acceptance on the broker",
    )
    assert versions
    history = assistant_http.get("/v1/charter/versions", headers=agent).json()
    assert [v["version"] for v in history] == [2, 1]


def test_only_an_administrator_publishes_a_charter(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    response = assistant_http.post(
        "/v1/charter/versions",
        json={"title": "Ma charte", "text": "Tout est permis."},
        headers=bearer(agent_token),
    )
    assert response.status_code == 403
    assert "réservée aux administrateurs" in response.json()["detail"]


def test_a_charter_version_with_missing_parts_is_refused_in_french(
    assistant_http: httpx.Client, admin_token: str
) -> None:
    response = assistant_http.post(
        "/v1/charter/versions",
        json={"title": "  ", "text": "", "change_note": "x" * 1001},
        headers=bearer(admin_token),
    )
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields == {
        "title": "Le titre de la charte est vide.",
        "text": "Le texte de la charte est vide.",
        "change_note": "La note dépasse 1000 caractères.",
    }


def test_an_acceptance_without_a_version_is_refused_in_french(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    response = assistant_http.post("/v1/charter/acceptances", json={}, headers=bearer(agent_token))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "version", "message": "Indiquez la version de la charte que vous avez lue."}
    ]


def test_a_person_without_the_agent_role_is_refused(
    assistant_http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    citizen = demo_tokens.for_role("ethics-officer", audience="agent-assistant")
    response = assistant_http.get("/v1/charter", headers=bearer(citizen))
    assert response.status_code == 403
    assert "réservé aux agents" in response.json()["detail"]
