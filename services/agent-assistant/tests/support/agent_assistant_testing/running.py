"""The assistant in this process, on the real Kafka and Keycloak, its entry in the register
started through the register's entry point (``running_ethics_register``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.inbox.area import InboxSettings
from collectivia.agent_assistant.settings import AssistantAiUseSettings, AssistantSettings
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.apps import RunningApp, running_app
from collectivia.testkit.apps import settings_for_tests as service_settings_for_tests
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer

RunningAssistant = RunningApp[AssistantSettings]

SYSTEM_NAME = "Assistant des agents (tests)"
# Nothing listens there: suggestions say the knowledge base does not answer.
UNREACHABLE_CHAT = "127.0.0.1:1"


def settings_for_tests(
    kafka: KafkaServer, keycloak: KeycloakServer, database: Path, **overrides: Any
) -> AssistantSettings:
    return service_settings_for_tests(AssistantSettings, kafka, keycloak, database, **overrides)


def sections_for_tests(
    register: ServiceProcess,
    system_id: str,
    *,
    chat_target: str = UNREACHABLE_CHAT,
    **inbox: Any,
) -> list[object]:
    """The assistant's entry in the running register, and the inbox's chat (``inbox``: the
    inbox's other settings, e.g. a short ``suggestion_lifetime_seconds``)."""
    return [
        AssistantAiUseSettings(
            register_grpc_target=register.grpc_target,
            register_public_url=register.base_url,
            system_id=system_id,
            system_name=SYSTEM_NAME,
        ),
        InboxSettings(chat_grpc_target=chat_target, search_timeout_seconds=2.0, **inbox),
    ]


@contextmanager
def running_assistant(
    settings: AssistantSettings,
    *,
    supplied: Iterable[object] = (),
    span_exporter: SpanExporter | None = None,
) -> Iterator[RunningAssistant]:
    """The whole assistant (HTTP, gRPC, consumer) on free ports, until the block ends;
    ``supplied``: its sections (``sections_for_tests``, a ``GatewaySettings``...) and
    replacements (a ``KnowledgeSearch``)."""
    with running_app(SERVICE, settings, supplied=supplied, span_exporter=span_exporter) as app:
        yield app


@contextmanager
def publisher_as(running: RunningAssistant, source: str) -> Iterator[KafkaEventPublisher]:
    """A publisher on the assistant's broker, as another service (``citizen-chat``) would
    publish."""
    telemetry = setup_telemetry(running.settings)
    publisher = KafkaEventPublisher(running.settings.kafka, source, telemetry)
    try:
        yield publisher
    finally:
        publisher.close()
        telemetry.shutdown()
