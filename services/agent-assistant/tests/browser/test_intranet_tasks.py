"""The task screens in a real Chromium: a document summarised and its result announced once
complete; bad uploads explained in French next to the field, nothing typed lost; a
plain-language rewrite for publication marked as AI-made until an agent's editorial review;
a request classified."""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect

from agent_assistant_testing.browser import WATCH_RESULT
from collectivia.testkit.browser import console_errors
from collectivia.testkit.document_files import pdf_with_text

pytestmark = [pytest.mark.integration, pytest.mark.browser]

MAX_BYTES = 10 * 1024 * 1024
DELIBERATION = [
    "Délibération du conseil municipal du 3 mars 2026.",
    "Le conseil municipal approuve la rénovation de la médiathèque pour 1,2 million d'euros.",
    "Les travaux commenceront en septembre 2026 et dureront huit mois.",
    "Pendant les travaux, les prêts de livres se feront à la mairie de quartier.",
]


def open_task(page: Page, name: str) -> Locator:
    """The task's form, reached with the shortcut then the tasks' menu."""
    page.keyboard.press("Alt+Shift+T")
    expect(page.get_by_role("heading", level=1, name="Tâches")).to_be_focused()
    page.get_by_role("navigation", name="Tâches").get_by_role("link", name=name).click()
    form = page.get_by_role("form", name=name)
    expect(form).to_be_visible()
    return form


def test_a_document_is_summarised_and_the_result_announced_once(agent_page: Page) -> None:
    page = agent_page
    errors = console_errors(page)
    form = open_task(page, "Résumer un document")
    assert page.locator("#tache-flux").get_attribute("aria-hidden") == "true"
    assert page.locator("#tache-resultat").get_attribute("aria-live") == "polite"
    page.evaluate(WATCH_RESULT)
    document = FilePayload(
        name="deliberation.pdf", mimeType="application/pdf", buffer=pdf_with_text([DELIBERATION])
    )
    form.get_by_label("Document (PDF, DOCX, HTML, Markdown ou texte)").set_input_files(document)
    form.get_by_label("Longueur visée (en mots)").fill("40")
    button = form.get_by_role("button", name="Résumer", exact=True)
    button.focus()
    page.keyboard.press("Enter")

    result = page.locator("#tache-resultat article")
    expect(result).to_contain_text("médiathèque")
    expect(result.get_by_role("heading", name="Paragraphes cités")).to_be_visible()
    expect(
        result.get_by_role("link", name="Fiche de l'assistant dans le registre des algorithmes")
    ).to_be_visible()
    # One addition to the live region: the whole result, once complete.
    additions = page.evaluate("window.liveAdditions")
    assert len(additions) == 1 and "médiathèque" in additions[0], additions
    assert page.evaluate("window.streamAdditions") >= 1
    expect(page.locator("#tache-flux")).to_be_empty()
    # The button kept the focus, and the summary is not marked (not for publication).
    expect(button).to_be_focused()
    expect(result.locator(".marquage")).to_have_count(0)
    assert errors == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tableau.xlsx", b"PK\x03\x04 pas un document", "n'est pas pris en charge"),
        ("vide.txt", b"   ", "ne contient aucun texte"),
        ("abime.pdf", b"%PDF-1.7\nrien d'autre", "est illisible"),
    ],
)
def test_a_bad_upload_is_explained_next_to_the_field_and_nothing_typed_is_lost(
    agent_page: Page, name: str, content: bytes, message: str
) -> None:
    page = agent_page
    form = open_task(page, "Résumer un document")
    form.get_by_label("Longueur visée (en mots)").fill("60")
    form.get_by_label("Texte destiné à être publié").check()
    field = form.get_by_label("Document (PDF, DOCX, HTML, Markdown ou texte)")
    field.set_input_files(
        FilePayload(name=name, mimeType="application/octet-stream", buffer=content)
    )
    form.get_by_role("button", name="Résumer", exact=True).click()

    expect(page.locator("#resume-fichier-erreur")).to_contain_text(message)
    expect(page.locator("#resume-fichier-erreur")).to_contain_text(f"« {name} »")
    expect(page.locator("#tache-erreur")).to_contain_text(message)
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    # What the agent typed and chose is still there, the file too.
    expect(form.get_by_label("Longueur visée (en mots)")).to_have_value("60")
    expect(form.get_by_label("Texte destiné à être publié")).to_be_checked()
    assert page.evaluate("document.getElementById('resume-fichier').files[0].name") == name
    expect(page.locator("#tache-resultat")).to_be_empty()


def test_an_oversized_upload_is_refused_before_sending(agent_page: Page) -> None:
    page = agent_page
    form = open_task(page, "Résumer un document")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/v1/tasks/" in r.url else None)
    form.get_by_label("Ou texte à résumer").fill("Mon texte gardé.")
    form.get_by_label("Document (PDF, DOCX, HTML, Markdown ou texte)").set_input_files(
        FilePayload(name="enorme.txt", mimeType="text/plain", buffer=b"a" * (MAX_BYTES + 1))
    )
    form.get_by_role("button", name="Résumer", exact=True).click()
    expect(page.locator("#resume-fichier-erreur")).to_have_text(
        "« enorme.txt » pèse 10 Mo : la limite est de 10 Mo."
    )
    expect(page.locator("#tache-erreur")).to_have_text("Le fichier est trop volumineux.")
    assert sent == []
    expect(form.get_by_label("Ou texte à résumer")).to_have_value("Mon texte gardé.")


def test_a_plain_language_rewrite_without_a_model_says_so_and_is_not_marked(
    agent_page: Page,
) -> None:
    page = agent_page
    form = open_task(page, "Réécrire en langage clair")
    form.get_by_label("Texte à réécrire").fill(
        "Il convient de fournir un justificatif de domicile afin de procéder à l'inscription."
    )
    form.get_by_label("Texte destiné à être publié").check()
    form.get_by_label("Texte à réécrire").press("Control+Enter")

    result = page.locator("#tache-resultat article")
    expect(result.get_by_role("heading", name="Mots remplacés")).to_be_visible()
    expect(result.locator("li", has_text="« afin de » → « pour »")).to_be_visible()
    expect(result.get_by_role("heading", name="Points à revoir")).to_be_visible()
    # Rules, not a model: said, and nothing to mark (Art. 50(4) is about AI-generated text).
    expect(result).to_contain_text("sans IA générative")
    expect(result.locator(".marquage")).to_have_count(0)
    expect(page.locator("#tache-relecture")).to_be_hidden()


def test_a_request_is_classified_and_a_bad_commune_explained(agent_page: Page) -> None:
    page = agent_page
    form = open_task(page, "Classer une demande")
    form.get_by_label("Demande à classer").fill("Mon bac de déchets n'a pas été collecté.")
    commune = form.get_by_label("Code INSEE de la commune (facultatif)")
    commune.fill("Metz")
    form.get_by_role("button", name="Classer", exact=True).click()
    expect(page.locator("#classement-commune-erreur")).to_contain_text("code INSEE")
    expect(commune).to_be_focused()
    commune.fill("57463")
    form.get_by_role("button", name="Classer", exact=True).click()
    result = page.locator("#tache-resultat article")
    expect(result.get_by_text("Thème", exact=True)).to_be_visible()
    expect(result).to_contain_text("déchets")
    expect(form.get_by_label("Demande à classer")).to_have_value(
        "Mon bac de déchets n'a pas été collecté."
    )
