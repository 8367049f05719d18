"""The stewards' page's frame without a server: the settings' values escaped, Keycloak as the
browsers reach it (which may differ from the service's) in the CSP, one focusable title per
screen, every field labelled, distinct shortcuts."""

from __future__ import annotations

import re

from collectivia.data_lake.pages import screens
from collectivia.data_lake.pages.layout import MENU, Frame, page
from collectivia.data_lake.pages.settings import PagesSettings
from collectivia.data_lake.pages.statement import accessibility_page
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.pages.layout import content_security_policy
from collectivia.platform.settings import KeycloakSettings


def frame(section: PagesSettings | None = None) -> Frame:
    settings = DataLakeSettings(keycloak=KeycloakSettings(url="http://127.0.0.1:8080"))
    return Frame.of(
        settings, section or PagesSettings(web_collectivity_name="Metz <Métropole> & Co")
    )


def test_the_frame_escapes_the_settings_and_names_keycloak_and_the_public_client() -> None:
    shown = frame()
    html = page(shown, "Accueil", screens.application(shown), application=True)
    assert "Metz &lt;Métropole&gt; &amp; Co" in html and "<Métropole>" not in html
    assert 'data-issuer="http://127.0.0.1:8080/realms/collectivia"' in html
    assert 'data-client="data-lake-web"' in html
    assert html.count('<script type="module" src="/static/main.js"></script>') == 1
    assert "<script>" not in html and "style=" not in html
    # The statement has no script: it needs no sign-in.
    assert "<script" not in accessibility_page(shown)


def test_keycloak_as_browsers_reach_it_may_differ_from_the_service_s() -> None:
    shown = frame(PagesSettings(web_keycloak_public_url="https://sso.metz.example"))
    assert shown.issuer == "https://sso.metz.example/realms/collectivia"
    policy = content_security_policy(shown)
    assert "connect-src 'self' https://sso.metz.example;" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "form-action 'self'" in policy and "object-src 'none'" in policy


def test_each_screen_has_one_focusable_title_and_the_shortcuts_are_distinct() -> None:
    html = screens.application(frame())
    sections = re.findall(r'<section id="ecran-([a-z-]+)"', html)
    assert sorted(sections) == sorted(
        [
            "connexion",
            "jeux",
            "jeu",
            "quarantaine",
            "quarantaine-fichier",
            "contrats",
            "contrat",
        ]
    )
    assert html.count('<h1 id="') == len(sections)
    assert len(re.findall(r'<h1 id="[a-z-]+" tabindex="-1">', html)) == len(sections)
    letters = [letter for _, _, letter in MENU]
    assert len(letters) == len(set(letters))
    # Every field has its label; every id is unique.
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for field in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'<label for="{field}">' in html, field
