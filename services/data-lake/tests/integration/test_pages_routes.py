"""The stewards' page served by the data lake: the page and its statement in French with a
strict CSP, every asset with its content type (its own, and the pages' shared ones under
/static/shared/; every script the page imports served), the API the page calls refused
without a steward's token."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import httpx
import pytest

from collectivia.data_lake.pages.layout import MENU
from collectivia.data_lake.pages.views import ASSETS
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.pages.responses import SHARED_ASSETS
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.pages import scripts_imported, scripts_served
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

STATIC = Path(str(files("collectivia.data_lake.pages") / "static"))
SHARED = Path(str(files("collectivia.platform.pages") / "static"))


def test_the_page_is_french_names_keycloak_and_runs_no_inline_code(
    lake: RunningApp[DataLakeSettings], http: httpx.Client
) -> None:
    served = http.get("/")
    assert served.status_code == 200
    assert served.headers["content-type"] == "text/html; charset=utf-8"
    html = served.text
    assert '<html lang="fr">' in html
    realm = f"{str(lake.settings.keycloak.url).rstrip('/')}/realms/collectivia"
    assert f'data-issuer="{realm}"' in html
    assert 'data-client="data-lake-web"' in html
    assert html.count('<script type="module" src="/static/main.js"></script>') == 1
    assert "<script>" not in html and "style=" not in html
    assert "<title>Accueil — Lac de données — Metz Métropole</title>" in html
    # One focusable title per screen, and the skip link's target.
    sections = re.findall(r'<section id="ecran-([a-z-]+)"', html)
    assert len(sections) == len(set(sections)) >= 5
    assert html.count('<h1 id="') == len(sections)
    assert 'href="#contenu"' in html and '<main id="contenu" tabindex="-1">' in html

    policy = served.headers["content-security-policy"]
    keycloak = str(lake.settings.keycloak.url).rstrip("/")
    assert f"connect-src 'self' {keycloak};" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert served.headers["referrer-policy"] == "no-referrer"
    assert served.headers["x-content-type-options"] == "nosniff"


def test_the_accessibility_statement_lists_the_shortcuts_the_menu_declares(
    http: httpx.Client,
) -> None:
    served = http.get("/accessibilite")
    assert served.status_code == 200
    assert served.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-security-policy" in served.headers
    statement = served.text
    assert "<h1>Déclaration d'accessibilité</h1>" in statement
    assert "partiellement conforme" in statement
    for _, label, letter in MENU:
        assert f"<kbd>{letter}</kbd></td><td>Aller à l'écran « {label} »" in statement
    page = http.get("/").text
    for screen, _, letter in MENU:
        assert f'data-ecran="{screen}" aria-keyshortcuts="Alt+Shift+{letter}"' in page


@pytest.mark.parametrize(
    ("prefix", "folder", "types"),
    [("/static", STATIC, ASSETS.types), ("/static/shared", SHARED, SHARED_ASSETS.types)],
)
def test_every_asset_is_served_with_its_content_type(
    http: httpx.Client, prefix: str, folder: Path, types: dict[str, str]
) -> None:
    on_disk = {path.name for path in folder.iterdir() if path.is_file()}
    assert on_disk == set(types)
    for name, media_type in types.items():
        served = http.get(f"{prefix}/{name}")
        assert served.status_code == 200, name
        assert served.headers["content-type"] == media_type, name
        assert served.headers["x-content-type-options"] == "nosniff"
        assert served.text == (folder / name).read_text("utf-8")
    assert ASSETS.types["main.js"] == "text/javascript; charset=utf-8"
    assert ASSETS.types["lac.css"] == "text/css; charset=utf-8"
    assert ASSETS.types["icon.svg"] == "image/svg+xml"
    assert SHARED_ASSETS.types["app.css"] == "text/css; charset=utf-8"


def test_every_script_the_page_imports_is_served(http: httpx.Client) -> None:
    # Its own modules and the pages' shared ones (under shared/).
    assert scripts_imported(ASSETS) == scripts_served(ASSETS)
    for name in scripts_served(ASSETS):
        assert http.get(f"/static/{name}").status_code == 200, name


@pytest.mark.parametrize("name", ["absent.js", "main.JS", "app.css.map", "__init__.py"])
@pytest.mark.parametrize("prefix", ["/static", "/static/shared"])
def test_anything_else_under_static_is_not_found_in_french(
    http: httpx.Client, prefix: str, name: str
) -> None:
    missing = http.get(f"{prefix}/{name}")
    assert missing.status_code == 404
    assert missing.text == "Introuvable"
    # Nor is anything outside the folder.
    assert http.get(f"{prefix}/..%2Fviews.py").status_code == 404
    assert http.get("/static/shared/..%2F..%2Fviews.py").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/datasets/un-jeu/loads"),
        ("GET", "/v1/datasets/un-jeu/loads"),
        ("GET", "/v1/quarantine"),
        ("GET", "/v1/quarantine/0123456789abcdef0123456789abcdef"),
        ("POST", "/v1/quarantine/0123456789abcdef0123456789abcdef/discard"),
        ("GET", "/v1/contracts"),
        ("GET", "/v1/contracts/un-contrat"),
        ("GET", "/v1/contracts/un-contrat/compliance"),
        ("GET", "/v1/contracts/un-contrat/deliveries"),
    ],
)
def test_the_stewards_api_refuses_calls_without_a_token(
    http: httpx.Client, method: str, path: str
) -> None:
    refused = http.request(method, path)
    assert refused.status_code == 401, refused.text
    assert refused.headers["www-authenticate"].startswith("Bearer")


def test_the_stewards_api_refuses_a_signed_in_agent_in_french(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    for path in ("/v1/quarantine", "/v1/contracts"):
        refused = http.get(path, headers=agent)
        assert refused.status_code == 403, path
        assert_french(refused.json()["detail"])
