"""The register's HTTP API against the real Keycloak: who may do what, and bad input."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt
import pytest
from keycloak import KeycloakAdmin, KeycloakOpenID

from collectivia.testkit.local_issuer import new_rsa_key
from collectivia.testkit.register_records import SystemBody, approved_system
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration


def test_drafts_are_private_and_approved_entries_public(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody
) -> None:
    body = system_body()
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    created = http.post("/v1/systems", json=body, headers=officer)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["name"], draft["status"], draft["version"]) == (body["name"], "draft", 1)
    assert http.get(f"/v1/systems/{draft['id']}").status_code == 404
    assert http.get(f"/v1/systems/{draft['id']}", headers=officer).json() == draft
    approved = approved_system(http, demo_tokens)
    public = http.get(f"/v1/systems/{approved['id']}")
    assert public.status_code == 200
    assert public.json()["status"] == "approved"
    listed = {s["id"] for s in http.get("/v1/systems").json()}
    assert approved["id"] in listed
    assert draft["id"] not in listed


def test_no_token_is_401(http: httpx.Client, system_body: SystemBody) -> None:
    response = http.post("/v1/systems", json=system_body())
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_token_for_another_audience_is_401(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody
) -> None:
    token = demo_tokens.for_role("ethics-officer", audience="citizen-chat")
    response = http.post("/v1/systems", json=system_body(), headers=bearer(token))
    assert response.status_code == 401
    assert "pas destiné à ethics-register" in response.json()["detail"]


def test_token_signed_by_another_key_is_401(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody
) -> None:
    real = demo_tokens.for_role("ethics-officer")
    claims = jwt.decode(real, options={"verify_signature": False})
    kid = jwt.get_unverified_header(real)["kid"]
    forged = jwt.encode(claims, new_rsa_key(), algorithm="RS256", headers={"kid": kid})
    response = http.post("/v1/systems", json=system_body(), headers=bearer(forged))
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]


def test_expired_token_is_401(
    http: httpx.Client,
    keycloak_server: KeycloakServer,
    demo_tokens: DemoTokens,
    system_body: SystemBody,
) -> None:
    # A throw-away client whose tokens live one second, on the real Keycloak.
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
            "defaultClientScopes": ["basic", "roles", "audience-ethics-register"],
        }
    )
    try:
        openid = KeycloakOpenID(
            server_url=keycloak_server.url, realm_name="collectivia", client_id=client_id
        )
        officer = demo_tokens.users["ethics-officer"]
        token = openid.token(officer.username, officer.password)["access_token"]
        time.sleep(2.5)
        response = http.post("/v1/systems", json=system_body(), headers=bearer(token))
    finally:
        admin.delete_client(internal_id)
    assert response.status_code == 401
    assert "expiré" in response.json()["detail"]


@pytest.mark.parametrize("role", ["citizen", "agent", "dpo"])
def test_other_roles_are_403(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody, role: str
) -> None:
    response = http.post(
        "/v1/systems", json=system_body(), headers=bearer(demo_tokens.for_role(role))
    )
    assert response.status_code == 403
    assert "ethics-officer" in response.json()["detail"]


def test_malformed_json_is_422(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    response = http.post(
        "/v1/systems",
        content=b'{"name": "Chatbot", ',
        headers={
            **bearer(demo_tokens.for_role("ethics-officer")),
            "content-type": "application/json",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_invalid_fields_are_422_and_named(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody
) -> None:
    body = system_body(purpose="Tout et n'importe quoi", risk_class="extreme", name=None)
    response = http.post(
        "/v1/systems", json=body, headers=bearer(demo_tokens.for_role("ethics-officer"))
    )
    assert response.status_code == 422
    problem = response.json()
    assert {e["field"] for e in problem["errors"]} == {"purpose", "risk_class", "name"}
    assert "purpose" in problem["detail"]


def test_workflow_rules_roles_and_concurrent_edits(
    http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody
) -> None:
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    admin = bearer(demo_tokens.for_role("admin"))
    body = system_body(risk_class="prohibited", purpose="social-scoring")
    system = http.post("/v1/systems", json=body, headers=officer).json()
    url = f"/v1/systems/{system['id']}"
    triage = {"answers": {"social_scoring": True}, "version": system["version"]}
    system = http.put(f"{url}/triage", json=triage, headers=officer).json()
    assert system["triage"]["proposed"] == "prohibited"
    system = http.post(f"{url}/submit", json={"version": system["version"]}, headers=officer).json()
    assert system["status"] == "in_review"
    # The officer may not approve; the admin may not approve a prohibited practice.
    refused = http.post(f"{url}/approve", json={"version": system["version"]}, headers=officer)
    assert refused.status_code == 403
    refused = http.post(f"{url}/approve", json={"version": system["version"]}, headers=admin)
    assert refused.status_code == 422
    assert refused.json()["rule"] == "prohibited-practice-cannot-be-approved"
    # Two people edit from the same version: the second is refused, nothing is lost.
    version = system["version"]
    first = http.put(url, json={**body, "name": "Notation A", "version": version}, headers=officer)
    assert first.status_code == 200
    second = http.put(url, json={**body, "name": "Notation B", "version": version}, headers=admin)
    assert second.status_code == 409
    assert http.get(url, headers=admin).json()["name"] == "Notation A"
    history = http.get(f"{url}/history", headers=admin).json()
    assert [v["change"] for v in history] == ["created", "triage", "submit", "updated"]
    assert (
        http.get(f"{url}/history", headers=bearer(demo_tokens.for_role("citizen"))).status_code
        == 403
    )


def test_unknown_system_is_404(http: httpx.Client) -> None:
    response = http.get(f"/v1/systems/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["title"] == "Ressource introuvable"
