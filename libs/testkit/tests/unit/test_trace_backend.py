"""Reading Jaeger's query API (OTLP JSON) into spans: services, kinds, parents and links, and
the answers that mean "nothing yet" — against a stand-in of the API, no Jaeger needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from collectivia.testkit.trace_backend import StoredSpan, TraceBackend

TRACE = "5b8efff798038103d269b633813fc60c"
OTHER = "0af7651916cd43dd8448eb211c80319c"


def resource(service: str, spans: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": service}}]},
        "scopeSpans": [{"scope": {"name": "x"}, "spans": spans}],
    }


ANSWER = {
    "result": {
        "resourceSpans": [
            resource(
                "citizen-chat",
                [
                    {"traceId": TRACE, "spanId": "a1", "name": "POST /v1/x", "kind": 2},
                    {
                        "traceId": TRACE,
                        "spanId": "a2",
                        "parentSpanId": "a1",
                        "name": "send ai.used.v1",
                        "kind": "SPAN_KIND_PRODUCER",
                    },
                ],
            ),
            resource(
                "officials-analytics",
                [
                    {
                        "traceId": OTHER,
                        "spanId": "b1",
                        "name": "process",
                        "kind": 5,
                        "links": [{"traceId": TRACE, "spanId": "a2"}],
                    }
                ],
            ),
        ]
    }
}


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith(OTHER):
            return httpx.Response(404, json={"error": {"httpCode": 404}})
        return httpx.Response(200, json=ANSWER)

    transport = httpx.MockTransport(answer)

    def get(url: str, **kwargs: Any) -> httpx.Response:
        with httpx.Client(transport=transport) as client:
            return client.get(url, params=kwargs.get("params"))

    monkeypatch.setattr(httpx, "get", get)
    return seen


def test_a_trace_is_read_with_its_services_kinds_parents_and_links(
    requests: list[httpx.Request],
) -> None:
    backend = TraceBackend.from_env({"COLLECTIVIA_JAEGER_UI_PORT": "17686"})
    spans = backend.trace(TRACE)
    assert str(requests[0].url) == f"http://127.0.0.1:17686/api/v3/traces/{TRACE}"
    assert spans == [
        StoredSpan("citizen-chat", "POST /v1/x", "server", TRACE, "a1", "", ()),
        StoredSpan("citizen-chat", "send ai.used.v1", "producer", TRACE, "a2", "a1", ()),
        StoredSpan("officials-analytics", "process", "consumer", OTHER, "b1", "", (TRACE,)),
    ]


def test_a_trace_not_there_yet_is_empty(requests: list[httpx.Request]) -> None:
    assert TraceBackend.from_env({}).trace(OTHER) == []


def test_recent_spans_ask_for_one_service_since_a_time(requests: list[httpx.Request]) -> None:
    since = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
    spans = TraceBackend.from_env({}).recent_spans("officials-analytics", since)
    assert len(spans) == 3
    params = requests[0].url.params
    assert params["query.service_name"] == "officials-analytics"
    assert params["query.start_time_min"] == "2026-12-05T22:00:00+00:00"
    assert int(params["query.num_traces"]) > 0
