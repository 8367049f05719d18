"""One telemetry set-up per service: traces, metrics, JSON logs that carry trace ids.

Providers are passed explicitly to every instrumentation instead of relying on the global
ones, so several services can live in one process (tests) without stepping on each other.
Metrics leave over OTLP when an endpoint is set and are always readable in Prometheus text
(``GET /metrics``), from a registry of the service's own for the same reason.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
)
from prometheus_client import CollectorRegistry, generate_latest

if TYPE_CHECKING:
    from opentelemetry.metrics import Meter
    from opentelemetry.trace import Tracer

    from collectivia.platform.settings import ServiceSettings, TelemetrySettings


@dataclass
class Telemetry:
    service_name: str
    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    # What GET /metrics reads: this service's metrics only (empty for a command's providers).
    metrics_registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def tracer(self, name: str) -> Tracer:
        return self.tracer_provider.get_tracer(name)

    def meter(self, name: str) -> Meter:
        return self.meter_provider.get_meter(name)

    def instrument_httpx(self, client: httpx.Client | httpx.AsyncClient) -> None:
        HTTPXClientInstrumentor.instrument_client(
            client, tracer_provider=self.tracer_provider, meter_provider=self.meter_provider
        )

    def prometheus_text(self) -> bytes:
        """The service's metrics now, in Prometheus' text format."""
        return generate_latest(self.metrics_registry)

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()


# The instrumentations read it once per process, at their first use.
SEMCONV_OPT_IN = "OTEL_SEMCONV_STABILITY_OPT_IN"


def use_stable_http_conventions() -> None:
    """Opt the HTTP instrumentations into the stable semantic conventions: the server's
    ``http.server.request.duration`` histogram, in seconds, labelled by method, route
    template (never the raw path: no ids, bounded cardinality) and status code, which the
    chart's autoscalers and alert rules read. The older default labels by host and port."""
    chosen = [part.strip() for part in os.environ.get(SEMCONV_OPT_IN, "").split(",")]
    if "http" not in chosen and "http/dup" not in chosen:
        os.environ[SEMCONV_OPT_IN] = ",".join([*filter(None, chosen), "http"])


def setup_telemetry(
    settings: ServiceSettings, span_exporter: SpanExporter | None = None
) -> Telemetry:
    """Build the providers; export over OTLP when an endpoint is set, and to
    ``span_exporter`` (synchronously, for tests) when one is given."""
    use_stable_http_conventions()
    resource = Resource.create(
        {
            "service.name": settings.service_name,
            "service.version": settings.service_version,
            "service.namespace": "collectivia",
            "deployment.environment.name": settings.environment.value,
        }
    )
    tracer_provider = TracerProvider(resource=resource)
    metrics_registry = CollectorRegistry()
    readers: list[MetricReader] = [PrometheusMetricReader(registry=metrics_registry)]
    endpoint = settings.telemetry.otlp_endpoint
    if endpoint:
        tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        readers.append(PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=endpoint)))
    if span_exporter is not None:
        tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
    return Telemetry(
        service_name=settings.service_name,
        tracer_provider=tracer_provider,
        meter_provider=MeterProvider(resource=resource, metric_readers=readers),
        metrics_registry=metrics_registry,
    )


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line, with the current trace and span ids."""

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service_name,
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
            entry["span_id"] = format(context.span_id, "016x")
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(service_name: str, settings: TelemetrySettings) -> None:
    """Root logging for a service process; called once, at the process edge."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonLogFormatter(service_name))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # kafka-python logs every reconnect at INFO/WARNING; our own code says what matters.
    logging.getLogger("kafka").setLevel(logging.ERROR)
