"""Asking the register's own explanation endpoint, when the application serves one."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp

from collectivia.core.errors import DependencyUnavailable

EXPLANATION_PATH = "/v1/decisions/{use_id}/explanation"


def serves_explanations(routes: list[BaseRoute]) -> bool:
    """Whether a GET on the explanation path reaches a route (included routers too)."""
    path = EXPLANATION_PATH.format(use_id="probe")
    scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


async def fetch_explanation(app: ASGIApp, use_id: str) -> dict[str, Any] | None:
    """The explanation as the JSON endpoint gives it, or None for an unknown decision."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://register") as client:
        response = await client.get(EXPLANATION_PATH.format(use_id=quote(use_id, safe="")))
    if response.status_code == httpx.codes.NOT_FOUND:
        return None
    if response.status_code != httpx.codes.OK:
        raise DependencyUnavailable(f"the explanation endpoint answered {response.status_code}")
    explanation: dict[str, Any] = response.json()
    return explanation
