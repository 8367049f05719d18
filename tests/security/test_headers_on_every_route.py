"""Every route of every service answers with the security headers, whatever the answer (a
page, data, a refusal, a problem): the routes are read from each service's own app, so that
a route added tomorrow is checked too. Without servers, the apps are not started (most
routes then answer 401, 422 or 503, each through the headers' middleware); on the real
servers, each service's pages are also read for inline code, which their policy refuses."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from collectivia.platform.app import create_app
from collectivia.testkit.processes import ServiceProcess

SERVICES = {
    "ethics-register": "ethics_register",
    "citizen-chat": "citizen_chat",
    "agent-assistant": "agent_assistant",
    "data-lake": "data_lake",
    "officials-analytics": "officials_analytics",
    "_template": "service_template",
}
PARAMETER = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
# Inline code a strict policy refuses: a <script> without src, <style>, style="" attributes,
# event-handler attributes, javascript: addresses.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
# The page's own stylesheets and scripts, which replace inline code: they must be served.
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script[^>]* src)="(/[^"]*)"')
INLINE_CODE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def app_of(service: str) -> FastAPI:
    definition: Any = importlib.import_module(f"collectivia.{SERVICES[service]}.definition")
    return create_app(definition.SERVICE, definition.SERVICE.settings())


def requests_of(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route, path parameters filled with a plausible value."""
    for route in iter_route_contexts(app.routes):
        path = route.path
        if path is None:
            continue
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            yield method, PARAMETER.sub("x", path)


def assert_protected(response: httpx.Response, where: str) -> None:
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy, where
    assert "'unsafe-inline'" not in policy, where
    assert "'unsafe-eval'" not in policy, where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("referrer-policy") in ("same-origin", "no-referrer"), where
    # Plain HTTP here: HSTS only over TLS.
    assert "strict-transport-security" not in headers, where


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_route_answers_with_the_headers(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A route may open the service's default database or warehouse, relative paths: in a
    # scratch folder, never the checkout's.
    monkeypatch.chdir(tmp_path)
    app = app_of(service)
    requests = list(requests_of(app))
    assert len(requests) > 5  # /openapi.json, /docs, /healthz, /readyz and the areas'
    # Not entered (no lifespan): the service is not started, no server is needed.
    client = TestClient(app, raise_server_exceptions=False)
    for method, path in requests:
        response = client.request(method, path)
        assert_protected(response, f"{service}: {method} {path} -> {response.status_code}")


def assert_no_inline_code(page: str, where: str) -> None:
    assert not INLINE_SCRIPT.search(page), f"{where}: inline <script>"
    found = INLINE_CODE.search(page)
    assert found is None, f"{where}: inline code {found.group(0) if found else ''!r}"


def test_the_inline_code_detector_finds_what_a_policy_refuses() -> None:
    for page in (
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a href="javascript:go()">',
    ):
        with pytest.raises(AssertionError):
            assert_no_inline_code(page, "demo")
    assert_no_inline_code('<script type="module" src="/static/main.js"></script>', "demo")
    assert_no_inline_code('<p data-onboarding="oui" class="styled">', "demo")


@pytest.mark.integration
@pytest.mark.embedding_model
@pytest.mark.parametrize(
    ("service", "fixture"),
    [
        ("ethics-register", "running_ethics_register"),
        ("citizen-chat", "running_citizen_chat"),
        ("agent-assistant", "running_agent_assistant"),
        ("data-lake", "running_data_lake"),
        ("officials-analytics", "running_officials_analytics"),
    ],
)
def test_the_running_services_pages_and_api_carry_the_headers(
    service: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    running: ServiceProcess = request.getfixturevalue(fixture)
    pages = 0
    assets: set[str] = set()
    with httpx.Client(base_url=running.base_url, timeout=30) as http:
        for method, path in requests_of(app_of(service)):
            response = http.request(method, path)
            where = f"{service}: {method} {path} -> {response.status_code}"
            assert_protected(response, where)
            if response.headers.get("content-type", "").startswith("text/html"):
                pages += 1
                assert_no_inline_code(response.text, where)
                assets.update(ASSET.findall(response.text))
        assert assets, f"{service}: its pages load no stylesheet or script of their own"
        for asset in sorted(assets):
            served = http.get(asset)
            assert served.status_code == 200, f"{service}: {asset} -> {served.status_code}"
            assert served.headers["content-type"].startswith(("text/css", "text/javascript"))
            assert_protected(served, f"{service}: {asset}")
    assert pages >= 2, f"{service}: its pages were not reached"
