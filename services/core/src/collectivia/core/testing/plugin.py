"""Pytest fixtures every service's tests may use (entry point ``collectivia``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from collectivia.core.testing.servers import (
    KafkaServer,
    KeycloakServer,
    realm_file,
    start_kafka,
    start_keycloak,
)
from collectivia.core.testing.tokens import DemoTokens


@pytest.fixture(scope="session")
def kafka_server() -> Iterator[KafkaServer]:
    server = start_kafka()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def keycloak_server() -> Iterator[KeycloakServer]:
    server = start_keycloak()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_tokens(keycloak_server: KeycloakServer) -> DemoTokens:
    return DemoTokens(keycloak_server.url, realm_file())


@pytest.fixture
def span_exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()
