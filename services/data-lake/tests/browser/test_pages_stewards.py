"""The stewards' page in a real Chromium, signed in through the real Keycloak login page
(authorisation code + PKCE, public client data-lake-web): thomas.donnees sees a dataset,
loads a valid file and sees its new version, loads an invalid one and reads the French
validation report in place, then in the quarantine; axe-core finds no WCAG 2.1 A/AA
violation on any screen on the way."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.french import assert_french

from .conftest import SUBVENTIONS, declared, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.browser]

VALID = SUBVENTIONS / "exemple-valide.csv"
INVALID = SUBVENTIONS / "exemple-invalide-erreurs-cellules.csv"
VALID_ROWS = 29


def violations_on(page: Page, screen: str) -> list[str]:
    return [f"{screen}: {violation}" for violation in axe_violations(page)]


def test_signed_out_the_page_and_its_statement_pass_axe(
    page: Page, lake: RunningApp[DataLakeSettings]
) -> None:
    errors = console_errors(page)
    found: list[str] = []
    page.goto(lake.base_url + "/")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page).to_have_title("Lac de données de Metz Métropole — Lac de données — Metz Métropole")
    found += violations_on(page, "connexion")
    page.goto(lake.base_url + "/accessibilite")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    found += violations_on(page, "accessibilite")
    assert not found, "\n".join(found)
    assert errors == []


def corrected(folder: Path) -> Path:
    """The valid example with one amount changed."""
    text = VALID.read_text("utf-8")
    assert text.count(",33000,") == 1
    path = folder / "subventions-corrigees.csv"
    path.write_text(text.replace(",33000,", ",34500,"), "utf-8")
    return path


def test_a_steward_loads_a_valid_file_then_reads_the_report_of_an_invalid_one(
    steward_page: Page, steward_api: httpx.Client, tmp_path: Path
) -> None:
    page = steward_page
    errors = console_errors(page)
    found: list[str] = []
    dataset_id = f"subventions-{uuid.uuid4().hex[:8]}"
    title = f"Subventions versées {dataset_id[-8:]}"
    declared(steward_api, dataset_id, title=title)

    # The list: the dataset is there (declared after the page loaded: refreshed).
    page.get_by_role("button", name="Actualiser la liste").click()
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    found += violations_on(page, "jeux")

    link.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).to_be_focused()
    expect(page).to_have_title(f"{title} — Lac de données — Metz Métropole")
    expect(page.locator("#versions-etat")).to_have_text(
        "Aucune version : rien n'a encore été chargé dans ce jeu de données."
    )

    # No file chosen: said under the field, which gets the focus.
    page.get_by_role("button", name="Envoyer le fichier").click()
    field = page.get_by_label("Fichier à charger")
    expect(page.locator("#chargement-fichier-erreur")).to_have_text(
        "Choisissez le fichier à charger."
    )
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    found += violations_on(page, "jeu (aucun fichier choisi)")

    # A valid file: the new version, its rows.
    field.set_input_files(VALID)
    page.get_by_role("button", name="Envoyer le fichier").click()
    expect(page.locator("#chargement-etat")).to_have_text(
        f"Fichier « {VALID.name} » accepté : nouvelle version de {VALID_ROWS} lignes."
    )
    expect(field).not_to_have_attribute("aria-invalid", "true")
    versions = page.get_by_role("table", name=f"Versions de « {title} », la plus récente d'abord")
    expect(versions.locator("tbody tr")).to_have_count(1)
    expect(versions.locator("tbody tr").first).to_contain_text("(dernière)")
    expect(versions.locator("tbody tr").first).to_contain_text(str(VALID_ROWS))
    expect(page.locator("#versions-etat")).to_have_text("1 version.")
    preview = page.locator("#lignes-tableau table")
    expect(preview.locator("caption")).to_contain_text(f"Lignes 1 à 20 sur {VALID_ROWS}")
    expect(preview).to_contain_text("CEA DU PERSONNEL DE LA VILLE D'ANTIBES")
    history = page.locator("#chargements-tableau table")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr").first).to_contain_text("Accepté")
    found += violations_on(page, "jeu (fichier accepté)")

    # An invalid file: nothing loaded, the report in place, in French, as a table.
    field.set_input_files(INVALID)
    page.get_by_role("button", name="Envoyer le fichier").click()
    refusal = page.locator("#chargement-erreur")
    expect(refusal).to_contain_text(f"Le fichier « {INVALID.name} » n'est pas conforme")
    expect(refusal).to_have_attribute("role", "alert")
    assert_french(refusal.inner_text())
    report = page.get_by_role(
        "table",
        name=re.compile(rf"^Rapport de validation du fichier « {INVALID.name} » : \d+ erreurs?$"),
    )
    expect(report).to_be_visible()
    headers = report.locator("thead th")
    expect(headers).to_have_text(["Ligne", "Colonne", "Règle", "Message"])
    for header in headers.all():
        assert header.get_attribute("scope") == "col"
    rows = report.locator("tbody tr")
    assert rows.count() >= 2
    # "05/12/2016" on the file's row 5 is not an ISO date; "100000,1" on row 6 not a number.
    date_issue = rows.filter(has=page.locator("td:nth-child(2)", has_text="dateConvention"))
    expect(date_issue.first.locator("td").first).to_have_text("5")
    amount_issue = rows.filter(has=page.locator("td:nth-child(2)", has_text="montant"))
    expect(amount_issue.first.locator("td").first).to_have_text("6")
    for message in report.locator("tbody td:nth-child(4)").all_inner_texts():
        assert_french(message)
    # The dataset is unchanged; the refused load is in the history.
    expect(versions.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.locator("tbody tr").first).to_contain_text("Refusé")
    found += violations_on(page, "jeu (fichier refusé)")
    # Reflows at 320 px (WCAG 1.4.10): only the tables scroll, in their own region.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    # The report again, in the quarantine.
    page.get_by_role("link", name="voir le fichier en quarantaine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Fichier en quarantaine : {INVALID.name}"
    )
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.locator("#quarantaine-infos")).to_contain_text("En attente de correction")
    again = page.get_by_role(
        "table", name=re.compile(rf"^Rapport de validation du fichier « {INVALID.name} »")
    )
    expect(again.locator("tbody tr")).to_have_count(rows.count())
    found += violations_on(page, "quarantaine (fichier)")

    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le fichier refusé").click()
    assert download.value.suggested_filename == INVALID.name
    assert Path(download.value.path()).read_bytes() == INVALID.read_bytes()

    page.get_by_role("link", name="Quarantaine", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarantaine")
    entry = page.get_by_role("link", name=INVALID.name).first
    expect(entry).to_be_visible()
    found += violations_on(page, "quarantaine")

    # Discarded, after a confirmation: the file goes, the report stays.
    entry.click()
    page.get_by_role("button", name="Écarter ce fichier").click()
    expect(page.get_by_role("heading", name="Écarter ce fichier ?")).to_be_focused()
    found += violations_on(page, "quarantaine (confirmation)")
    page.get_by_role("button", name="Écarter définitivement").click()
    expect(page.locator("#quarantaine-fichier-etat")).to_have_text(
        f"Le fichier « {INVALID.name} » a été écarté ; son rapport reste consultable."
    )
    expect(page.locator("#quarantaine-infos")).to_contain_text("Écarté")
    expect(page.get_by_role("button", name="Écarter ce fichier")).to_be_hidden()
    expect(page.get_by_role("button", name="Télécharger le fichier refusé")).to_be_hidden()
    expect(again.locator("tbody tr")).to_have_count(rows.count())

    # Back to the dataset: a corrected file is the second version; the two compared.
    page.get_by_role("link", name="Jeux de données", exact=True).click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_label("Fichier à charger").set_input_files(corrected(tmp_path))
    page.get_by_role("button", name="Envoyer le fichier").click()
    expect(page.locator("#versions-etat")).to_have_text("2 versions.")
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator("#comparaison-etat")).to_have_text(
        "0 ligne ajoutée, 0 ligne retirée, 1 ligne modifiée."
    )
    changed = page.get_by_role("table", name=re.compile(r"^Lignes modifiées"))
    expect(changed.locator("tbody tr")).to_have_count(1)
    expect(changed).to_contain_text("34")
    found += violations_on(page, "jeu (comparaison)")

    assert not found, "\n".join(found)
    # The browser logs the refused upload's answer (422); nothing else went wrong.
    refused = "Failed to load resource: the server responded with a status of 422"
    assert [e for e in errors if not e.startswith(refused)] == []
    assert len(errors) == 1


def test_a_signed_in_agent_is_told_the_page_is_for_data_stewards(
    page: Page, lake: RunningApp[DataLakeSettings]
) -> None:
    sign_in(page, lake.base_url, "julien.agent", "julien.agent-demo")
    expect(page.locator("#connexion-erreur")).to_contain_text(
        "L'espace des administrateurs des données est réservé au rôle « data-steward »"
    )
    expect(page.locator("#menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
