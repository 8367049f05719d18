"""The chat in this process, on the real Kafka and Keycloak, for its own tests, and a
publisher posing as another service (the agents' assistant, the data lake)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.feedback.area import FeedbackSettings
from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatSettings
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.apps import RunningApp, running_app
from collectivia.testkit.apps import settings_for_tests as service_settings_for_tests
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer

RunningChat = RunningApp[ChatSettings]


def settings_for_tests(
    kafka: KafkaServer, keycloak: KeycloakServer, folder: Path, **fields: Any
) -> ChatSettings:
    """The chat's own settings for its tests, its database in ``folder``."""
    return service_settings_for_tests(ChatSettings, kafka, keycloak, folder / "chat.db", **fields)


def register_sections(register: ServiceProcess, system_id: str) -> list[object]:
    """The sections that point the chat at a running register and its entry there."""
    return [
        ChatAiUseSettings(
            register_grpc_target=register.grpc_target,
            register_public_url=register.base_url,
            system_id=system_id,
        ),
        FeedbackSettings(register_url=register.base_url),
    ]


@contextmanager
def running_chat(
    settings: ChatSettings,
    *,
    supplied: Iterable[object] = (),
    span_exporter: SpanExporter | None = None,
) -> Iterator[RunningChat]:
    """The whole chat (HTTP, gRPC, consumer) on free ports, ready, until the block ends;
    ``supplied``: sections and replacements (a sample knowledge base)."""
    with running_app(SERVICE, settings, supplied=supplied, span_exporter=span_exporter) as app:
        yield app


@contextmanager
def publisher_as(service: str, kafka: KafkaServer) -> Iterator[KafkaEventPublisher]:
    """A publisher on the real Kafka posing as ``service`` (the agents' assistant, the data
    lake), for the events the chat consumes."""
    telemetry = setup_telemetry(ChatSettings(service_name=service))
    publisher = KafkaEventPublisher(
        KafkaSettings(bootstrap_servers=kafka.bootstrap_servers), service, telemetry
    )
    try:
        yield publisher
    finally:
        publisher.close()
        telemetry.shutdown()
