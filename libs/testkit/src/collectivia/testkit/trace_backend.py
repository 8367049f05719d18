"""The real trace backend for tests: Jaeger v2, started by the repository's launcher
(``infra/stack.py up traces``, reused when already up). Services started through their entry
points export their spans to it over OTLP (``COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT``), as they
would to the collector in production, and tests fetch a trace by its id through Jaeger's
query API (``GET /api/v3/traces/<trace id>``), as a person would open it in the UI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from collectivia.testkit.servers import ServerStartError, repository_root

# OTLP's span kinds: JSON gives their numbers, or their names.
KINDS = {1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}


@dataclass(frozen=True)
class StoredSpan:
    service: str
    name: str
    kind: str
    trace_id: str
    span_id: str
    # "" for a root span.
    parent_span_id: str
    # The traces this span links to (a batch's consumer span links to its producers').
    linked_trace_ids: tuple[str, ...]


@dataclass(frozen=True)
class TraceBackend:
    # What a service's COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT is set to (OTLP/gRPC).
    otlp_endpoint: str
    # Jaeger's UI and query API.
    query_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TraceBackend:
        """The launcher's addresses (``COLLECTIVIA_JAEGER_OTLP_PORT``, ``_UI_PORT``)."""
        env = os.environ if env is None else env
        otlp_port = int(env.get("COLLECTIVIA_JAEGER_OTLP_PORT", "4317"))
        ui_port = int(env.get("COLLECTIVIA_JAEGER_UI_PORT", "16686"))
        return cls(f"http://127.0.0.1:{otlp_port}", f"http://127.0.0.1:{ui_port}")

    def trace(self, trace_id: str) -> list[StoredSpan]:
        """The spans stored under ``trace_id`` (none yet: an empty list)."""
        response = httpx.get(f"{self.query_url}/api/v3/traces/{trace_id}", timeout=10)
        if response.status_code == 404:
            return []
        response.raise_for_status()
        return list(_spans(response.json()))

    def recent_spans(self, service: str, since: datetime) -> list[StoredSpan]:
        """The spans of the traces ``service`` took part in since ``since``."""
        now = datetime.now(UTC) + timedelta(minutes=1)
        response = httpx.get(
            f"{self.query_url}/api/v3/traces",
            params={
                "query.service_name": service,
                "query.start_time_min": since.astimezone(UTC).isoformat(),
                "query.start_time_max": now.isoformat(),
                "query.num_traces": "100",
            },
            timeout=10,
        )
        if response.status_code == 404:
            return []
        response.raise_for_status()
        return list(_spans(response.json()))


def _spans(answer: dict[str, Any]) -> Iterator[StoredSpan]:
    for resource_spans in answer.get("result", {}).get("resourceSpans", []):
        attributes = resource_spans.get("resource", {}).get("attributes", [])
        service = next(
            (a["value"].get("stringValue", "") for a in attributes if a["key"] == "service.name"),
            "",
        )
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                kind = span.get("kind", 0)
                yield StoredSpan(
                    service=service,
                    name=span["name"],
                    kind=KINDS.get(kind, "unspecified")
                    if isinstance(kind, int)
                    else str(kind).removeprefix("SPAN_KIND_").lower(),
                    trace_id=span["traceId"],
                    span_id=span["spanId"],
                    parent_span_id=span.get("parentSpanId", ""),
                    linked_trace_ids=tuple(link["traceId"] for link in span.get("links", [])),
                )


def start_trace_backend() -> TraceBackend:
    """Jaeger, started by the launcher (reused when already up; built once per machine, which
    ``make test`` starts in the background at its beginning)."""
    root = repository_root()
    command = [sys.executable, str(root / "infra" / "stack.py"), "up", "traces"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServerStartError(
            f"`up traces` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return TraceBackend.from_env()
