"""Fixtures of the chat's own tests, in one place. Integration and browser tests start the
chat in this process (``citizen_chat_testing.running``) and reach the real register only
through ``running_ethics_register`` and ``register_system``: its HTTP and gRPC APIs, its
events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from citizen_chat_testing.knowledge import sample_knowledge_base
from citizen_chat_testing.running import register_sections, running_chat, settings_for_tests
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatSettings
from collectivia.citizen_chat.web.theme import ThemeSettings
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens


@pytest.fixture(scope="module")
def chat_register(
    running_ethics_register: ServiceProcess, register_system: dict[str, Any]
) -> list[object]:
    """The chat's AI-use and feedback sections, set to the running register and to the
    approved entry the chat uses there (one per module)."""
    return register_sections(running_ethics_register, register_system["id"])


# --- The themed chat of the browser tests: one for all of them ---------------------------

# A theme unlike the defaults, so that the tests see the settings' values on the page.
COLLECTIVITY = "Communauté d'agglomération du Val Test"
PRIMARY = "#6a1b9a"  # 9.39:1 with white
ACCENT = "#00695c"  # 6.61:1 with white
LOGO = "/static/icon.svg"


@pytest.fixture(scope="session")
def chat_settings(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> ChatSettings:
    folder = tmp_path_factory.mktemp("page-chat")
    return settings_for_tests(kafka_server, keycloak_server, folder, collectivity_name=COLLECTIVITY)


@pytest.fixture(scope="session")
def chat_theme() -> ThemeSettings:
    return ThemeSettings(
        theme_primary_color=PRIMARY, theme_accent_color=ACCENT, theme_logo_url=LOGO
    )


@pytest.fixture(scope="session")
def page_register(running_ethics_register: ServiceProcess, demo_tokens: DemoTokens) -> list[object]:
    """The sections of the page's chat: the register, and an approved entry of its own."""
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        system = approved_system(http, demo_tokens)
    return register_sections(running_ethics_register, system["id"])


@pytest.fixture(scope="session")
def chat_ai_use(page_register: list[object]) -> ChatAiUseSettings:
    """Where the page's chat finds the register, and its entry there."""
    [section] = [s for s in page_register if isinstance(s, ChatAiUseSettings)]
    return section


@pytest.fixture(scope="session")
def chat_url(
    chat_settings: ChatSettings, chat_theme: ThemeSettings, page_register: list[object]
) -> Iterator[str]:
    supplied = [
        *page_register,
        chat_theme,
        # Every page of every test comes from 127.0.0.1: no rate limit in the way.
        ConversationSettings(rate_limit_per_minute=10_000),
        sample_knowledge_base(),
    ]
    with running_chat(chat_settings, supplied=supplied) as chat:
        yield chat.base_url


@pytest.fixture
def chat_page(page: Page, chat_url: str) -> Page:
    """The question page, loaded."""
    page.goto(chat_url + "/")
    return page
