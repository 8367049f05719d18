"""The agent assistant for tests, on the real Kafka, Keycloak and ethics register.

A pytest plugin (entry point ``collectivia-agent-assistant``). Fixtures:

- ``assistant_system``: the assistant's approved entry in the test register
  (purpose ``agent-drafting``);
- ``assistant_knowledge_search``: what answers the inbox's searches; ``None`` (the default)
  means the real citizen chat at ``assistant_chat_target``; a test module may override it;
- ``assistant_chat_target``: the chat's gRPC target (default: nothing listening, so
  suggestions say the knowledge base does not answer);
- ``agent_assistant``: the whole service (HTTP, gRPC, consumer) for the test module;
- ``assistant_http``: an ``httpx.Client`` on it;
- ``agent_token`` / ``admin_token``: fresh tokens of julien.agent and marc.admin for the
  ``agent-assistant`` audience (function scope: tokens are short-lived);
- ``second_agent_token``: a token of another agent of julien.agent's department (the user
  is created in the real Keycloak once), for four-eyes checks.

Helpers: ``bearer``, ``accept_current_charter`` (task routes answer 403 until the agent
accepted the charter in force), ``events_on`` (what is on a topic, for assertions).

To run the app with another area's object replaced, build it with ``running_assistant``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin, KeycloakOpenID
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.agent_assistant.app import create_app
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch
from collectivia.agent_assistant.runtime import AssistantRuntime
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.ethics_register.testing import RunningRegister, approved_system
from collectivia.platform.settings import KafkaSettings, KeycloakSettings
from collectivia.testkit.apps import serve_in_thread
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DEV_CLI_CLIENT, DemoTokens

AUDIENCE = "agent-assistant"
SYSTEM_NAME = "Assistant des agents (tests)"
SECOND_AGENT = "amelie.agent-test"
SECOND_AGENT_PASSWORD = "amelie.agent-test-demo"  # noqa: S105 - a test user of the dev realm
SECOND_AGENT_GROUPS = ("/departments/etat-civil", "/communes/57463")
UNREACHABLE_CHAT = "127.0.0.1:1"


@dataclass
class RunningAssistant:
    base_url: str
    grpc_target: str
    runtime: AssistantRuntime
    settings: AssistantSettings


def settings_for_tests(
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    database: Path,
    register: RunningRegister,
    system_id: str = "",
    chat_target: str = UNREACHABLE_CHAT,
    **overrides: Any,
) -> AssistantSettings:
    values: dict[str, Any] = {
        "http_port": 0,
        "grpc_port": 0,
        "database_url": f"sqlite:///{database}",
        # A fresh group that starts at the end of the topics (see the register's testing).
        "consumer_group": f"agent-assistant-test-{uuid.uuid4().hex[:8]}",
        "register_grpc_target": register.grpc_target,
        "register_url": register.base_url,
        "system_id": system_id,
        "system_name": SYSTEM_NAME,
        "chat_grpc_target": chat_target,
        "search_timeout_seconds": 2.0,
        "kafka": KafkaSettings(
            bootstrap_servers=kafka.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        "keycloak": KeycloakSettings(url=keycloak.url, leeway_seconds=0),
    }
    values.update(overrides)
    return AssistantSettings(**values)


@contextmanager
def running_assistant(
    settings: AssistantSettings,
    knowledge_search: KnowledgeSearch | None = None,
    span_exporter: SpanExporter | None = None,
) -> Iterator[RunningAssistant]:
    """The whole service on free ports, until the block ends."""
    app = create_app(settings, span_exporter=span_exporter, knowledge_search=knowledge_search)
    with serve_in_thread(app) as base_url:
        runtime: AssistantRuntime = app.state.runtime
        if not runtime.consumer.wait_for_assignment():
            raise TimeoutError("the assistant's consumer got no partition")
        yield RunningAssistant(base_url, f"127.0.0.1:{runtime.grpc_port}", runtime, settings)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def accept_current_charter(http: httpx.Client, token: str) -> int:
    """Accept the charter in force as the token's agent; its version."""
    current = http.get("/v1/charter", headers=bearer(token))
    current.raise_for_status()
    version = int(current.json()["version"])
    accepted = http.post(
        "/v1/charter/acceptances", json={"version": version}, headers=bearer(token)
    )
    accepted.raise_for_status()
    return version


def ensure_second_agent(keycloak: KeycloakServer, realm: str = "collectivia") -> None:
    """A second agent of julien.agent's department, created once in the real Keycloak."""
    admin = KeycloakAdmin(
        server_url=keycloak.url,
        username=keycloak.admin_username,
        password=keycloak.admin_password,
        realm_name=realm,
        user_realm_name="master",
    )
    if admin.get_user_id(SECOND_AGENT) is not None:
        return
    user_id = admin.create_user(
        {
            "username": SECOND_AGENT,
            "email": f"{SECOND_AGENT}@demo.collectivia.fr",
            "firstName": "Amélie",
            "lastName": "Test",
            "enabled": True,
            "emailVerified": True,
            "credentials": [
                {"type": "password", "value": SECOND_AGENT_PASSWORD, "temporary": False}
            ],
        },
        exist_ok=True,
    )
    admin.assign_realm_roles(user_id, [admin.get_realm_role("agent")])
    for path in SECOND_AGENT_GROUPS:
        admin.group_user_add(user_id, admin.get_group_by_path(path)["id"])


@pytest.fixture(scope="module")
def assistant_system(register: RunningRegister, demo_tokens: DemoTokens) -> dict[str, Any]:
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        return approved_system(
            http,
            demo_tokens,
            name=f"{SYSTEM_NAME} {uuid.uuid4().hex[:6]}",
            purpose="agent-drafting",
            summary="Aide les agents à répondre, résumer et rédiger ; un agent relit tout.",
        )


@pytest.fixture(scope="module")
def assistant_knowledge_search() -> KnowledgeSearch | None:
    return None


@pytest.fixture(scope="module")
def assistant_chat_target() -> str:
    return UNREACHABLE_CHAT


@pytest.fixture(scope="module")
def agent_assistant(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    register: RunningRegister,
    assistant_system: dict[str, Any],
    assistant_knowledge_search: KnowledgeSearch | None,
    assistant_chat_target: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    database = tmp_path_factory.mktemp("agent-assistant") / "assistant.db"
    settings = settings_for_tests(
        kafka_server,
        keycloak_server,
        database,
        register,
        system_id=assistant_system["id"],
        chat_target=assistant_chat_target,
    )
    with running_assistant(settings, assistant_knowledge_search) as running:
        yield running


@pytest.fixture
def assistant_http(agent_assistant: RunningAssistant) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=agent_assistant.base_url, timeout=30) as client:
        yield client


@pytest.fixture
def agent_token(demo_tokens: DemoTokens) -> str:
    return demo_tokens.for_role("agent", audience=AUDIENCE)


@pytest.fixture
def admin_token(demo_tokens: DemoTokens) -> str:
    return demo_tokens.for_role("admin", audience=AUDIENCE)


@pytest.fixture(scope="session")
def second_agent(keycloak_server: KeycloakServer) -> str:
    ensure_second_agent(keycloak_server)
    return SECOND_AGENT


@pytest.fixture
def second_agent_token(keycloak_server: KeycloakServer, second_agent: str) -> str:
    client = KeycloakOpenID(
        server_url=keycloak_server.url, realm_name="collectivia", client_id=DEV_CLI_CLIENT
    )
    response = client.token(
        second_agent, SECOND_AGENT_PASSWORD, scope=f"openid audience-{AUDIENCE}"
    )
    return str(response["access_token"])
