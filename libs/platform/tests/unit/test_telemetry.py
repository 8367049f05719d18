from __future__ import annotations

import json
import logging

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import SecretStr

from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import JsonLogFormatter, setup_telemetry


def test_json_logs_carry_the_current_trace() -> None:
    settings = ServiceSettings(
        service_name="demo", client_id="demo", client_secret=SecretStr("demo-dev-secret")
    )
    exporter = InMemorySpanExporter()
    telemetry = setup_telemetry(settings, exporter)
    formatter = JsonLogFormatter("demo")
    record = logging.LogRecord("demo.module", logging.INFO, __file__, 1, "saw %d", (3,), None)
    with telemetry.tracer("test").start_as_current_span("work") as span:
        line = json.loads(formatter.format(record))
    assert line["message"] == "saw 3"
    assert line["service"] == "demo"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
    outside = json.loads(formatter.format(record))
    assert "trace_id" not in outside
    [finished] = exporter.get_finished_spans()
    assert finished.resource.attributes["service.name"] == "demo"
