"""The agents of the tests in the real Keycloak: their tokens' subjects, the charter they
accept, a second agent of julien.agent's department (created once) for four-eyes checks."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin, KeycloakOpenID

from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.settings import ServiceSettings
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.tokens import DEV_CLI_CLIENT, bearer

AUDIENCE = "agent-assistant"
SECOND_AGENT = "amelie.agent-test"
SECOND_AGENT_PASSWORD = "amelie.agent-test-demo"
SECOND_AGENT_GROUPS = ("/departments/etat-civil", "/communes/57463")


def accept_current_charter(http: httpx.Client, token: str) -> int:
    """Accept the charter in force as the token's agent; its version."""
    current = http.get("/v1/charter", headers=bearer(token))
    current.raise_for_status()
    version = int(current.json()["version"])
    accepted = http.post(
        "/v1/charter/acceptances", json={"version": version}, headers=bearer(token)
    )
    accepted.raise_for_status()
    return version


def token_subject(settings: ServiceSettings, token: str) -> str:
    """The subject of ``token``, verified as the service verifies it."""
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    try:
        return verifier.verify(token).subject
    finally:
        verifier.http.close()


def ensure_second_agent(keycloak: KeycloakServer, realm: str = "collectivia") -> None:
    """A second agent of julien.agent's department, created once in the real Keycloak."""
    admin = KeycloakAdmin(
        server_url=keycloak.url,
        username=keycloak.admin_username,
        password=keycloak.admin_password,
        realm_name=realm,
        user_realm_name="master",
    )
    if admin.get_user_id(SECOND_AGENT) is not None:
        return
    user_id = admin.create_user(
        {
            "username": SECOND_AGENT,
            "email": f"{SECOND_AGENT}@demo.collectivia.fr",
            "firstName": "Amélie",
            "lastName": "Test",
            "enabled": True,
            "emailVerified": True,
            "credentials": [
                {"type": "password", "value": SECOND_AGENT_PASSWORD, "temporary": False}
            ],
        },
        exist_ok=True,
    )
    admin.assign_realm_roles(user_id, [admin.get_realm_role("agent")])
    for path in SECOND_AGENT_GROUPS:
        admin.group_user_add(user_id, admin.get_group_by_path(path)["id"])


def second_agent_token(keycloak: KeycloakServer) -> str:
    client = KeycloakOpenID(
        server_url=keycloak.url, realm_name="collectivia", client_id=DEV_CLI_CLIENT
    )
    response = client.token(
        SECOND_AGENT, SECOND_AGENT_PASSWORD, scope=f"openid audience-{AUDIENCE}"
    )
    return str(response["access_token"])
