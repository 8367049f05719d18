"""The register in this process, on the real Kafka and Keycloak, for its own tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.settings import KafkaSettings, KeycloakSettings
from collectivia.testkit.apps import RunningApp, running_app
from collectivia.testkit.servers import KafkaServer, KeycloakServer

RunningRegister = RunningApp[RegisterSettings]


def settings_for_tests(
    kafka: KafkaServer, keycloak: KeycloakServer, database: Path
) -> RegisterSettings:
    return RegisterSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{database}",
        # A fresh group that starts at the end of the topic: a long-lived dev broker keeps
        # every earlier run's events, which this register has no need to replay.
        consumer_group=f"ethics-register-test-{uuid.uuid4().hex[:8]}",
        kafka=KafkaSettings(
            bootstrap_servers=kafka.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        # No clock leeway, so that a token that just expired is refused at once.
        keycloak=KeycloakSettings(url=keycloak.url, leeway_seconds=0),
    )


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
