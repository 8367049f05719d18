"""Keycloak stopped while people use the suite: tokens issued before go on working (the
services verify them against the realm's keys they hold), a token signed by a key they have
never seen is refused with a French reason, a new sign-in on a page says in French that the
sign-in service does not answer; when Keycloak is back, new sign-ins and their tokens (new
keys: the dev realm makes new ones at each start) work again without restarting a service.

The Keycloak is a private one (its own ports and home), never the shared one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from collectivia.testkit import pages
from collectivia.testkit.fault_suite import register_environment
from collectivia.testkit.local_issuer import LocalIssuer
from collectivia.testkit.private_servers import PrivateKeycloak, start_private_keycloak
from collectivia.testkit.processes import (
    ServiceProcess,
    free_port,
    platform_environment,
    running_process,
    service_environment,
)
from collectivia.testkit.register_records import system_body
from collectivia.testkit.servers import KafkaServer, realm_file, repository_root
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.timeout(900)]

LAKE_WEB_CLIENT = "data-lake-web"
STEWARD = ("thomas.donnees", "thomas.donnees-demo")


@pytest.fixture(scope="module")
def private_keycloak(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateKeycloak]:
    keycloak = start_private_keycloak(tmp_path_factory.mktemp("private-keycloak"))
    yield keycloak
    keycloak.stop()


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer, private_keycloak: PrivateKeycloak, tmp_path_factory: Any
) -> Iterator[ServiceProcess]:
    folder: Path = tmp_path_factory.mktemp("register-on-private-keycloak")
    environment = register_environment(kafka_server, private_keycloak, folder)
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer, private_keycloak: PrivateKeycloak, tmp_path_factory: Any
) -> Iterator[ServiceProcess]:
    """The data lake and its stewards' page (Keycloak sign-in), on the private Keycloak."""
    folder: Path = tmp_path_factory.mktemp("lake-on-private-keycloak")
    schemas = repository_root().parent / "shared" / "lake" / "schemas"
    environment = {
        **platform_environment(kafka_server, private_keycloak),
        **service_environment(
            "data-lake",
            folder,
            catalog_url=f"sqlite:///{folder / 'catalog.db'}",
            warehouse=str(folder / "warehouse"),
            quarantine_folder=str(folder / "quarantine"),
            flight_port=str(free_port()),
            schema_folders=json.dumps([str(schemas)]),
        ),
    }
    with running_process("data-lake", environment, folder=folder) as process:
        yield process


def _issuer_of(keycloak: PrivateKeycloak) -> str:
    return f"{keycloak.url}/realms/collectivia"


def _signs_in(page: Page, lake: ServiceProcess, keycloak: PrivateKeycloak) -> None:
    """The steward signs in on the lake's page and sees the datasets' screen."""
    with pages.allowed_origin(keycloak, LAKE_WEB_CLIENT, lake.base_url):
        pages.sign_in(page, lake.base_url, *STEWARD)
        expect(page.locator("#compte-nom")).to_contain_text("Thomas")


def test_issued_tokens_hold_and_sign_ins_recover_without_restarting_services(
    private_keycloak: PrivateKeycloak,
    register: ServiceProcess,
    lake: ServiceProcess,
    page: Page,
) -> None:
    tokens = DemoTokens(private_keycloak.url, realm_file())
    seen = tokens.for_role("ethics-officer")  # verified once before the outage
    unseen = tokens.for_role("ethics-officer")  # issued before, first shown during it
    steward = tokens.for_role("data-steward", audience="data-lake")
    # A token signed by a key the realm never published (as a rotated key would be).
    stranger = LocalIssuer(_issuer_of(private_keycloak))
    kid = stranger.add_key()
    foreign = stranger.sign(stranger.claims(), kid)
    _signs_in(page, lake, private_keycloak)

    with (
        httpx.Client(base_url=register.base_url, timeout=30) as api,
        httpx.Client(base_url=lake.base_url, timeout=30) as lake_api,
    ):
        assert api.get("/v1/systems", headers=bearer(seen)).status_code == 200
        assert lake_api.get("/v1/datasets", headers=bearer(steward)).status_code == 200

        private_keycloak.stop()
        assert not private_keycloak.reachable()

        # Issued before: still verified (the keys the services hold), reads and writes.
        assert api.get("/v1/systems", headers=bearer(seen)).status_code == 200
        created = api.post("/v1/systems", json=system_body(), headers=bearer(unseen))
        assert created.status_code == 201, created.text
        assert lake_api.get("/v1/datasets", headers=bearer(steward)).status_code == 200
        # An unknown key cannot be looked up: refused, with a French reason, nothing leaked.
        refused = api.get("/v1/systems", headers=bearer(foreign))
        assert refused.status_code in {401, 503}, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        detail = refused.json()["detail"]
        assert "jeton" in detail or "service d'identité" in detail, detail
        assert foreign not in refused.text

        # A new sign-in on the page: a French message in place, not the browser's error page.
        page.evaluate("window.sessionStorage.clear()")
        page.goto(lake.base_url + "/")
        page.get_by_role("button", name="Se connecter").click()
        expect(page.locator("#connexion-erreur")).to_have_text(
            "Le service de connexion ne répond pas pour l'instant. "
            "Réessayez dans quelques instants."
        )
        assert page.url.startswith(lake.base_url)

        private_keycloak.start()
        # Back: a new sign-in works, and its token (signed by the new keys) opens the API of
        # services that kept running.
        _signs_in(page, lake, private_keycloak)
        tokens = DemoTokens(private_keycloak.url, realm_file())
        fresh = tokens.for_role("ethics-officer")
        assert api.get("/v1/systems", headers=bearer(fresh)).status_code == 200
        fresh_steward = tokens.for_role("data-steward", audience="data-lake")
        assert lake_api.get("/v1/datasets", headers=bearer(fresh_steward)).status_code == 200
