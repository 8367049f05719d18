"""Real tokens from the real Keycloak, for each demo role and each service client."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from keycloak import KeycloakOpenID

# Dev-realm only: a public client allowed to use the password grant, for tests and curl.
DEV_CLI_CLIENT = "collectivia-dev-cli"
DEMO_PASSWORD_SUFFIX = "-demo"
DEV_SECRET_SUFFIX = "-dev-secret"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    roles: frozenset[str]


def demo_users(realm_path: Path) -> dict[str, DemoUser]:
    """The realm file's demo users by realm role (one user per role)."""
    realm: dict[str, Any] = json.loads(realm_path.read_text())
    users: dict[str, DemoUser] = {}
    for user in realm.get("users", []):
        roles = frozenset(user.get("realmRoles", ())) - {"default-roles-collectivia"}
        if user.get("username", "").startswith("service-account-") or not roles:
            continue
        demo = DemoUser(user["username"], user["username"] + DEMO_PASSWORD_SUFFIX, roles)
        for role in roles:
            users.setdefault(role, demo)
    return users


class DemoTokens:
    def __init__(self, keycloak_url: str, realm_path: Path, realm: str = "collectivia") -> None:
        self._url = keycloak_url
        self._realm = realm
        self.users = demo_users(realm_path)

    def _client(self, client_id: str, secret: str | None = None) -> KeycloakOpenID:
        return KeycloakOpenID(
            server_url=self._url,
            realm_name=self._realm,
            client_id=client_id,
            client_secret_key=secret,
        )

    def for_role(self, role: str, audience: str | None = "ethics-register") -> str:
        """An access token of the demo user holding ``role``; ``aud`` carries ``audience``
        only when asked (the audience scopes are optional on the dev client)."""
        user = self.users[role]
        scope = "openid" + (f" audience-{audience}" if audience else "")
        response = self._client(DEV_CLI_CLIENT).token(user.username, user.password, scope=scope)
        return str(response["access_token"])

    def for_service(self, client_id: str) -> str:
        """A client-credentials token of a service client (demo secret)."""
        response = self._client(client_id, client_id + DEV_SECRET_SUFFIX).token(
            grant_type="client_credentials"
        )
        return str(response["access_token"])


def bearer(token: str) -> dict[str, str]:
    """HTTP headers carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}
