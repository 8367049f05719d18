"""The dev realm (infra/keycloak/realm-collectivia.json): no server needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REALM_FILE = Path(__file__).resolve().parents[1] / "keycloak" / "realm-collectivia.json"
ROLES = {
    "citizen",
    "agent",
    "official",
    "ethics-officer",
    "data-steward",
    "dpo",
    "admin",
    "integrator",
    # Operators of delegated public services, delivering their data to the lake.
    "dsp-operator",
}
# Roles of clients' service accounts only: no person holds them.
CLIENT_ROLES = {"dsp-operator"}
SERVICES = [
    "citizen-chat",
    "agent-assistant",
    "data-lake",
    "ethics-register",
    "officials-analytics",
]
UI_CLIENTS = {
    "citizen-web": {"audience-citizen-chat", "audience-ethics-register"},
    "citizen-mobile": {"audience-citizen-chat", "audience-ethics-register"},
    "agent-intranet": {"audience-agent-assistant"},
    "officials-analytics-web": {"audience-officials-analytics"},
    "register-admin-web": {"audience-ethics-register"},
}
# Built-in scopes Keycloak does not create when a realm file lists clientScopes itself.
BUILT_IN_SCOPES = {"basic", "roles", "profile", "email", "web-origins", "acr", "service_account"}


@pytest.fixture(scope="module")
def realm() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    return data


def _clients(realm: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["clientId"]: c for c in realm["clients"]}


def _people(realm: dict[str, Any]) -> list[dict[str, Any]]:
    return [u for u in realm["users"] if "serviceAccountClientId" not in u]


def _audiences(scope: dict[str, Any]) -> set[str]:
    return {
        m["config"]["included.client.audience"]
        for m in scope.get("protocolMappers", [])
        if m["protocolMapper"] == "oidc-audience-mapper"
    }


def test_realm_identity(realm: dict[str, Any]) -> None:
    assert realm["realm"] == "collectivia"
    assert "démo" in realm["displayName"]
    assert realm["accessTokenLifespan"] <= 300


def test_the_nine_roles(realm: dict[str, Any]) -> None:
    assert {r["name"] for r in realm["roles"]["realm"]} == ROLES


def test_each_role_has_exactly_one_demo_user_with_only_that_role(realm: dict[str, Any]) -> None:
    seen: list[str] = []
    for user in _people(realm):
        assert len(user["realmRoles"]) == 1, user["username"]
        seen.extend(user["realmRoles"])
        assert user["email"].endswith("@demo.collectivia.fr")
        assert user["emailVerified"] is True and user["requiredActions"] == []
        [credential] = user["credentials"]
        assert credential["value"] == f"{user['username']}-demo"
        assert credential["temporary"] is False
    assert sorted(seen) == sorted(ROLES - CLIENT_ROLES)


def test_demo_users_belong_to_existing_groups(realm: dict[str, Any]) -> None:
    paths = {
        f"/{g['name']}/{sub['name']}" for g in realm["groups"] for sub in g.get("subGroups", [])
    }
    by_role = {u["realmRoles"][0]: u for u in _people(realm)}
    for user in _people(realm):
        assert set(user["groups"]) <= paths, user["username"]
    assert "/departments/etat-civil" in by_role["agent"]["groups"]
    assert any(g.startswith("/communes/") for g in by_role["agent"]["groups"])
    assert any(g.startswith("/communes/") for g in by_role["official"]["groups"])


def test_commune_groups_are_insee_codes(realm: dict[str, Any]) -> None:
    communes = next(g for g in realm["groups"] if g["name"] == "communes")
    assert len(communes["subGroups"]) >= 4
    for sub in communes["subGroups"]:
        assert sub["name"].isdigit() and len(sub["name"]) == 5
        assert sub["attributes"]["insee"] == [sub["name"]] and sub["attributes"]["name"]


def test_built_in_and_audience_scopes_exist(realm: dict[str, Any]) -> None:
    scopes = {s["name"]: s for s in realm["clientScopes"]}
    assert set(scopes) >= BUILT_IN_SCOPES | {"groups"}
    for service in SERVICES:
        assert _audiences(scopes[f"audience-{service}"]) == {service}
    [mapper] = scopes["groups"]["protocolMappers"]
    assert mapper["protocolMapper"] == "oidc-group-membership-mapper"
    assert mapper["config"]["full.path"] == "true"
    assert mapper["config"]["access.token.claim"] == "true"


def test_public_ui_clients_use_pkce_without_direct_grants(realm: dict[str, Any]) -> None:
    clients = _clients(realm)
    for client_id, audiences in UI_CLIENTS.items():
        client = clients[client_id]
        assert client["publicClient"] is True
        assert client["standardFlowEnabled"] is True
        assert client["directAccessGrantsEnabled"] is False
        assert client["implicitFlowEnabled"] is False
        assert client["serviceAccountsEnabled"] is False
        assert client["attributes"]["pkce.code.challenge.method"] == "S256"
        default_audiences = {s for s in client["defaultClientScopes"] if s.startswith("audience-")}
        assert default_audiences == audiences, client_id


def test_confidential_clients_use_client_credentials_only(realm: dict[str, Any]) -> None:
    clients = _clients(realm)
    for client_id in [*SERVICES, "integrator-demo"]:
        client = clients[client_id]
        assert client["publicClient"] is False
        assert client["serviceAccountsEnabled"] is True
        assert client["standardFlowEnabled"] is False
        assert client["directAccessGrantsEnabled"] is False
        assert client["secret"] == f"{client_id}-dev-secret"


def test_service_accounts_roles(realm: dict[str, Any]) -> None:
    accounts = {
        u["serviceAccountClientId"]: u for u in realm["users"] if "serviceAccountClientId" in u
    }
    for service in SERVICES:
        assert accounts[service]["realmRoles"] == []
    assert accounts["integrator-demo"]["realmRoles"] == ["integrator"]


def test_dev_cli_is_password_only_with_optional_audiences(realm: dict[str, Any]) -> None:
    cli = _clients(realm)["collectivia-dev-cli"]
    assert cli["publicClient"] is True
    assert cli["directAccessGrantsEnabled"] is True
    assert cli["standardFlowEnabled"] is False
    assert {f"audience-{s}" for s in SERVICES} <= set(cli["optionalClientScopes"])
    assert not any(s.startswith("audience-") for s in cli["defaultClientScopes"])
    assert "groups" in cli["defaultClientScopes"]


def test_password_guessing_locks_the_account_for_a_while(realm: dict[str, Any]) -> None:
    # Temporary lockouts only: a permanent one would let anyone disable an agent's account.
    assert realm["bruteForceProtected"] is True
    assert realm["permanentLockout"] is False
    assert 3 <= realm["failureFactor"] <= 10
    assert realm["waitIncrementSeconds"] >= 60
    assert realm["maxFailureWaitSeconds"] >= realm["waitIncrementSeconds"]
    # Failures are forgotten only after hours, not between two tries of a slow attacker.
    assert realm["maxDeltaTimeSeconds"] >= 3600
