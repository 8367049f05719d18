"""The officials' page served by the analytics: the page and its statement in French with a
strict CSP (itself and Keycloak only, no inline code), the public client
officials-analytics-web, one focusable title per screen, every field labelled, every asset
with its content type (its own, and the pages' shared ones under /static/shared/; every
script the page imports served), anything else a French 404."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import httpx
import pytest

from collectivia.officials_analytics.pages import screens
from collectivia.officials_analytics.pages.layout import MENU, Frame, page
from collectivia.officials_analytics.pages.settings import PagesSettings
from collectivia.officials_analytics.pages.statement import accessibility_page
from collectivia.officials_analytics.pages.views import ASSETS
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.platform.pages.layout import content_security_policy
from collectivia.platform.pages.responses import SHARED_ASSETS
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.pages import assets_on_disk, scripts_imported, scripts_served

pytestmark = pytest.mark.integration

STATIC = Path(str(files("collectivia.officials_analytics.pages") / "static"))
SHARED = Path(str(files("collectivia.platform.pages") / "static"))


def test_the_page_is_french_names_keycloak_and_runs_no_inline_code(
    analytics: RunningApp[OfficialsAnalyticsSettings], http: httpx.Client
) -> None:
    served = http.get("/")
    assert served.status_code == 200
    assert served.headers["content-type"] == "text/html; charset=utf-8"
    html = served.text
    assert '<html lang="fr">' in html
    keycloak = str(analytics.settings.keycloak.url).rstrip("/")
    assert f'data-issuer="{keycloak}/realms/collectivia"' in html
    assert 'data-client="officials-analytics-web"' in html
    assert html.count('<script type="module" src="/static/main.js"></script>') == 1
    assert "<script>" not in html and "style=" not in html
    assert "<title>Accueil — Pilotage des élus — Metz Métropole</title>" in html
    sections = re.findall(r'<section id="ecran-([a-z-]+)"', html)
    assert sorted(sections) == [
        "connexion",
        "indicateur",
        "lacunes",
        "previsions",
        "synthese",
        "tableau",
    ]
    assert len(re.findall(r'<h1 id="[a-z-]+" tabindex="-1">', html)) == len(sections)
    assert 'href="#contenu"' in html and '<main id="contenu" tabindex="-1">' in html
    # The AI mention is on the forecasts' screen before any forecast is shown.
    assert '<p class="mention-ia">Prévision produite par un algorithme</p>' in html

    policy = served.headers["content-security-policy"]
    assert f"connect-src 'self' {keycloak};" in policy
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "'unsafe-inline'" not in policy and "img-src 'self' data:;" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert served.headers["referrer-policy"] == "no-referrer"
    assert served.headers["x-content-type-options"] == "nosniff"


def test_every_field_is_labelled_and_every_id_unique() -> None:
    settings = OfficialsAnalyticsSettings(keycloak=KeycloakSettings(url="http://127.0.0.1:8080"))
    frame = Frame.of(settings, PagesSettings(web_collectivity_name="Metz <Métropole> & Co"))
    html = page(frame, "Accueil", screens.application(frame), application=True)
    assert "Metz &lt;Métropole&gt; &amp; Co" in html and "<Métropole>" not in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for field in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'<label for="{field}">' in html, field
    # Every field's description and error exist.
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert f'id="{target}"' in html, target
    letters = [letter for _, _, letter in MENU]
    assert len(letters) == len(set(letters))
    assert "<script" not in accessibility_page(frame)
    # Keycloak as the officials' browsers reach it may differ from the service's.
    public = Frame.of(settings, PagesSettings(web_keycloak_public_url="https://sso.example"))
    assert public.issuer == "https://sso.example/realms/collectivia"
    assert "connect-src 'self' https://sso.example;" in content_security_policy(public)


def test_the_accessibility_statement_lists_the_shortcuts_the_menu_declares(
    http: httpx.Client,
) -> None:
    served = http.get("/accessibilite")
    assert served.status_code == 200
    assert "content-security-policy" in served.headers
    statement = served.text
    assert "<h1>Déclaration d'accessibilité</h1>" in statement
    assert "partiellement conforme" in statement and "Okabe" in statement
    for _, label, letter in MENU:
        assert f"<kbd>{letter}</kbd></td><td>Aller à l'écran « {label} »" in statement
    application = http.get("/").text
    for screen, _, letter in MENU:
        assert f'data-ecran="{screen}" aria-keyshortcuts="Alt+Shift+{letter}"' in application


@pytest.mark.parametrize(
    ("prefix", "folder", "types"),
    [("/static", STATIC, ASSETS.types), ("/static/shared", SHARED, SHARED_ASSETS.types)],
)
def test_every_asset_is_served_with_its_content_type(
    http: httpx.Client, prefix: str, folder: Path, types: dict[str, str]
) -> None:
    assert {path.name for path in folder.iterdir() if path.is_file()} == set(types)
    for name, media_type in types.items():
        served = http.get(f"{prefix}/{name}")
        assert served.status_code == 200, name
        assert served.headers["content-type"] == media_type, name
        assert served.headers["x-content-type-options"] == "nosniff"
        assert served.text == (folder / name).read_text("utf-8")


def test_every_script_the_page_imports_is_served(http: httpx.Client) -> None:
    assert assets_on_disk(ASSETS) == set(ASSETS.types)
    assert scripts_imported(ASSETS) == scripts_served(ASSETS)
    for name in scripts_served(ASSETS):
        assert http.get(f"/static/{name}").status_code == 200, name


@pytest.mark.parametrize("name", ["absent.js", "main.JS", "elus.css.map", "__init__.py"])
def test_anything_else_under_static_is_not_found_in_french(http: httpx.Client, name: str) -> None:
    for prefix in ("/static", "/static/shared"):
        missing = http.get(f"{prefix}/{name}")
        assert missing.status_code == 404
        assert missing.text == "Introuvable"
    assert http.get("/static/..%2Fviews.py").status_code == 404
