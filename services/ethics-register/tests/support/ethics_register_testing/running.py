"""The register in this process, on the real Kafka and Keycloak, for its own tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.platform.definition import ServiceDefinition
from collectivia.testkit.apps import RunningApp, running_app
from collectivia.testkit.apps import settings_for_tests as service_settings_for_tests
from collectivia.testkit.servers import KafkaServer, KeycloakServer

RunningRegister = RunningApp[RegisterSettings]


def settings_for_tests(
    kafka: KafkaServer, keycloak: KeycloakServer, database: Path
) -> RegisterSettings:
    return service_settings_for_tests(RegisterSettings, kafka, keycloak, database)


@contextmanager
def running_register(
    settings: RegisterSettings,
    *,
    service: ServiceDefinition[RegisterSettings] = SERVICE,
    sections: Iterable[object] = (),
    span_exporter: SpanExporter | None = None,
) -> Iterator[RunningRegister]:
    """The whole register (HTTP, gRPC, consumer) on free ports, until the block ends;
    ``service``: the register's definition, or one with an area more (tests)."""
    with running_app(service, settings, supplied=sections, span_exporter=span_exporter) as app:
        yield app
