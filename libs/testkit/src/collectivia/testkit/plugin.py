"""Pytest fixtures every test may use, loaded by the root ``conftest.py``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

# Browser tests (marker `browser`): one Debian Chromium per session, a fresh page per test.
from collectivia.testkit.browser import browser as browser
from collectivia.testkit.browser import page as page
from collectivia.testkit.knowledge_pages import SAMPLE_PAGES
from collectivia.testkit.llm_server import (
    GenerationServer,
    GenerationServerMissing,
    start_generation_server,
)
from collectivia.testkit.processes import (
    ServiceProcess,
    free_port,
    lake_settings,
    platform_environment,
    register_settings,
    running_process,
    service_environment,
)
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import (
    KafkaServer,
    KeycloakServer,
    LakeScaleOut,
    realm_file,
    repository_root,
    start_kafka,
    start_keycloak,
    start_lake_scale_out,
)
from collectivia.testkit.tokens import DemoTokens


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
def lake_scale_out() -> LakeScaleOut:
    """The data lake's scale-out path, running natively: Iceberg catalog on PostgreSQL,
    warehouse on versitygw (S3), Trino on the same catalog. Left running after the session,
    like Kafka; ``lake_scale_out.catalog_properties()`` configures a pyiceberg SqlCatalog,
    ``lake_scale_out.trino_connection()`` opens a Trino DB-API connection."""
    return start_lake_scale_out()


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


@pytest.fixture(scope="session")
def running_ethics_register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """The ethics register, started through its entry point for the whole session: the
    register other services' tests talk to (HTTP, gRPC, events)."""
    folder = tmp_path_factory.mktemp("ethics-register")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment("ethics-register", folder),
    }
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def register_system(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> dict[str, Any]:
    """An approved ``citizen-information`` entry in the running register (one per module)."""
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        return approved_system(http, demo_tokens)


@pytest.fixture(scope="module")
def citizen_chat_pages() -> dict[str, str]:
    """The pages of the knowledge base of ``running_citizen_chat`` (file name -> content, any
    format the chat's knowledge folder takes): the sample pages of a demo metropolis. A test
    module overrides this fixture to give its own."""
    return dict(SAMPLE_PAGES)


@pytest.fixture(scope="module")
def running_citizen_chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    register_system: dict[str, Any],
    citizen_chat_pages: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """The citizen chat, started through its entry point for the test module: its knowledge
    base holds ``citizen_chat_pages`` (embedded by its own encoder), its entry is the module's
    approved ``register_system``; other services' tests talk to it (HTTP, gRPC, events)."""
    folder = tmp_path_factory.mktemp("citizen-chat")
    pages = folder / "pages"
    pages.mkdir()
    for name, text in citizen_chat_pages.items():
        (pages / name).write_text(text, encoding="utf-8")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment(
            "citizen-chat",
            folder,
            knowledge_dir=str(pages),
            system_id=register_system["id"],
            **register_settings(running_ethics_register),
            # Tests ask many questions from one address.
            rate_limit_per_minute="10000",
            # One encoder process: the pages are few.
            embedding_workers="1",
            # One server process: other services' tests need no crowd (the chat's own tests
            # cover its workers: worker_processes.py).
            workers="1",
        ),
    }
    with running_process("citizen-chat", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def agent_assistant_system(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> dict[str, Any]:
    """An approved ``agent-drafting`` entry in the running register (one per module): the
    entry of ``running_agent_assistant``."""
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        return approved_system(
            http,
            demo_tokens,
            purpose="agent-drafting",
            name=f"Assistant des agents {uuid.uuid4().hex[:6]}",
            summary="Aide les agents à répondre, résumer et rédiger ; un agent relit tout.",
        )


@pytest.fixture(scope="module")
def running_agent_assistant(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    agent_assistant_system: dict[str, Any],
    running_citizen_chat: ServiceProcess,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """The agents' assistant, started through its entry point for the test module: its entry
    is the module's approved ``agent_assistant_system``, its inbox searches the module's
    ``running_citizen_chat`` (and takes the handovers the chat publishes from now on), its
    database and demo templates in a folder of its own."""
    folder = tmp_path_factory.mktemp("agent-assistant")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment(
            "agent-assistant",
            folder,
            system_id=agent_assistant_system["id"],
            **register_settings(running_ethics_register),
            chat_grpc_target=running_citizen_chat.grpc_target,
        ),
    }
    with running_process("agent-assistant", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def running_data_lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """The data lake, started through its entry point for the test module: its embedded
    Iceberg catalog and warehouse, its quarantine in a folder of its own, its Arrow Flight
    server on a free port, the national Table Schemas of ``../shared/lake/schemas``."""
    folder = tmp_path_factory.mktemp("data-lake")
    schemas = repository_root().parent / "shared" / "lake" / "schemas"
    environment = {
        **platform_environment(kafka_server, keycloak_server),
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


@pytest.fixture(scope="module")
def running_ethics_register_with_lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_data_lake: ServiceProcess,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """A register of the test module's own that looks the data sources' dataset ids up in
    ``running_data_lake`` (``running_ethics_register``, the session's, has no lake)."""
    folder = tmp_path_factory.mktemp("ethics-register-with-lake")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment("ethics-register", folder, **lake_settings(running_data_lake)),
    }
    with running_process("ethics-register", environment, folder=folder) as process:
        yield process


@pytest.fixture(scope="module")
def running_officials_analytics(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServiceProcess]:
    """The officials' analytics, started through its entry point for the test module: its
    tables in an embedded catalog of its own, no forecast run at start, the session's
    register as its gate."""
    folder = tmp_path_factory.mktemp("officials-analytics")
    environment = {
        **platform_environment(kafka_server, keycloak_server),
        **service_environment(
            "officials-analytics",
            folder,
            catalog_url=f"sqlite:///{folder / 'catalog.db'}",
            warehouse=str(folder / "warehouse"),
            forecast_refresh_hours="0",
            register_grpc_target=running_ethics_register.grpc_target,
            register_public_url=running_ethics_register.base_url,
        ),
    }
    with running_process("officials-analytics", environment, folder=folder) as process:
        yield process
