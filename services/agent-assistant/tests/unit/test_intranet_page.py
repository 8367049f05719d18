"""The intranet page's frame and assets, without a browser: every script module the page
imports is served (its own and the pages' shared ones), settings' values are escaped, the CSP
lets the page reach Keycloak only."""

from __future__ import annotations

import re

from collectivia.agent_assistant.settings import AssistantAiUseSettings, AssistantSettings
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web import screens
from collectivia.agent_assistant.web.layout import MENU, Frame, page
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.agent_assistant.web.statement import accessibility_page
from collectivia.agent_assistant.web.views import ASSETS
from collectivia.platform.pages.layout import content_security_policy
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.pages import assets_on_disk, scripts_imported, scripts_served


def frame(page: IntranetSettings | None = None) -> Frame:
    settings = AssistantSettings(
        keycloak=KeycloakSettings(url="http://127.0.0.1:8080"),
        collectivity_name="Metz <Métropole> & Co",
    )
    return Frame.of(
        settings,
        page or IntranetSettings(),
        AssistantAiUseSettings(system_id="abc"),
        TasksSettings(),
    )


def test_every_asset_is_served_and_every_served_asset_exists() -> None:
    assert assets_on_disk(ASSETS) == set(ASSETS.types)
    # Its own modules and the pages' shared ones (under shared/).
    assert scripts_imported(ASSETS) == scripts_served(ASSETS)
    assert {"shared/auth.js", "shared/page.js", "api.js"} <= scripts_served(ASSETS)


def test_the_frame_escapes_the_settings_and_names_keycloak() -> None:
    shown = frame()
    html = page(shown, "Accueil", screens.application(shown), application=True)
    assert "Metz &lt;Métropole&gt; &amp; Co" in html and "<Métropole>" not in html
    assert 'data-issuer="http://127.0.0.1:8080/realms/collectivia"' in html
    assert 'data-client="agent-intranet"' in html
    assert html.count('<script type="module" src="/static/main.js"></script>') == 1
    assert "<script>" not in html and "style=" not in html
    assert shown.register_url == "http://127.0.0.1:8010/registre/abc"


def test_keycloak_as_browsers_reach_it_may_differ_from_the_service_s() -> None:
    public = IntranetSettings(keycloak_public_url="https://sso.metz.example")
    shown = frame(public)
    assert shown.issuer == "https://sso.metz.example/realms/collectivia"
    policy = content_security_policy(shown)
    assert "connect-src 'self' https://sso.metz.example;" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_each_screen_has_one_focusable_title_and_the_shortcuts_are_distinct() -> None:
    shown = frame()
    html = screens.application(shown)
    sections = re.findall(r'<section id="ecran-([a-z]+)"', html)
    assert len(sections) == len(set(sections)) >= 8
    assert html.count('<h1 id="') == len(sections)
    assert html.count('tabindex="-1">') >= len(sections)
    letters = [letter for _, _, letter in MENU]
    assert len(letters) == len(set(letters))
    statement = accessibility_page(shown)
    for _, label, letter in MENU:
        assert f"<kbd>{letter}</kbd></td><td>Aller à l'écran « {label} »" in statement
