"""A real ethics register for tests, this service's and those of the services that call it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.core.settings import KafkaSettings, KeycloakSettings
from collectivia.core.testing.apps import serve_in_thread
from collectivia.core.testing.servers import KafkaServer, KeycloakServer
from collectivia.ethics_register.app import create_app
from collectivia.ethics_register.runtime import RegisterRuntime
from collectivia.ethics_register.settings import RegisterSettings

SystemBody = Callable[..., dict[str, object]]


@dataclass
class RunningRegister:
    base_url: str
    grpc_target: str
    runtime: RegisterRuntime
    settings: RegisterSettings


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
    settings: RegisterSettings, span_exporter: SpanExporter | None = None
) -> Iterator[RunningRegister]:
    """The whole service (HTTP, gRPC, consumer) on free ports, until the block ends."""
    app = create_app(settings, span_exporter=span_exporter)
    with serve_in_thread(app) as base_url:
        runtime: RegisterRuntime = app.state.runtime
        if not runtime.consumer.wait_for_assignment():
            raise TimeoutError("the register's consumer got no partition")
        yield RunningRegister(base_url, f"127.0.0.1:{runtime.grpc_port}", runtime, settings)


def system_body(**overrides: object) -> dict[str, object]:
    """A valid registration body; keyword arguments override its fields."""
    return {
        "name": f"Assistant virtuel citoyen {uuid.uuid4().hex[:6]}",
        "purpose": "citizen-information",
        "description": "Répond aux questions sur les services publics locaux, avec ses sources.",
        "owner": "Direction du numérique",
        "risk_class": "limited",
        "status": "approved",
        **overrides,
    }
