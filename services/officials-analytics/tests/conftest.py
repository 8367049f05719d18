"""Fixtures of the analytics' own tests: the service in this process, on the real Kafka and
Keycloak (tokens from the demo realm), its tables in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from officials_analytics_testing.running import running_analytics


@pytest.fixture(scope="module")
def analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    folder = tmp_path_factory.mktemp("analytics")
    with running_analytics(kafka_server, keycloak_server, folder) as running:
        yield running


@pytest.fixture
def http(analytics: RunningApp[OfficialsAnalyticsSettings]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=analytics.base_url, timeout=30) as client:
        yield client
