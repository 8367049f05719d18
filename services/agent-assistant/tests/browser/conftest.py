"""The intranet page served for real (uvicorn) for the browser tests: the assistant of the
test module (``agent_assistant``, real Kafka, Keycloak and register) with its origin allowed
by Keycloak, julien.agent signed in. A module whose citizens hand over through the real
citizen chat (``citizen_chat``: ``running_citizen_chat``, the sample pages) points the
assistant's inbox at it by overriding ``assistant_chat_target``."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.agents import AUDIENCE, accept_current_charter
from agent_assistant_testing.browser import INTRANET_CLIENT, sign_in
from agent_assistant_testing.running import RunningAssistant
from collectivia.testkit.pages import allowed_origin
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer


@pytest.fixture(scope="module")
def citizen_chat(running_citizen_chat: ServiceProcess) -> ServiceProcess:
    """The real citizen chat: citizens hand over through it, the inbox searches through it
    (when the module points ``assistant_chat_target`` at it), it shows the agent's reply (it
    consumes handoff-resolved)."""
    return running_citizen_chat


@pytest.fixture(scope="module")
def intranet(
    agent_assistant: RunningAssistant, keycloak_server: KeycloakServer
) -> Iterator[RunningAssistant]:
    """The agent assistant with its intranet page, its origin allowed by Keycloak."""
    with allowed_origin(keycloak_server, INTRANET_CLIENT, agent_assistant.base_url):
        yield agent_assistant


@pytest.fixture
def agent_api(intranet: RunningAssistant, demo_tokens: DemoTokens) -> Iterator[httpx.Client]:
    """The assistant's API as julien.agent, who accepted the charter in force."""
    token = demo_tokens.for_role("agent", audience=AUDIENCE)
    with httpx.Client(base_url=intranet.base_url, timeout=30, headers=bearer(token)) as http:
        accept_current_charter(http, token)
        yield http


@pytest.fixture
def agent_page(page: Page, intranet: RunningAssistant, agent_api: httpx.Client) -> Page:
    """The intranet page, julien.agent signed in (charter accepted): the inbox."""
    sign_in(page, intranet.base_url)
    expect(page.get_by_role("heading", level=1, name="Demandes des habitants")).to_be_visible()
    return page
