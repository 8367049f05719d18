"""The soak's load, each kind of use against a stand-in of the services' HTTP answers: what
counts as done and what as failed (an unexpected status, a chat refusing as unavailable), and
tokens renewed after a passing refusal."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from collectivia.testkit import suite_load
from collectivia.testkit.suite_load import Failed, Load, Targets, Tokens

TARGETS = Targets(
    keycloak="http://kc",
    register="http://register",
    chat="http://chat",
    assistant="http://assistant",
    lake="http://lake",
    analytics="http://analytics",
)


class StandInTokens:
    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.asked: list[tuple[str, str | None]] = []

    def for_role(self, role: str, audience: str | None = None) -> str:
        self.asked.append((role, audience))
        if self.refusals:
            self.refusals -= 1
            raise RuntimeError("invalid_grant")
        return f"token-of-{role}"


def services(outcome: str = "answered", register_status: int = 200) -> httpx.Client:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.host}{request.url.path}")
        path = request.url.path
        if request.url.host == "register":
            return httpx.Response(register_status, json=[])
        if path == "/v1/conversations":
            return httpx.Response(201, json={"id": "c1"})
        if path.endswith("/messages"):
            return httpx.Response(200, json={"outcome": outcome})
        if request.method == "DELETE":
            return httpx.Response(204)
        if path == "/v1/datasets":
            return httpx.Response(200, json=[{"id": "budget"}])
        if path == "/v1/kpis":
            return httpx.Response(200, json=[{"name": "questions-posees"}])
        return httpx.Response(200, json={})

    client = httpx.Client(transport=httpx.MockTransport(answer))
    client.seen = seen  # type: ignore[attr-defined]
    return client


@pytest.fixture
def load() -> Load:
    load = Load(TARGETS)
    load.tokens._demo = StandInTokens()  # type: ignore[assignment]
    return load


def test_each_kind_of_use_reaches_its_service(load: Load) -> None:
    http = services()
    for _ in range(5):
        load.chat(http)
    load.assistant(http)
    load.register(http)
    load.lake(http)
    load.analytics(http)
    seen = http.seen  # type: ignore[attr-defined]
    assert seen.count("POST chat/v1/conversations") == 5
    assert seen.count("DELETE chat/v1/conversations/c1") == 1  # one citizen in five erases
    assert "POST assistant/v1/tasks/summaries" in seen
    assert "GET lake/v1/datasets/budget/rows" in seen
    assert "GET analytics/v1/kpis/questions-posees" in seen
    assert "GET register/v1/exports/register.json" in seen


def test_a_refusal_or_an_unexpected_status_fails(load: Load) -> None:
    with pytest.raises(Failed, match="unavailable"):
        load.chat(services(outcome="unavailable"))
    with pytest.raises(Failed, match="GET /v1/systems: 503"):
        load.register(services(register_status=503))


def test_tokens_are_kept_and_renewed_after_a_passing_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("collectivia.testkit.suite_load.time.sleep", lambda _: None)
    tokens = Tokens("http://kc")
    stand_in = StandInTokens(refusals=2)
    tokens._demo = stand_in  # type: ignore[assignment]
    assert tokens.of("agent", "agent-assistant") == {"Authorization": "Bearer token-of-agent"}
    assert tokens.of("agent", "agent-assistant") == {"Authorization": "Bearer token-of-agent"}
    assert len(stand_in.asked) == 3  # two refusals, one token, then kept
    stand_in.refusals = 3
    monkeypatch.setattr(suite_load, "TOKEN_SECONDS", -1)
    with pytest.raises(RuntimeError):
        tokens.of("agent", "agent-assistant")


def test_expect_reads_json_only_when_json(load: Load) -> None:
    response = httpx.Response(
        200, content=json.dumps({"a": 1}), headers={"content-type": "application/json"}
    )
    response.request = httpx.Request("GET", "http://x/y")
    assert suite_load.expect(response) == {"a": 1}
    text: Any = httpx.Response(200, text="<html>", request=httpx.Request("GET", "http://x/"))
    assert suite_load.expect(text) is None


def test_the_run_loop_counts_and_outlives_a_failure(
    load: Load, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(suite_load.LOADS, "chat", 0.0)
    calls: list[int] = []

    def use(http: httpx.Client) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise Failed("refusée")
        if len(calls) == 3:
            load.stop()

    load._run("chat", use)
    assert load.done["chat"] == 2
    assert load.errors["chat"] == ["Failed: refusée"]
