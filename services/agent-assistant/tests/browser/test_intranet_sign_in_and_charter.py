"""Sign-in through the real Keycloak login page (authorisation code + PKCE) and the usage
charter, shown before anything else until the agent accepts the version in force."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.browser import sign_in
from agent_assistant_testing.running import RunningAssistant
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def publish_new_charter(base_url: str, demo_tokens: DemoTokens) -> tuple[int, str]:
    """The admin publishes a new version: every agent must accept it again."""
    admin = bearer(demo_tokens.for_role("admin", audience="agent-assistant"))
    change = f"Nouvelle règle {uuid.uuid4().hex[:6]} sur les pièces jointes."
    with httpx.Client(base_url=base_url, timeout=30, headers=admin) as http:
        current = http.get("/v1/charter").json()
        body = {
            "title": current["title"],
            "text": current["text"] + f"\n\n## 6. Pièces jointes\n\n- {change}",
            "change_note": change,
        }
        published = http.post("/v1/charter/versions", json=body)
        assert published.status_code == 201, published.text
        return int(published.json()["version"]), change


def test_the_charter_comes_first_and_is_accepted_once_read(
    page: Page, intranet: RunningAssistant, demo_tokens: DemoTokens
) -> None:
    version, change = publish_new_charter(intranet.base_url, demo_tokens)
    errors = console_errors(page)
    sign_in(page, intranet.base_url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Charte d'utilisation de l'assistant")
    expect(page.locator("#menu")).to_be_hidden()
    expect(page.locator("#charte-texte")).to_contain_text(f"Ce qui change : {change}")
    expect(page.locator("#charte-texte h2", has_text="Pièces jointes")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, "\n".join(map(str, violations))

    accept = page.get_by_role("button", name=f"Accepter la charte (version {version})")
    accept.click()
    box = page.get_by_label("J'ai lu la charte et je m'engage à la respecter")
    expect(page.locator("#charte-lu-erreur")).to_have_text(
        "Cochez la case pour indiquer que vous avez lu la charte."
    )
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    box.check()
    accept.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes des habitants")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    expect(page).to_have_title("Demandes des habitants — Assistant des agents — Metz Métropole")
    token = demo_tokens.for_role("agent", audience="agent-assistant")
    with httpx.Client(base_url=intranet.base_url, timeout=30, headers=bearer(token)) as http:
        charter = http.get("/v1/charter").json()
    assert charter["version"] == version and charter["accepted"] is True
    # Reading it again later: accepted, no form.
    page.get_by_role("link", name="Charte").click()
    expect(page.locator("#charte-statut")).to_contain_text("Vous avez accepté cette version le")
    expect(page.locator("#charte-form")).to_be_hidden()
    assert errors == []


def test_signing_out_ends_the_keycloak_session_and_forgets_the_tab(agent_page: Page) -> None:
    page = agent_page
    page.evaluate("sessionStorage.setItem('brouillon:exemple', 'à oublier')")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.locator("#menu")).to_be_hidden()
    assert page.evaluate("Object.keys(sessionStorage)") == []
    # Keycloak's session is over too: signing in asks for the password again.
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#password")).to_be_visible()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?state=forged&code=stolen", "Cette connexion n'a pas pu être vérifiée."),
        ("?error=access_denied&state=any", "La connexion a été annulée ou refusée."),
    ],
)
def test_a_sign_in_return_that_cannot_be_trusted_is_refused_in_french(
    page: Page, intranet: RunningAssistant, query: str, message: str
) -> None:
    page.goto(intranet.base_url + "/" + query)
    expect(page.locator("#connexion-erreur")).to_contain_text(message)
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    # The code never stays in the address bar.
    assert page.url == intranet.base_url + "/"


def test_a_signed_in_citizen_is_told_the_assistant_is_for_agents(
    page: Page, intranet: RunningAssistant
) -> None:
    sign_in(page, intranet.base_url, "camille.citoyen", "camille.citoyen-demo")
    expect(page.locator("#connexion-erreur")).to_have_text(
        "L'assistant des agents est réservé aux agents de la collectivité (rôle « agent »)."
    )
    expect(page.locator("#menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
