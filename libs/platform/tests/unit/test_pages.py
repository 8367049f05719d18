"""The services' pages' shared frame, statement, responses and assets, without a service: the
settings' values escaped, a strict CSP naming Keycloak only, the application page's
configuration for its script, every shared asset served with its type and nothing else, the
shared scripts importing only each other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from collectivia.platform.assembly import Provisions
from collectivia.platform.http import install_problem_handlers
from collectivia.platform.pages.layout import (
    Frame,
    Site,
    alert,
    content_security_policy,
    document,
    realm_issuer,
    screen,
    screens,
    shortcut,
    sign_in_screen,
    status,
)
from collectivia.platform.pages.responses import (
    SCRIPT,
    SHARED_ASSETS,
    STYLE,
    StaticAssets,
    html_response,
    page_routes,
    scripts,
)
from collectivia.platform.pages.statement import (
    KEYCLOAK_LOGIN,
    NEEDS_JAVASCRIPT,
    Statement,
    accessibility_page,
)

SHARED = Path(str(files("collectivia.platform.pages") / "static"))
IMPORT = re.compile(r'^(?:import|export) .* from "\./([a-z]+\.js)";$', re.MULTILINE)

SITE = Site(
    application="Essai & Co",
    menu=(("un", "Écran <un>", "U"), ("deux", "Écran deux", "D")),
    back="Revenir à l'essai",
    tagline=" — espace d'essai",
    stylesheets=("/static/essai.css",),
)


@dataclass(frozen=True)
class LinkedFrame(Frame):
    register_url: str = "https://registre.example/registre?x=1&y=2"

    def data(self) -> dict[str, str]:
        return {**super().data(), "taille-max": "1024"}

    def links(self) -> tuple[tuple[str, str], ...]:
        return ((self.register_url, "Registre"),)


def frame() -> Frame:
    return Frame(
        collectivity="Metz <Métropole> & Co",
        issuer=realm_issuer("https://sso.metz.example:8443/", "collectivia"),
        client_id="essai-web",
    )


def test_the_issuer_and_the_policy_name_keycloak_as_browsers_reach_it() -> None:
    shown = frame()
    assert shown.issuer == "https://sso.metz.example:8443/realms/collectivia"
    assert shown.keycloak_origin == "https://sso.metz.example:8443"
    policy = content_security_policy(shown)
    assert "connect-src 'self' https://sso.metz.example:8443;" in policy
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy


def test_the_application_page_has_its_script_configuration_menu_and_account() -> None:
    html = document(SITE, frame(), "Accueil <1>", "<p>corps</p>", application=True)
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert (
        "<title>Accueil &lt;1&gt; — Essai &amp; Co — Metz &lt;Métropole&gt; &amp; Co</title>"
        in html
    )
    assert "<Métropole>" not in html
    assert html.count('<script type="module" src="/static/main.js"></script>') == 1
    assert "<script>" not in html and "style=" not in html
    assert (
        '<body data-issuer="https://sso.metz.example:8443/realms/collectivia"'
        ' data-client="essai-web" data-collectivite="Metz &lt;Métropole&gt; &amp; Co">'
    ) in html
    # The shared stylesheet, then the service's own.
    assert html.index('href="/static/shared/app.css"') < html.index('href="/static/essai.css"')
    assert '<p class="application">Essai &amp; Co — espace d\'essai</p>' in html
    assert (
        '<a href="/#un" data-ecran="un" aria-keyshortcuts="Alt+Shift+U">Écran &lt;un&gt;</a>'
    ) in html
    assert '<nav id="menu" aria-label="Menu principal" hidden>' in html
    assert '<button type="button" id="deconnexion" class="secondaire">' in html
    assert '<a class="evitement" href="#contenu">' in html
    assert '<main id="contenu" tabindex="-1"><div class="conteneur"><p>corps</p></div>' in html
    assert '<a href="/accessibilite#raccourcis">Raccourcis clavier</a></p>' in html
    assert shortcut("U") == "Alt+Shift+U"


def test_another_page_has_no_script_and_a_way_back_and_the_frame_s_links() -> None:
    html = document(SITE, LinkedFrame("Metz", "https://sso.example/realms/r", "c"), "Aide", "")
    assert "<script" not in html and "<body>" in html and 'id="menu"' not in html
    assert '<li><a href="/">Revenir à l\'essai</a></li>' in html
    assert (
        '<a href="/accessibilite#raccourcis">Raccourcis clavier</a> · '
        '<a href="https://registre.example/registre?x=1&amp;y=2">Registre</a></p>'
    ) in html
    configured = document(
        SITE, LinkedFrame("Metz", "https://s/realms/r", "c"), "A", "", application=True
    )
    assert 'data-collectivite="Metz" data-taille-max="1024">' in configured


def test_the_screens_are_sections_with_a_focusable_title_after_the_shared_regions() -> None:
    section = screen("jeux", "Jeux", status("jeux-etat") + alert("jeux-erreur"))
    assert section.startswith(
        '<section id="ecran-jeux" class="ecran" data-ecran="jeux" hidden '
        'aria-labelledby="titre-jeux"><h1 id="titre-jeux" tabindex="-1">Jeux</h1>'
    )
    assert '<p id="jeux-etat" class="etat" role="status"></p>' in section
    assert '<p id="jeux-erreur" class="erreur" role="alert"></p>' in section
    assert 'aria-labelledby="titre-x"><h1 id="titre-x"' in screen(
        "y", "Y", "", heading_id="titre-x"
    )
    sign_in = sign_in_screen(SITE, frame(), "<p>Bienvenue</p>", "Il faut <JavaScript>.")
    assert '<h1 id="titre-connexion" tabindex="-1">Essai &amp; Co de Metz &lt;Métropole' in sign_in
    assert '<p>Bienvenue</p><button type="button" id="connexion">Se connecter</button>' in sign_in
    assert '<noscript><p class="alerte">Il faut &lt;JavaScript&gt;.</p></noscript>' in sign_in
    every = screens(sign_in, section)
    assert every.startswith('<div id="session" class="alerte" role="alert" hidden>')
    assert '<button type="button" id="reconnexion">Se reconnecter</button>' in every
    assert '<p id="annonce" class="visuellement-cache" role="status"></p>' in every
    assert every.endswith(sign_in + section)


def test_the_statement_lists_the_menu_s_shortcuts_and_says_what_the_page_declares() -> None:
    statement = Statement(
        scope="à l'espace d'essai",
        conformity="L'espace est <strong>partiellement conforme</strong>.",
        done=("Pages en français ;", "focus visible."),
        shortcuts_caption="Raccourcis de l'essai",
        more_shortcuts=(("<kbd>Entrée</kbd>", "Activer"),),
        shortcuts_note="Le focus va sur le titre.",
        not_accessible=("Pas testé ;", NEEDS_JAVASCRIPT, KEYCLOAK_LOGIN),
        feedback="de cet espace",
    )
    html = accessibility_page(SITE, frame(), statement)
    assert "<title>Accessibilité — Essai &amp; Co — Metz &lt;Métropole&gt; &amp; Co</title>" in html
    assert "<script" not in html
    assert "<h1>Déclaration d'accessibilité</h1><p>Metz &lt;Métropole&gt; &amp; Co s'engage" in html
    assert "Cette déclaration s'applique à l'espace d'essai.</p>" in html
    assert "<ul><li>Pages en français ;</li><li>focus visible.</li></ul>" in html
    assert '<h2 id="raccourcis">Raccourcis clavier</h2>' in html
    assert "<caption>Raccourcis de l'essai</caption>" in html
    assert (
        "<tbody><tr><td><kbd>Alt</kbd> + <kbd>Maj</kbd> + <kbd>U</kbd></td>"
        "<td>Aller à l'écran « Écran &lt;un&gt; »</td></tr>"
        "<tr><td><kbd>Alt</kbd> + <kbd>Maj</kbd> + <kbd>D</kbd></td>"
        "<td>Aller à l'écran « Écran deux »</td></tr>"
        "<tr><td><kbd>Entrée</kbd></td><td>Activer</td></tr></tbody></table>"
        "<p>Le focus va sur le titre.</p>"
    ) in html
    assert f"<li>{NEEDS_JAVASCRIPT}</li><li>{KEYCLOAK_LOGIN}</li></ul>" in html
    assert "utiliser une fonction de cet espace, signalez-le" in html
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>" in html


def test_a_page_is_answered_with_its_strict_headers() -> None:
    answered = html_response(frame(), "<!DOCTYPE html>")
    assert answered.status_code == 200
    assert answered.headers["content-type"] == "text/html; charset=utf-8"
    assert answered.headers["content-security-policy"] == content_security_policy(frame())
    assert answered.headers["x-content-type-options"] == "nosniff"
    assert answered.headers["referrer-policy"] == "no-referrer"
    assert answered.headers["cache-control"] == "no-cache"


def test_every_shared_asset_exists_is_served_with_its_type_and_imports_only_shared_ones() -> None:
    on_disk = {path.name for path in SHARED.iterdir() if path.is_file()}
    assert on_disk == set(SHARED_ASSETS.types)
    for name, media_type in SHARED_ASSETS.types.items():
        served = SHARED_ASSETS.response(name, "Introuvable")
        assert served.status_code == 200, name
        assert served.media_type == media_type
        assert served.headers["x-content-type-options"] == "nosniff"
        assert served.headers["cache-control"] == "no-cache"
        assert bytes(served.body).decode("utf-8") == (SHARED / name).read_text("utf-8")
    assert SHARED_ASSETS.types["app.css"] == STYLE
    imported: set[str] = set()
    for script in SHARED.glob("*.js"):
        imported |= set(IMPORT.findall(script.read_text("utf-8")))
    assert imported <= {name for name, kind in SHARED_ASSETS.types.items() if kind == SCRIPT}


def test_the_shared_look_lets_the_hidden_attribute_hide_buttons_and_link_buttons() -> None:
    css = SHARED_ASSETS.text("app.css")
    assert "button,a.bouton{font:inherit;display:inline-block" in css
    assert "[hidden]{display:none!important}" in css


@pytest.mark.parametrize("name", ["absent.js", "AUTH.JS", "app.css.map", "../layout.py", ""])
def test_anything_else_is_not_found_with_the_service_s_message(name: str) -> None:
    assets = StaticAssets("collectivia.platform.pages", scripts("auth"))
    missing = assets.response(name, "Introuvable")
    assert missing.status_code == 404
    assert missing.media_type == "text/plain; charset=utf-8"
    assert bytes(missing.body).decode("utf-8") == "Introuvable"
    assert assets.response("auth.js", "Introuvable").status_code == 200


def routed(provisions: Provisions | None) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(
        page_routes(
            Frame,
            tags=["page d'essai"],
            application=lambda shown: document(SITE, shown, "Accueil", "", application=True),
            statement=lambda shown: document(SITE, shown, "Accessibilité", "<h1>Déclaration</h1>"),
            assets=StaticAssets("collectivia.platform.pages", {"app.css": STYLE}),
            not_found="Introuvable",
        )
    )
    if provisions is not None:
        app.state.provisions = provisions
    return TestClient(app)


def test_the_routes_serve_the_pages_from_the_frame_and_the_assets_by_name() -> None:
    client = routed(Provisions.of({Frame: frame()}))
    home = client.get("/")
    assert home.status_code == 200 and 'data-client="essai-web"' in home.text
    assert home.headers["content-security-policy"] == content_security_policy(frame())
    statement = client.get("/accessibilite")
    assert statement.status_code == 200 and "<h1>Déclaration</h1>" in statement.text
    assert statement.headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/app.css").headers["content-type"] == STYLE
    assert client.get("/static/shared/page.js").headers["content-type"] == SCRIPT
    for missing in ("/static/page.js", "/static/shared/absent.js"):
        refused = client.get(missing)
        assert refused.status_code == 404 and refused.text == "Introuvable", missing
    # Nor is anything outside the folder.
    assert client.get("/static/shared/..%2Fapi.py").status_code == 404


def test_a_page_of_a_service_still_starting_says_so_in_french() -> None:
    starting = routed(None).get("/")
    assert starting.status_code == 503
    assert starting.json()["detail"] == "Le service démarre ; réessayez dans un instant."
