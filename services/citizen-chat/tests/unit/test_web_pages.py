"""The citizen page: accessibility landmarks, theming, escaping, security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from citizen_chat_testing.pages import web_app
from collectivia.citizen_chat.web.theme import ThemeSettings, contrast


def client(**overrides: object) -> TestClient:
    return TestClient(web_app(**overrides))


def test_the_page_is_french_with_a_skip_link_and_a_single_h1() -> None:
    response = client().get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="fr">' in html
    assert '<a class="evitement" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert html.count("<h1") == 1


def test_the_question_field_is_labelled_and_the_answer_is_announced_once() -> None:
    html = client().get("/").text
    assert '<label for="question">Votre question</label>' in html
    assert re.search(r'<textarea id="question"[^>]*maxlength="2000"', html)
    assert '<button type="submit" id="envoyer">Envoyer la question</button>' in html
    # The growing text is hidden; the live region receives only the complete answer.
    assert '<div id="flux" class="flux" aria-hidden="true"></div>' in html
    assert '<div id="reponse" aria-live="polite"></div>' in html
    assert html.count("aria-live") == 1


def test_the_ai_disclosure_feedback_handoff_and_communes_are_on_the_page() -> None:
    html = (
        client(system_id="sys-1", register_public_url="https://registre.example.fr/").get("/").text
    )
    assert "assistant automatique (intelligence artificielle)" in html
    assert 'href="https://registre.example.fr/registre/sys-1"' in html
    assert "Cette réponse m'a aidé" in html
    assert "Cette réponse ne m'a pas aidé" in html
    assert 'value="outdated"' in html and "n&#x27;est plus à jour" in html
    assert '<h2 id="titre-agent">Parler à un agent</h2>' in html
    assert 'value="email"' in html and 'value="phone"' in html
    assert '<option value="57463">Metz</option>' in html
    assert '<option value="57480">Montigny-lès-Metz</option>' in html


def test_the_member_communes_are_offered_by_their_official_names() -> None:
    html = client(member_communes=["2a004", "57751"]).get("/").text
    options = re.findall(r'<option value="(\w*)">([^<]+)</option>', html)
    assert options[:3] == [("", "Je ne précise pas"), ("2A004", "Ajaccio"), ("57751", "Woippy")]
    assert "57463" not in html


def test_the_page_links_the_manifest_and_loads_no_inline_script_or_style() -> None:
    html = client().get("/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<script src="/static/app.js" defer></script>' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_a_content_security_policy_forbids_inline_scripts() -> None:
    for path in ("/", "/accessibilite", "/hors-ligne"):
        csp = client().get(path).headers["content-security-policy"]
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_the_collectivity_theme_appears_and_is_escaped() -> None:
    c = client(
        collectivity_name='Ville <script>alert("x")</script>',
        theme_logo_url="https://cdn.example.fr/logo.svg",
        theme_primary_color="#6A1B9A",
        theme_accent_color="#8a3a00",
    )
    response = c.get("/")
    html = response.text
    assert "<script>alert" not in html
    assert "Ville &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<img class="logo" src="https://cdn.example.fr/logo.svg" alt="">' in html
    assert '<meta name="theme-color" content="#6a1b9a">' in html
    assert (
        "img-src 'self' data: https://cdn.example.fr;"
        in response.headers["content-security-policy"]
    )
    css = c.get("/theme.css")
    assert css.headers["content-type"].startswith("text/css")
    assert "--primaire:#6a1b9a;--accent:#8a3a00" in css.text


def test_no_logo_by_default_and_images_only_from_the_site() -> None:
    response = client().get("/")
    assert "<img" not in response.text
    assert "img-src 'self' data:;" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("theme_primary_color", "#ffcc00"),
        ("theme_accent_color", "#999999"),
        ("theme_primary_color", "red"),
        ("theme_logo_url", "javascript:alert(1)"),
        ("theme_logo_url", "//evil.example/logo.png"),
        ("theme_logo_url", 'https://x.fr/a" onerror="alert(1)'),
    ],
)
def test_unreadable_colours_and_unsafe_logos_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        ThemeSettings(**{field: value})  # type: ignore[arg-type]


def test_the_default_colours_reach_the_contrast_noted_in_the_stylesheet() -> None:
    settings = ThemeSettings()
    assert round(contrast(settings.theme_primary_color, "#ffffff"), 2) == 10.05
    assert round(contrast(settings.theme_accent_color, "#ffffff"), 2) == 5.75
    assert round(contrast("#1e1e1e", "#f4f6fa"), 2) == 15.41
    css = client().get("/static/app.css").text
    assert "10.05:1" in css and "5.75:1" in css and "15.41:1" in css
    assert "px" not in css.replace("0px", "")


def test_the_accessibility_statement_says_partial_conformance() -> None:
    response = client().get("/accessibilite")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Déclaration d'accessibilité</h1>" in html
    assert "<strong>partiellement conforme</strong>" in html
    assert "aucun audit" in html
    assert "Défenseur des droits" in html
