"""The security headers on every kind of response: data, pages, a page's own policy, a
stream, the platform's errors (404, 422, the unexpected 500 that Starlette sends past every
middleware); HSTS over TLS only; the API documentation page without inline code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, StreamingResponse
from fastapi.testclient import TestClient

from collectivia.platform.api_docs import POLICY, api_docs_router
from collectivia.platform.http import install_problem_handlers
from collectivia.platform.security_headers import (
    DATA_POLICY,
    HSTS,
    PAGE_POLICY,
    SecurityHeadersMiddleware,
)

OWN_POLICY = "default-src 'self'; connect-src 'self' https://sso.example; frame-ancestors 'none'"


def app() -> FastAPI:
    demo = FastAPI(docs_url=None, redoc_url=None)
    demo.add_middleware(SecurityHeadersMiddleware)
    install_problem_handlers(demo)
    demo.include_router(api_docs_router("Démo <API>"))

    @demo.get("/data")
    def data(limit: int = 10) -> dict[str, int]:
        return {"limit": limit}

    @demo.get("/page", response_class=HTMLResponse)
    def page() -> HTMLResponse:
        return HTMLResponse("<!DOCTYPE html><p>Bonjour</p>")

    @demo.get("/own", response_class=HTMLResponse)
    def own() -> HTMLResponse:
        headers = {"Content-Security-Policy": OWN_POLICY, "Referrer-Policy": "no-referrer"}
        return HTMLResponse("<p>Bonjour</p>", headers=headers)

    @demo.get("/stream")
    def stream() -> StreamingResponse:
        def sentences() -> Iterator[str]:
            yield "event: sentence\ndata: un\n\n"
            yield "event: done\ndata: {}\n\n"

        return StreamingResponse(sentences(), media_type="text/event-stream")

    @demo.get("/boom")
    def boom() -> None:
        raise RuntimeError("unexpected")

    return demo


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app(), raise_server_exceptions=False) as test_client:
        yield test_client


def assert_protected(headers: httpx.Headers, policy: str) -> None:
    get = headers.get
    assert get("Content-Security-Policy") == policy
    assert get("X-Content-Type-Options") == "nosniff"
    assert get("X-Frame-Options") == "DENY"
    assert get("Referrer-Policy") in ("same-origin", "no-referrer")
    assert get("Strict-Transport-Security") is None  # plain HTTP


@pytest.mark.parametrize(
    ("path", "status", "policy"),
    [
        ("/data", 200, DATA_POLICY),
        ("/page", 200, PAGE_POLICY),
        ("/own", 200, OWN_POLICY),
        ("/stream", 200, DATA_POLICY),
        ("/nowhere", 404, DATA_POLICY),
        ("/data?limit=many", 422, DATA_POLICY),
        ("/boom", 500, DATA_POLICY),
        ("/docs", 200, POLICY),
        ("/docs/swagger-start.js", 200, PAGE_POLICY),
        ("/docs/assets/swagger-ui-bundle.js", 200, PAGE_POLICY),
        ("/docs/assets/swagger-ui.css", 200, DATA_POLICY),
    ],
)
def test_every_response_carries_the_headers(
    client: TestClient, path: str, status: int, policy: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert_protected(response.headers, policy)


def test_a_response_keeps_the_policy_it_set_itself(client: TestClient) -> None:
    response = client.get("/own")
    assert response.headers["Content-Security-Policy"] == OWN_POLICY
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers.get_list("Content-Security-Policy") == [OWN_POLICY]


def test_the_policies_allow_no_inline_code_and_no_framing() -> None:
    for policy in (PAGE_POLICY, DATA_POLICY, POLICY):
        assert "'unsafe-inline'" not in policy
        assert "'unsafe-eval'" not in policy
        assert "frame-ancestors 'none'" in policy


def test_hsts_only_over_tls() -> None:
    with TestClient(app(), base_url="https://api.example", raise_server_exceptions=False) as tls:
        assert tls.get("/data").headers["Strict-Transport-Security"] == HSTS
        assert tls.get("/boom").headers["Strict-Transport-Security"] == HSTS
    with TestClient(app()) as plain:
        assert "Strict-Transport-Security" not in plain.get("/data").headers


def test_the_docs_page_starts_swagger_from_a_script_file(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "<script>" not in page
    assert "Démo &lt;API&gt;" in page
    assert '<script src="/docs/swagger-start.js"></script>' in page
    starter = client.get("/docs/swagger-start.js")
    assert starter.headers["content-type"].startswith("text/javascript")
    assert '"/openapi.json"' in starter.text
    assert client.get("/redoc").status_code == 404


def test_the_docs_page_loads_only_its_own_files_and_they_are_served(client: TestClient) -> None:
    """No CDN: every script and stylesheet of /docs is a path of the service, served with
    its type, and the page's policy allows this origin only."""
    page = client.get("/docs")
    referenced = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(referenced) == [
        "/docs/assets/favicon.png",
        "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/swagger-ui.css",
        "/docs/swagger-start.js",
    ]
    assert "://" not in page.text and "//" not in "".join(referenced)
    policy = page.headers["Content-Security-Policy"]
    assert "http" not in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle" in bundle.text and len(bundle.content) > 500_000
    styles = client.get("/docs/assets/swagger-ui.css")
    assert styles.headers["content-type"].startswith("text/css")
    assert ".swagger-ui" in styles.text
    assert client.get("/docs/assets/favicon.png").content.startswith(b"\x89PNG")
    assert client.get("/docs/assets/redoc.standalone.js").status_code == 404
    assert client.get("/docs/assets/..%2Fcore.py").status_code == 404
