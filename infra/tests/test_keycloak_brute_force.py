"""Keycloak's brute-force protection, on the real server: a dedicated user (never a demo user
that other tests sign in with) guesses wrong until the realm's failure factor, is then locked
even with the right password, and signs in again once an administrator unlocks them."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from collectivia.testkit.servers import KeycloakServer, realm_file
from collectivia.testkit.tokens import DEV_CLI_CLIENT

pytestmark = pytest.mark.integration

REALM = "collectivia"
SETTINGS = (
    "bruteForceProtected",
    "permanentLockout",
    "failureFactor",
    "waitIncrementSeconds",
    "quickLoginCheckMilliSeconds",
)


class Admin:
    """The master realm's administrator on the collectivia realm (dev server)."""

    def __init__(self, keycloak: KeycloakServer) -> None:
        self.keycloak = keycloak
        self.http = httpx.Client(base_url=f"{keycloak.url}/admin/realms/{REALM}", timeout=30)
        response = httpx.post(
            f"{keycloak.url}/realms/master/protocol/openid-connect/token",
            data={
                "client_id": "admin-cli",
                "grant_type": "password",
                "username": keycloak.admin_username,
                "password": keycloak.admin_password,
            },
            timeout=30,
        )
        response.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def realm(self) -> dict[str, Any]:
        response = self.http.get("")
        response.raise_for_status()
        realm: dict[str, Any] = response.json()
        return realm

    def lockout(self, user_id: str) -> dict[str, Any]:
        response = self.http.get(f"/attack-detection/brute-force/users/{user_id}")
        response.raise_for_status()
        status: dict[str, Any] = response.json()
        return status


@pytest.fixture(scope="module")
def admin(keycloak_server: KeycloakServer) -> Iterator[Admin]:
    client = Admin(keycloak_server)
    yield client
    client.http.close()


@pytest.fixture
def guessed_user(admin: Admin) -> Iterator[tuple[str, str, str]]:
    """A user of its own (id, username, password), removed after the test, lock included."""
    username = f"essai.force-brute-{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    created = admin.http.post(
        "/users",
        json={
            "username": username,
            "enabled": True,
            "email": f"{username}@essai.invalid",
            "emailVerified": True,
            "firstName": "Essai",
            "lastName": "Force brute",
            "credentials": [{"type": "password", "value": password, "temporary": False}],
        },
    )
    assert created.status_code == 201, created.text
    user_id = created.headers["Location"].rsplit("/", 1)[-1]
    try:
        yield user_id, username, password
    finally:
        admin.http.delete(f"/attack-detection/brute-force/users/{user_id}")
        admin.http.delete(f"/users/{user_id}")


def sign_in(keycloak: KeycloakServer, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{keycloak.url}/realms/{REALM}/protocol/openid-connect/token",
        data={
            "client_id": DEV_CLI_CLIENT,
            "grant_type": "password",
            "username": username,
            "password": password,
            "scope": "openid",
        },
        timeout=30,
    )


def test_the_running_realm_has_the_files_protection(admin: Admin) -> None:
    running = admin.realm()
    expected = json.loads(realm_file().read_text(encoding="utf-8"))
    assert {key: running[key] for key in SETTINGS} == {key: expected[key] for key in SETTINGS}, (
        "Keycloak runs a realm older than infra/keycloak/realm-collectivia.json: "
        "restart it (the realm is imported at every start)"
    )


def test_repeated_wrong_passwords_lock_the_user_until_unlocked(
    admin: Admin, keycloak_server: KeycloakServer, guessed_user: tuple[str, str, str]
) -> None:
    user_id, username, password = guessed_user
    realm = admin.realm()
    assert realm["bruteForceProtected"] is True
    # Slower than the quick-login check, so that the failure factor is what locks.
    pause = realm["quickLoginCheckMilliSeconds"] / 1000 + 0.2
    for attempt in range(realm["failureFactor"]):
        if attempt:
            time.sleep(pause)
        assert not admin.lockout(user_id)["disabled"], f"locked after {attempt} failures"
        refused = sign_in(keycloak_server, username, "pas-le-bon-" + password)
        assert refused.status_code == 401, refused.text
    status = admin.lockout(user_id)
    assert status["disabled"] is True
    assert status["numFailures"] == realm["failureFactor"]
    # Locked: the right password is refused as well, for now.
    locked = sign_in(keycloak_server, username, password)
    assert locked.status_code in (400, 401), locked.text
    assert "access_token" not in locked.json()

    unlocked = admin.http.delete(f"/attack-detection/brute-force/users/{user_id}")
    assert unlocked.status_code == 204, unlocked.text
    assert admin.lockout(user_id)["disabled"] is False
    signed_in = sign_in(keycloak_server, username, password)
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["access_token"]
