"""Pytest fixtures every service's tests may use (entry point ``collectivia``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

# Browser tests (marker `browser`): one Debian Chromium per session, a fresh page per test.
from collectivia.core.testing.browser import browser as browser
from collectivia.core.testing.browser import page as page
from collectivia.core.testing.llm_server import (
    GenerationServer,
    GenerationServerMissing,
    start_generation_server,
)
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


@pytest.fixture(scope="session")
def generation_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GenerationServer]:
    """A real OpenAI-compatible server (llama.cpp) with a tiny packaged model, on loopback;
    ``generation_server.settings()`` points a ``GenerationClient`` at it."""
    try:
        server = start_generation_server(tmp_path_factory.mktemp("generation-server"))
    except GenerationServerMissing as missing:
        pytest.skip(str(missing))
    yield server
    server.stop()
