"""The shared prompt library on the intranet page: most useful first, a template read, used
in a draft (its variables as form fields, an unfilled one refused in French and nothing
typed lost), rated and commented for colleagues."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import FilePayload, Page, expect

from collectivia.testkit.browser import console_errors

pytestmark = [pytest.mark.integration, pytest.mark.browser]

TEMPLATE = "Courrier de réponse à une demande d'acte d'état civil"


def test_the_library_lists_the_most_useful_templates_first(
    agent_page: Page, agent_api: httpx.Client
) -> None:
    agent_page.keyboard.press("Alt+Shift+B")
    expect(
        agent_page.get_by_role("heading", level=1, name="Bibliothèque de modèles")
    ).to_be_focused()
    expect(agent_page.locator("#modeles-etat")).to_contain_text("les plus utiles d'abord")
    ranked = agent_api.get("/v1/prompts/templates").json()
    assert len(ranked) >= 2
    expect(agent_page.locator("#modeles-liste > li > a")).to_have_text([t["title"] for t in ranked])
    # Searching by kind.
    agent_page.get_by_label("Type", exact=True).select_option(label="Langage clair (FALC)")
    agent_page.get_by_role("button", name="Chercher").click()
    expect(agent_page.locator("#modeles-liste > li > a")).to_have_text(
        ["Réécriture en FALC (facile à lire et à comprendre)"]
    )


def test_a_template_no_task_uses_offers_no_button_to_use_it(agent_page: Page) -> None:
    page = agent_page
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    page.get_by_label("Type", exact=True).select_option(label="Classement")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name="Classement d'une demande d'usager").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classement d'une demande d'usager")
    # The link button is hidden by its attribute, whatever the stylesheet makes of buttons.
    expect(page.locator("#modele-utiliser")).to_have_attribute("hidden", "")
    expect(page.locator("#modele-utiliser")).to_be_hidden()
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    page.get_by_label("Type", exact=True).select_option(label="Rédaction")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name=TEMPLATE).click()
    expect(page.get_by_role("link", name="Utiliser ce modèle")).to_be_visible()


def test_a_template_is_used_for_a_draft_then_rated(agent_page: Page) -> None:
    page = agent_page
    errors = console_errors(page)
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    page.get_by_role("link", name=TEMPLATE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEMPLATE)
    expect(page.locator("#modele-texte")).to_contain_text("Destinataire : {{destinataire}}")
    expect(page.locator("#modele-variables")).to_contain_text("Suite donnée : Envoi, refus")

    page.get_by_role("link", name="Utiliser ce modèle").click()
    form = page.get_by_role("form", name="Rédiger un courrier")
    expect(form).to_be_visible()
    expect(form.get_by_label("Modèle de courrier")).to_have_value(
        page.evaluate("location.hash").split("modele=")[1]
    )
    expect(form.get_by_role("group", name=f"Éléments du modèle « {TEMPLATE} »")).to_be_visible()
    expect(page.locator("#redaction-var-destinataire-aide")).to_have_text(
        "Exemple : Madame Jeanne Martin"
    )
    form.get_by_label("Destinataire").fill("Madame Jeanne Martin")
    form.get_by_label("Acte demandé").fill("copie intégrale d'acte de naissance")
    form.get_by_label("Suite donnée").fill("acte envoyé par courrier ce jour")
    form.get_by_role("button", name="Rédiger le brouillon").click()

    # The unfilled variable: named by its label, next to its field, which gets the focus.
    date = form.get_by_label("Date de la demande")
    expect(page.locator("#redaction-var-date_demande-erreur")).to_have_text(
        "La variable « Date de la demande » n'est pas renseignée."
    )
    expect(date).to_be_focused()
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#tache-erreur")).to_contain_text("Le modèle ne peut pas être complété")
    expect(form.get_by_label("Destinataire")).to_have_value("Madame Jeanne Martin")
    date.fill("12 mars 2026")
    form.get_by_role("button", name="Rédiger le brouillon").click()

    result = page.locator("#tache-resultat")
    expect(result.get_by_role("heading", name=f"Brouillon : {TEMPLATE}")).to_be_visible()
    expect(result).to_contain_text("Destinataire : Madame Jeanne Martin")
    expect(result).to_contain_text("Date de la demande : 12 mars 2026")
    expect(page.locator("#tache-erreur")).to_be_empty()
    expect(date).not_to_have_attribute("aria-invalid", "true")

    # Rated: the score is required, then 5 with a comment.
    rating = page.get_by_role("form", name="Noter le modèle utilisé")
    expect(rating).to_contain_text(f"Modèle utilisé : « {TEMPLATE} »")
    rating.get_by_role("button", name="Enregistrer ma note").click()
    expect(page.locator("#tache-note-score-erreur")).to_have_text("Choisissez une note de 1 à 5.")
    expect(rating.get_by_label("1 — inutile")).to_be_focused()
    comment = f"Parfait pour les actes de naissance ({uuid.uuid4().hex[:6]})."
    rating.get_by_label("5 — très utile").check()
    rating.get_by_label("Commentaire (facultatif)").fill(comment)
    rating.get_by_role("button", name="Enregistrer ma note").click()
    expect(page.locator("#tache-note-etat")).to_have_text("Merci, votre note a été enregistrée.")

    # Colleagues read it on the template's page.
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    page.get_by_role("link", name=TEMPLATE).click()
    feedback = page.locator("#modele-avis li", has_text=comment)
    expect(feedback).to_contain_text("5 sur 5 — service etat-civil")
    # Only the refused draft's answer, in the browser's log: no script error.
    assert errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]


def test_templates_are_exported_and_a_bad_import_file_is_explained(
    agent_page: Page, tmp_path: Path
) -> None:
    page = agent_page
    page.get_by_role("link", name="Bibliothèque de modèles").click()
    # The agent's own department's template (others' templates are theirs to import).
    page.get_by_label("Mots à chercher").fill("acte")
    page.get_by_label("Type", exact=True).select_option(label="Rédaction")
    page.get_by_role("button", name="Chercher").click()
    expect(page.locator("#modeles-liste > li > a")).to_have_text([TEMPLATE])
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter les modèles affichés (fichier JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    exported = json.loads(saved.read_text("utf-8"))
    assert [t["title"] for t in exported["templates"]] == [TEMPLATE]
    expect(page.locator("#modeles-echange-etat")).to_contain_text(
        f"Fichier « {download.value.suggested_filename} » enregistré"
    )

    field = page.get_by_label("Fichier de modèles à importer (JSON exporté)")
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator("#modeles-fichier-erreur")).to_have_text(
        "Choisissez le fichier de modèles à importer."
    )
    field.set_input_files(
        FilePayload(name="modeles.json", mimeType="application/json", buffer=b"pas du JSON")
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#modeles-echange-etat")).not_to_be_empty()
    expect(field).to_be_focused()
    # The exported file itself imports cleanly: nothing new, the template is unchanged.
    field.set_input_files(saved)
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#modeles-fichier-erreur")).to_be_empty()
    expect(page.locator("#modeles-echange-etat")).not_to_be_empty()
