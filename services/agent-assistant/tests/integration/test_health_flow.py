"""The service starts on the real Kafka, Keycloak and register, and answers its health check."""

from __future__ import annotations

import httpx
import pytest

from agent_assistant_testing.running import RunningAssistant

pytestmark = pytest.mark.integration


def test_the_service_starts_and_is_healthy(
    agent_assistant: RunningAssistant, assistant_http: httpx.Client
) -> None:
    assert assistant_http.get("/healthz").json() == {"status": "ok"}
    assert agent_assistant.service.grpc_port > 0


def test_routes_need_a_token(assistant_http: httpx.Client) -> None:
    response = assistant_http.get("/v1/charter")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
