"""The stewards' page served for real (uvicorn, a free port) for the browser tests: the data
lake of the test module, on the real Kafka and Keycloak, with the national schemas and a
quarantine folder of the test's; its origin allowed by Keycloak's ``data-lake-web`` client;
thomas.donnees (role data-steward) signed in through the real login page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.testkit import pages
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.pages import allowed_origin
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

WEB_CLIENT = "data-lake-web"
STEWARD, STEWARD_PASSWORD = "thomas.donnees", "thomas.donnees-demo"
REPOSITORY = Path(__file__).resolve().parents[4]
SCHEMAS = REPOSITORY.parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    """The data lake with its page, its origin allowed by Keycloak."""
    folder = tmp_path_factory.mktemp("lake")
    ingestion = IngestionSettings(
        schema_folders=[str(SCHEMAS)], quarantine_folder=str(folder / "quarantine")
    )
    with (
        running_lake(kafka_server, keycloak_server, folder, supplied=[ingestion]) as running,
        allowed_origin(keycloak_server, WEB_CLIENT, running.base_url),
    ):
        yield running


@pytest.fixture
def steward_api(
    lake: RunningApp[DataLakeSettings], demo_tokens: DemoTokens
) -> Iterator[httpx.Client]:
    """The data lake's API as a data steward (to prepare what the page shows)."""
    token = demo_tokens.for_role("data-steward", audience="data-lake")
    with httpx.Client(base_url=lake.base_url, timeout=30, headers=bearer(token)) as http:
        yield http


def declared(http: httpx.Client, dataset_id: str, **fields: Any) -> dict[str, Any]:
    """A dataset of SCDL grants, declared through the API."""
    body = dataset_body(
        dataset_id,
        schema_name="scdl/subventions",
        key_columns=["referenceDecision"],
        **fields,
    )
    created = http.post("/v1/datasets", json=body)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def sign_in(
    page: Page, base_url: str, username: str = STEWARD, password: str = STEWARD_PASSWORD
) -> None:
    """Through the real Keycloak login page, typed as a steward types it."""
    pages.sign_in(page, base_url, username, password)


@pytest.fixture
def steward_page(page: Page, lake: RunningApp[DataLakeSettings]) -> Page:
    """The page, thomas.donnees signed in: the datasets."""
    sign_in(page, lake.base_url)
    expect(page.get_by_role("heading", level=1, name="Jeux de données")).to_be_visible()
    return page
