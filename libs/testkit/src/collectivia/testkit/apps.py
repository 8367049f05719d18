"""Run a service's ASGI app for real (uvicorn, a free port) in a background thread."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import uvicorn
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.platform.app import create_app, running_service
from collectivia.platform.assembly import RunningService
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.settings import KafkaSettings, KeycloakSettings, ServiceSettings
from collectivia.testkit.servers import KafkaServer, KeycloakServer

S = TypeVar("S", bound=ServiceSettings)


@contextmanager
def serve_in_thread(app: Any, startup_timeout: float = 60.0) -> Iterator[str]:
    """Start ``app`` with its lifespan on 127.0.0.1 and a free port; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the app failed to start; see the log above")
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not start in time")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def settings_for_tests(
    settings: type[S],
    kafka: KafkaServer,
    keycloak: KeycloakServer,
    database: Path,
    **fields: Any,
) -> S:
    """A service's own settings for its tests: free ports, its database at ``database``, a
    fresh consumer group starting at the end of the topics (a long-lived dev broker keeps
    every earlier run's events, which the test has no need to replay), quick dead-lettering,
    no clock leeway on tokens (a token that just expired is refused at once); ``fields`` set
    others — the service's own only, as an area's go in its section."""
    unknown = set(fields) - set(settings.model_fields)
    if unknown:  # settings ignore unknown names: a section's field would be lost silently
        raise TypeError(f"not a field of {settings.__name__} (a section's?): {sorted(unknown)}")
    values: dict[str, Any] = {
        "http_port": 0,
        "grpc_port": 0,
        "database_url": f"sqlite:///{database}",
        "consumer_group": f"{uuid.uuid4().hex[:12]}-test",
        "kafka": KafkaSettings(
            bootstrap_servers=kafka.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        "keycloak": KeycloakSettings(url=keycloak.url, leeway_seconds=0),
    }
    return settings(**{**values, **fields})


@dataclass
class RunningApp(Generic[S]):
    """A service running in this process: its URLs, and the service itself for the service's
    own tests (its objects: ``running.service.get(AuditLog)``)."""

    base_url: str
    grpc_target: str
    service: RunningService
    settings: S


@contextmanager
def running_app(
    definition: ServiceDefinition[S],
    settings: S,
    *,
    supplied: Iterable[object] = (),
    span_exporter: SpanExporter | None = None,
    ready_timeout: float = 30.0,
) -> Iterator[RunningApp[S]]:
    """The whole service (HTTP, gRPC, consumer) in this process on free ports, ready (its
    consumer placed), until the block ends. Other services' tests start it through its
    entry point instead (``collectivia.testkit.processes``)."""
    app = create_app(definition, settings, supplied=supplied, span_exporter=span_exporter)
    with serve_in_thread(app) as base_url:
        service = running_service(app)
        if service.consumer is not None and not service.consumer.wait_for_assignment(ready_timeout):
            raise TimeoutError(f"the consumer of {definition.name} got no partition")
        yield RunningApp(base_url, f"127.0.0.1:{service.grpc_port}", service, settings)
