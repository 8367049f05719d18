"""Fixtures of the assistant's own tests: the assistant in this process (module scope) on the
real Kafka and Keycloak, its approved entry in the register started through its entry point
(``running_ethics_register``), an HTTP client, agents' tokens.

A test module changes what the assistant gets by overriding ``assistant_chat_target`` (the
citizen chat's gRPC, e.g. ``running_citizen_chat.grpc_target``; default: nothing listens) or
``assistant_knowledge_search`` (a ``KnowledgeSearch`` instead of the chat's)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from agent_assistant_testing.agents import AUDIENCE, SECOND_AGENT, ensure_second_agent
from agent_assistant_testing.agents import second_agent_token as token_of_second_agent
from agent_assistant_testing.running import (
    SYSTEM_NAME,
    UNREACHABLE_CHAT,
    RunningAssistant,
    running_assistant,
    sections_for_tests,
    settings_for_tests,
)
from collectivia.agent_assistant.delivery.settings import DeliverySettings
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens


@pytest.fixture(scope="module")
def assistant_system(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> dict[str, Any]:
    """The assistant's approved entry (purpose ``agent-drafting``) in the running register."""
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        return approved_system(
            http,
            demo_tokens,
            name=f"{SYSTEM_NAME} {uuid.uuid4().hex[:6]}",
            purpose="agent-drafting",
            summary="Aide les agents à répondre, résumer et rédiger ; un agent relit tout.",
        )


@pytest.fixture(scope="module")
def assistant_knowledge_search() -> KnowledgeSearch | None:
    """What answers the inbox's searches; None: the citizen chat at ``assistant_chat_target``."""
    return None


@pytest.fixture(scope="module")
def assistant_chat_target() -> str:
    return UNREACHABLE_CHAT


@pytest.fixture(scope="module")
def assistant_delivery() -> DeliverySettings | None:
    """How replies leave (the SMTP relay, the chat's contact service); None: the defaults
    (no relay: replies by e-mail are refused, and say so)."""
    return None


@pytest.fixture(scope="module")
def agent_assistant(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    assistant_system: dict[str, Any],
    assistant_knowledge_search: KnowledgeSearch | None,
    assistant_chat_target: str,
    assistant_delivery: DeliverySettings | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    database = tmp_path_factory.mktemp("agent-assistant") / "assistant.db"
    settings = settings_for_tests(
        kafka_server, keycloak_server, database, register_url=running_ethics_register.base_url
    )
    supplied = sections_for_tests(
        running_ethics_register, assistant_system["id"], chat_target=assistant_chat_target
    )
    if assistant_knowledge_search is not None:
        supplied.append(assistant_knowledge_search)
    if assistant_delivery is not None:
        supplied.append(assistant_delivery)
    with running_assistant(settings, supplied=supplied) as running:
        yield running


@pytest.fixture
def assistant_http(agent_assistant: RunningAssistant) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=agent_assistant.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def agent_token(demo_tokens: DemoTokens) -> str:
    """A fresh token of julien.agent (function scope: tokens are short-lived)."""
    return demo_tokens.for_role("agent", audience=AUDIENCE)


@pytest.fixture
def admin_token(demo_tokens: DemoTokens) -> str:
    return demo_tokens.for_role("admin", audience=AUDIENCE)


@pytest.fixture(scope="session")
def second_agent(keycloak_server: KeycloakServer) -> str:
    """Another agent of julien.agent's department, for four-eyes checks."""
    ensure_second_agent(keycloak_server)
    return SECOND_AGENT


@pytest.fixture
def second_agent_token(keycloak_server: KeycloakServer, second_agent: str) -> str:
    return token_of_second_agent(keycloak_server)
