"""Helpers of the tests of the services' pages (built on ``collectivia.platform.pages``): the
scripts a page imports against those it serves; the page's origin allowed by its Keycloak
public client while a test module serves it, and signing in through the real Keycloak login
page, typed as a person types it (browser tests)."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from keycloak import KeycloakAdmin
from playwright.sync_api import Page, expect

from collectivia.platform.pages.responses import SCRIPT, SHARED_ASSETS, StaticAssets
from collectivia.testkit.servers import KeycloakServer

REALM = "collectivia"
IMPORT = re.compile(r'^(?:import|export) .* from "\./((?:shared/)?[a-z]+\.js)";$', re.MULTILINE)


def _folder(assets: StaticAssets) -> Path:
    return Path(str(files(assets.package) / "static"))


def scripts_imported(assets: StaticAssets) -> set[str]:
    """The scripts a page loads, as paths under /static/: ``main.js``, what its own modules
    import (``name.js``, ``shared/name.js``), what the shared modules import from each other."""
    imported = {"main.js"}
    for script in _folder(assets).glob("*.js"):
        imported |= set(IMPORT.findall(script.read_text("utf-8")))
    for script in _folder(SHARED_ASSETS).glob("*.js"):
        imported |= {f"shared/{name}" for name in IMPORT.findall(script.read_text("utf-8"))}
    return imported


def scripts_served(assets: StaticAssets) -> set[str]:
    """The scripts a page serves, as paths under /static/: its own and the shared ones."""
    own = {name for name, kind in assets.types.items() if kind == SCRIPT}
    return own | {f"shared/{name}" for name, kind in SHARED_ASSETS.types.items() if kind == SCRIPT}


def assets_on_disk(assets: StaticAssets) -> set[str]:
    """The files of the page's static folder (each must be served, and only those)."""
    return {path.name for path in _folder(assets).iterdir() if path.is_file()}


def keycloak_admin(keycloak: KeycloakServer, realm: str = REALM) -> KeycloakAdmin:
    """The admin API of ``realm``, as the master realm's administrator (dev only)."""
    return KeycloakAdmin(
        server_url=keycloak.url,
        username=keycloak.admin_username,
        password=keycloak.admin_password,
        realm_name=realm,
        user_realm_name="master",
    )


class allowed_origin:  # noqa: N801 - a context manager used like a function
    """Keycloak answers the token endpoint's CORS requests from ``origin`` for the public
    client ``client`` until the block ends: the realm file lists the dev stack's origins,
    the tests serve the page on a free port."""

    def __init__(
        self, keycloak: KeycloakServer, client: str, origin: str, realm: str = REALM
    ) -> None:
        self.admin = keycloak_admin(keycloak, realm)
        self.origin = origin
        client_id = self.admin.get_client_id(client)
        assert client_id is not None, f"no {client} client in the realm"
        self.client_id: str = client_id

    def _set(self, add: bool) -> None:
        origins: list[str] = self.admin.get_client(self.client_id)["webOrigins"]
        origins = [o for o in origins if o != self.origin] + ([self.origin] if add else [])
        self.admin.update_client(self.client_id, {"webOrigins": origins})

    def __enter__(self) -> None:
        self._set(True)

    def __exit__(self, *exc: object) -> None:
        self._set(False)


def type_credentials(page: Page, username: str, password: str) -> None:
    """On Keycloak's login page: the username, the password, Enter."""
    page.locator("#username").press_sequentially(username)
    page.locator("#password").press_sequentially(password)
    page.locator("#password").press("Enter")


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """From the page at ``base_url`` to Keycloak's login page and back, signed in (the
    account's name shown)."""
    page.goto(base_url + "/")
    page.get_by_role("button", name="Se connecter").click()
    page.locator("#username").wait_for()
    assert not page.url.startswith(base_url)
    type_credentials(page, username, password)
    expect(page.locator("#compte-nom")).to_be_visible()
    assert page.url.startswith(base_url + "/")
