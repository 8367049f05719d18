"""The datasets screens in a real Chromium: a dataset with two versions (written as the
ingestion writes them) is listed, its versions shown newest first, its rows previewed page by
page, two versions compared; keyboard focus follows, and axe-core finds nothing."""

from __future__ import annotations

import re
import uuid

import httpx
import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.lakehouse.tables import Lakehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors
from data_lake_testing.datasets import dataset_body

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def write_version(
    lake: RunningApp[DataLakeSettings], dataset_id: str, places: list[int], load_id: str
) -> None:
    """Rows written as the ingestion area does once a file passed validation."""
    rows = pa.table(
        {
            "equipement": [f"Équipement {n:02d}" for n in range(len(places))],
            "places": pa.array(places, pa.int64()),
        }
    )
    version = lake.service.get(Lakehouse).write(
        dataset_id, rows, load_id=load_id, operation="load", replace=True
    )
    lake.service.get(Datasets).record_version(dataset_id, version, schema_version="1.0")


def test_a_steward_browses_a_dataset_its_versions_rows_and_changes(
    lake: RunningApp[DataLakeSettings], steward_page: Page, steward_api: httpx.Client
) -> None:
    page = steward_page
    errors = console_errors(page)
    found: list[str] = []
    dataset_id = f"equipements-{uuid.uuid4().hex[:8]}"
    title = f"Équipements sportifs {dataset_id[-8:]}"
    body = dataset_body(dataset_id, title=title, key_columns=["equipement"])
    assert steward_api.post("/v1/datasets", json=body).status_code == 201
    write_version(lake, dataset_id, list(range(25)), "l1")
    write_version(lake, dataset_id, [*range(24), 99, 7], "l2")

    page.get_by_role("button", name="Actualiser la liste").click()
    listed = page.get_by_role("table", name=re.compile(r"^Jeux de données \(\d+\)$"))
    line = listed.locator("tbody tr", has=page.get_by_role("link", name=title))
    expect(line).to_contain_text("Public (données ouvertes)")
    expect(line.locator("td.nombre")).to_have_text("26")
    found += [f"jeux: {v}" for v in axe_violations(page)]

    # Opened with the keyboard: the focus goes to the screen's title.
    page.get_by_role("link", name=title).focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).to_be_focused()
    expect(page.get_by_role("link", name="Jeux de données", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("#jeu-infos")).to_contain_text(dataset_id)
    versions = page.get_by_role("table", name=re.compile(r"^Versions de "))
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions.locator("tbody tr").first.locator("th")).to_contain_text("(dernière)")
    expect(versions.locator("tbody tr").first.locator("td.nombre")).to_have_text(["26", "25", "26"])

    # The rows, 20 a page.
    preview = page.locator("#lignes-tableau table")
    expect(preview.locator("caption")).to_contain_text("Lignes 1 à 20 sur 26")
    expect(preview.locator("thead th")).to_have_text(["equipement", "places"])
    page.get_by_role("button", name="Lignes suivantes").click()
    expect(preview.locator("caption")).to_contain_text("Lignes 21 à 26 sur 26")
    expect(page.get_by_role("button", name="Lignes suivantes")).to_be_hidden()
    found += [f"jeu: {v}" for v in axe_violations(page)]

    # The older version's rows.
    page.get_by_label("Version", exact=True).select_option(index=1)
    page.get_by_role("button", name="Afficher les lignes").click()
    expect(preview.locator("caption")).to_contain_text("Lignes 1 à 20 sur 25")

    # The same version twice: said, no call.
    page.get_by_label("Version de départ").select_option(index=0)
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator("#comparaison-erreur")).to_have_text(
        "Choisissez deux versions différentes."
    )
    expect(page.get_by_label("Version de départ")).to_be_focused()
    page.get_by_label("Version de départ").select_option(index=1)
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator("#comparaison-etat")).to_have_text(
        "1 ligne ajoutée, 0 ligne retirée, 1 ligne modifiée."
    )
    added = page.get_by_role("table", name="Lignes ajoutées (1)")
    expect(added.locator("tbody td")).to_have_text(["Équipement 25", "7"])
    changed = page.get_by_role("table", name=re.compile(r"^Lignes modifiées"))
    expect(changed.locator("tbody td")).to_have_text(["Équipement 24", "99"])
    found += [f"jeu (comparaison): {v}" for v in axe_violations(page)]

    # Alt + Shift + J: back to the list.
    page.keyboard.press("Alt+Shift+KeyJ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeux de données")
    expect(page.get_by_role("heading", level=1)).to_be_focused()

    assert not found, "\n".join(found)
    assert errors == []


def test_an_unknown_dataset_is_said_in_french(steward_page: Page) -> None:
    page = steward_page
    page.goto(page.url.split("#")[0] + "#jeux/absent-de-la-liste")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeu de données introuvable")
    expect(page.locator("#jeu-etat")).to_contain_text("Aucun jeu de données « absent-de-la-liste »")
    for section in ("#chargement", "#versions", "#chargements", "#lignes", "#comparaison"):
        expect(page.locator(section)).to_be_hidden()
