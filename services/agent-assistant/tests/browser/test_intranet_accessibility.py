"""axe-core finds no WCAG 2.1 A/AA violation on any screen of the intranet page (signed
out, every screen signed in, with results and error messages shown), the accessibility
statement documents the shortcuts that the page declares, and the page reflows at 320 px."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.browser import handed_over
from agent_assistant_testing.running import RunningAssistant
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.browser]

QUESTION = "Quels sont les horaires de l'hôtel de ville le samedi ?"


@pytest.fixture(scope="module")
def assistant_chat_target(citizen_chat: ServiceProcess) -> str:
    """The inbox searches through the real citizen chat."""
    return citizen_chat.grpc_target


def violations_on(page: Page, screen: str) -> list[str]:
    return [f"{screen}: {violation}" for violation in axe_violations(page)]


def test_axe_finds_nothing_on_the_pages_signed_out(page: Page, intranet: RunningAssistant) -> None:
    errors = console_errors(page)
    found: list[str] = []
    page.goto(intranet.base_url + "/")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    found += violations_on(page, "connexion")
    page.goto(intranet.base_url + "/accessibilite")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    found += violations_on(page, "accessibilite")
    assert not found, "\n".join(found)
    assert errors == []


def test_axe_finds_nothing_on_any_screen_signed_in(
    agent_page: Page, agent_api: httpx.Client, citizen_chat: ServiceProcess
) -> None:
    page = agent_page
    errors = console_errors(page)
    handoff_id = handed_over(citizen_chat, QUESTION)["handoff_id"]
    wait_until(
        lambda: any(h["id"] == handoff_id for h in agent_api.get("/v1/handoffs").json()),
        timeout=30,
        what="the handover in the inbox",
    )
    found: list[str] = []

    page.get_by_role("button", name="Actualiser la liste").click()
    link = page.locator(f'#demandes-liste a[href="#demandes/{handoff_id}"]')
    expect(link).to_be_visible()
    found += violations_on(page, "demandes")
    link.click()
    expect(page.locator("#suggestion-etat")).to_have_text("Réponse suggérée prête.")
    page.get_by_label("Votre réponse à l'habitant").fill("")
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.locator("#reponse-texte-erreur")).to_have_text("Écrivez une réponse à l'habitant.")
    found += violations_on(page, "demande (erreur)")
    page.get_by_label("Votre réponse à l'habitant").fill("Bonjour, le samedi de 9 h à 12 h.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_role("form", name="Proposer comme réponse type")).to_be_visible()
    found += violations_on(page, "demande (répondue)")

    for task, button in (
        ("Résumer un document", "Résumer"),
        ("Réécrire en langage clair", "Réécrire"),
        ("Rédiger un courrier", "Rédiger le brouillon"),
        ("Classer une demande", "Classer"),
    ):
        page.goto(page.url.split("#")[0] + "#taches")
        page.get_by_role("navigation", name="Tâches").get_by_role("link", name=task).click()
        form = page.get_by_role("form", name=task)
        form.get_by_role("button", name=button, exact=True).click()
        expect(page.locator("#tache-erreur")).not_to_be_empty()
        found += violations_on(page, f"{task} (erreur)")
    form = page.get_by_role("form", name="Classer une demande")
    form.get_by_label("Demande à classer").fill("Mon bac n'a pas été collecté.")
    form.get_by_role("button", name="Classer", exact=True).click()
    expect(page.locator("#tache-resultat article")).to_be_visible()
    found += violations_on(page, "classement (résultat)")

    page.get_by_role("link", name="Bibliothèque de modèles").click()
    expect(page.locator("#modeles-liste li").first).to_be_visible()
    found += violations_on(page, "modeles")
    page.locator("#modeles-liste a").first.click()
    expect(page.locator("#modele-avis li").first).to_be_visible()
    page.get_by_role("button", name="Enregistrer ma note").click()
    expect(page.locator("#modele-note-score-erreur")).not_to_be_empty()
    found += violations_on(page, "modele")

    page.get_by_role("link", name="Pilotage").click()
    expect(page.locator("#statistiques-methode")).not_to_be_empty()
    found += violations_on(page, "pilotage")
    page.get_by_role("link", name="Charte").click()
    expect(page.locator("#charte-statut")).to_contain_text("Vous avez accepté")
    found += violations_on(page, "charte")
    assert not found, "\n".join(found)
    assert [e for e in errors if "Failed to load resource" not in e] == []


def test_the_statement_documents_the_shortcuts_the_menu_declares(
    agent_page: Page, intranet: RunningAssistant
) -> None:
    declared = agent_page.locator("#menu a").evaluate_all(
        "(links) => links.map((a) => [a.textContent, a.getAttribute('aria-keyshortcuts')])"
    )
    assert len(declared) == 5
    agent_page.get_by_role("link", name="Raccourcis clavier").click()
    table = agent_page.get_by_role("table", name="Raccourcis de l'assistant des agents")
    for label, keys in declared:
        letter = keys.removeprefix("Alt+Shift+")
        expect(
            table.get_by_role("row", name=f"Alt + Maj + {letter} Aller à l'écran « {label} »")
        ).to_be_visible()
    # Each shortcut does what the statement says: the screen opens, its title focused.
    for label, keys in declared:
        agent_page.goto(intranet.base_url + "/")
        expect(agent_page.get_by_role("navigation", name="Menu principal")).to_be_visible()
        agent_page.keyboard.press(keys)
        heading = agent_page.get_by_role("heading", level=1)
        expect(heading.and_(agent_page.locator(":focus"))).to_have_count(1)
        expect(agent_page.locator("#menu a[aria-current=page]")).to_have_text(label)


@pytest.mark.parametrize("width", [320, 640])
def test_the_screens_reflow_without_horizontal_scrolling(agent_page: Page, width: int) -> None:
    page = agent_page
    page.set_viewport_size({"width": width, "height": 700})
    for screen in (
        "demandes",
        "taches/resume",
        "taches/redaction",
        "modeles",
        "pilotage",
        "charte",
    ):
        page.evaluate(f"location.hash = '#{screen}'")
        expect(page.locator("main .ecran:not([hidden])")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            """() => Array.from(document.querySelectorAll("body *"))
                 .filter((e) => e.offsetParent !== null && !e.closest(".tableau"))
                 .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                 .map((e) => e.tagName + (e.id ? "#" + e.id : ""))"""
        )
        assert overflow == [], (screen, overflow)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, screen


def test_the_skip_link_comes_first_and_leads_to_the_content(
    agent_page: Page, intranet: RunningAssistant
) -> None:
    page = agent_page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes des habitants")
    # Reloaded at that anchor: the default screen, not an empty page.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes des habitants")
