"""Run a service's ASGI app for real (uvicorn, a free port) in a background thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import uvicorn
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.platform.app import create_app, running_service
from collectivia.platform.assembly import RunningService
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.settings import ServiceSettings

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
