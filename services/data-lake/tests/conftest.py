"""Fixtures of the data lake's own tests: the service in this process, on the real Kafka
and Keycloak (tokens from the demo realm), its lake in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from data_lake_testing.running import running_lake
from data_lake_testing.schemas import shared_schemas


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    with running_lake(kafka_server, keycloak_server, tmp_path_factory.mktemp("lake")) as running:
        yield running


@pytest.fixture
def http(lake: RunningApp[DataLakeSettings]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=lake.base_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def lake_schemas_dir() -> Path:
    return shared_schemas()


@pytest.fixture(scope="session")
def schema_catalogue(lake_schemas_dir: Path) -> SchemaCatalogue:
    return SchemaCatalogue.load([lake_schemas_dir])
