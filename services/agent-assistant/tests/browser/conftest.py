"""The agent assistant and the citizen chat, served for real (uvicorn) for the browser
tests: real Kafka, Keycloak and ethics register, the chat's sample knowledge base on the fast
fake encoder. One set of servers for every browser test of the package."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from collectivia.agent_assistant.testing import (
    SECOND_AGENT,
    RunningAssistant,
    accept_current_charter,
    bearer,
    ensure_second_agent,
    running_assistant,
    settings_for_tests,
)
from collectivia.agent_assistant.web.testing import RunningChat, allowed_origin, sign_in
from collectivia.citizen_chat.app import create_app as create_chat_app
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.testing import sample_knowledge_base
from collectivia.ethics_register.testing import (
    RunningRegister,
    approved_system,
    running_register,
)
from collectivia.ethics_register.testing import settings_for_tests as register_settings
from collectivia.platform.settings import KafkaSettings, KeycloakSettings
from collectivia.testkit.apps import serve_in_thread
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens


@pytest.fixture(scope="package")
def page_register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("register") / "register.db"
    with running_register(register_settings(kafka_server, keycloak_server, database)) as running:
        yield running


@pytest.fixture(scope="package")
def citizen_chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    page_register: RunningRegister,
    demo_tokens: DemoTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningChat]:
    """The real citizen chat: citizens hand over through it, the inbox searches through it,
    it shows the agent's reply (it consumes handoff-resolved)."""
    with httpx.Client(base_url=page_register.base_url, timeout=30) as http:
        system = approved_system(http, demo_tokens)
    folder = tmp_path_factory.mktemp("chat")
    settings = ChatSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{folder / 'chat.db'}",
        consumer_group=f"citizen-chat-intranet-{uuid.uuid4().hex[:8]}",
        register_grpc_target=page_register.grpc_target,
        register_url=page_register.base_url,
        register_public_url=page_register.base_url,
        system_id=system["id"],
        rate_limit_per_minute=10_000,
        kafka=KafkaSettings(
            bootstrap_servers=kafka_server.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        keycloak=KeycloakSettings(url=keycloak_server.url, leeway_seconds=0),
    )
    app = create_chat_app(settings, knowledge=sample_knowledge_base())
    with serve_in_thread(app) as base_url:
        runtime: ChatRuntime = app.state.runtime
        assert runtime.consumer.wait_for_assignment(), "the chat's consumer got no partition"
        yield RunningChat(base_url, f"127.0.0.1:{runtime.grpc_port}")


@pytest.fixture(scope="package")
def intranet(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    page_register: RunningRegister,
    citizen_chat: RunningChat,
    demo_tokens: DemoTokens,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    """The agent assistant with its intranet page, its origin allowed by Keycloak."""
    with httpx.Client(base_url=page_register.base_url, timeout=30) as http:
        system = approved_system(
            http,
            demo_tokens,
            name=f"Assistant des agents (page) {uuid.uuid4().hex[:6]}",
            purpose="agent-drafting",
            summary="Aide les agents à répondre, résumer et rédiger ; un agent relit tout.",
        )
    database = tmp_path_factory.mktemp("agent-assistant") / "assistant.db"
    settings = settings_for_tests(
        kafka_server,
        keycloak_server,
        database,
        page_register,
        system_id=system["id"],
        chat_target=citizen_chat.grpc_target,
    )
    with running_assistant(settings) as running, allowed_origin(keycloak_server, running.base_url):
        yield running


@pytest.fixture(scope="package")
def second_agent_name(keycloak_server: KeycloakServer) -> str:
    ensure_second_agent(keycloak_server)
    return SECOND_AGENT


@pytest.fixture
def agent_api(intranet: RunningAssistant, demo_tokens: DemoTokens) -> Iterator[httpx.Client]:
    """The assistant's API as julien.agent, who accepted the charter in force."""
    token = demo_tokens.for_role("agent", audience="agent-assistant")
    with httpx.Client(base_url=intranet.base_url, timeout=30, headers=bearer(token)) as http:
        accept_current_charter(http, token)
        yield http


@pytest.fixture
def agent_page(page: Page, intranet: RunningAssistant, agent_api: httpx.Client) -> Page:
    """The intranet page, julien.agent signed in (charter accepted): the inbox."""
    sign_in(page, intranet.base_url)
    expect(page.get_by_role("heading", level=1, name="Demandes des habitants")).to_be_visible()
    return page
