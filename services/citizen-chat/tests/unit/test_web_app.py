"""The installable app: manifest, service worker, offline page and static assets."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient

from citizen_chat_testing.pages import web_app
from collectivia.citizen_chat.web import views


@pytest.fixture
def client() -> TestClient:
    return TestClient(web_app(theme_primary_color="#00594f"))


def test_the_manifest_is_valid_json_with_the_required_members(client: TestClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.text)
    assert manifest["name"] == "Assistant citoyen — Metz Métropole"
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#00594f"
    assert manifest["lang"] == "fr"
    [icon] = manifest["icons"]
    assert icon["type"] == "image/svg+xml"
    assert client.get(icon["src"]).headers["content-type"] == "image/svg+xml"


def test_the_service_worker_is_served_as_javascript_at_the_root(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    script = response.text
    assert 'const OFFLINE = "/hors-ligne";' in script
    for path in ("/", "/static/app.css", "/static/app.js", "/theme.css"):
        assert f'"{path}"' in script
    # Questions are never answered from the cache.
    assert 'url.pathname.startsWith("/v1/")' in script


def test_the_offline_page_is_html_in_french(client: TestClient) -> None:
    response = client.get("/hors-ligne")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert "Vous êtes hors ligne…" in response.text


def test_the_script_registers_the_worker_and_streams_with_a_reader(client: TestClient) -> None:
    response = client.get("/static/app.js")
    assert response.headers["content-type"].startswith("text/javascript")
    script = response.text
    assert 'navigator.serviceWorker.register("/sw.js")' in script
    assert 'accept: "text/event-stream"' in script
    assert "response.body.getReader()" in script
    assert "innerHTML" not in script


def test_only_known_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/settings.py").status_code == 404
    assert client.get("/static/..%2Fviews.py").status_code == 404


def test_the_static_files_ship_inside_the_package() -> None:
    static = files("collectivia.citizen_chat.web") / "static"
    for name in (*views.STATIC_TYPES, "sw.js"):
        assert (static / name).read_text("utf-8").strip()
