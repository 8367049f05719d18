"""The citizen chat, themed, served for real (uvicorn) for the browser tests: real Kafka,
Keycloak and ethics register, the sample knowledge base on the fast fake encoder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from collectivia.citizen_chat.app import create_app
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.testing import sample_knowledge_base
from collectivia.ethics_register.testing import (
    RunningRegister,
    approved_system,
    running_register,
    settings_for_tests,
)
from collectivia.platform.settings import KafkaSettings, KeycloakSettings
from collectivia.testkit.apps import serve_in_thread
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens

# A theme unlike the defaults, so that the tests see the settings' values on the page.
COLLECTIVITY = "Communauté d'agglomération du Val Test"
PRIMARY = "#6a1b9a"  # 9.39:1 with white
ACCENT = "#00695c"  # 6.61:1 with white
LOGO = "/static/icon.svg"


# One register and one chat for every browser test of the package (the register plugin's
# fixtures start one per module).
@pytest.fixture(scope="package")
def page_register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("register") / "register.db"
    with running_register(settings_for_tests(kafka_server, keycloak_server, database)) as running:
        yield running


@pytest.fixture(scope="package")
def page_register_system(page_register: RunningRegister, demo_tokens: DemoTokens) -> dict[str, Any]:
    """The chat's approved entry in the register."""
    with httpx.Client(base_url=page_register.base_url, timeout=30) as http:
        return approved_system(http, demo_tokens)


@pytest.fixture(scope="package")
def chat_settings(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    page_register: RunningRegister,
    page_register_system: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> ChatSettings:
    register, register_system = page_register, page_register_system
    folder = tmp_path_factory.mktemp("chat")
    return ChatSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{folder / 'chat.db'}",
        consumer_group=f"citizen-chat-browser-{uuid.uuid4().hex[:8]}",
        register_grpc_target=register.grpc_target,
        register_url=register.base_url,
        register_public_url=register.base_url,
        system_id=register_system["id"],
        collectivity_name=COLLECTIVITY,
        theme_primary_color=PRIMARY,
        theme_accent_color=ACCENT,
        theme_logo_url=LOGO,
        # Every page of every test comes from 127.0.0.1: no rate limit in the way.
        rate_limit_per_minute=10_000,
        kafka=KafkaSettings(
            bootstrap_servers=kafka_server.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        keycloak=KeycloakSettings(url=keycloak_server.url, leeway_seconds=0),
    )


@pytest.fixture(scope="package")
def chat_url(chat_settings: ChatSettings) -> Iterator[str]:
    app = create_app(chat_settings, knowledge=sample_knowledge_base())
    with serve_in_thread(app) as base_url:
        runtime: ChatRuntime = app.state.runtime
        assert runtime.consumer.wait_for_assignment(), "the chat's consumer got no partition"
        yield base_url


@pytest.fixture
def chat_page(page: Page, chat_url: str) -> Page:
    """The question page, loaded."""
    page.goto(chat_url + "/")
    return page
