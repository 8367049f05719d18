"""The register links an entry's data sources to the data lake's datasets: a data steward
declares a restricted and a public dataset in the lake, an ethics officer registers a system
whose sources name them and takes it through review; the register looks each one up
(``DataLakeService.GetDataset``, with its own service token) and shows the datasets' titles,
the public one's link, the restricted one's restriction — never rows. A dataset id the lake
does not know keeps the entry out of review, in French, naming the field. The lake and the
register are started through their entry points (nothing of them imported here)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from collectivia.testkit.french import assert_french
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

RUN = uuid.uuid4().hex[:8]
RESTRICTED = f"eau-telemetrie-{RUN}"
PUBLIC = f"fontaines-{RUN}"


def dataset(dataset_id: str, title: str, access_rights: str) -> dict[str, Any]:
    return {
        "id": dataset_id,
        "title": title,
        "description": "Un jeu de données de démonstration pour les tests.",
        "publisher": "Metz Métropole",
        "contact_name": "Service de la donnée",
        "contact_email": "donnees@collectivite.example",
        "themes": ["ENVI"],
        "frequency": "MONTHLY",
        "access_rights": access_rights,
        "schema_name": "",
        "owner_department": "eau",
        "steward": "Thomas Petit",
        "provider": "Metz Métropole",
    }


@pytest.fixture(scope="module")
def lake_datasets(running_data_lake: ServiceProcess, demo_tokens: DemoTokens) -> None:
    steward = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    with httpx.Client(base_url=running_data_lake.base_url, timeout=30) as lake:
        for body in (
            dataset(RESTRICTED, "Télérelève du réseau d'eau", "restricted"),
            dataset(PUBLIC, "Fontaines d'eau potable", "public"),
        ):
            created = lake.post("/v1/datasets", json=body, headers=steward)
            assert created.status_code == 201, created.text


@pytest.fixture(scope="module")
def register(running_ethics_register_with_lake: ServiceProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_ethics_register_with_lake.base_url, timeout=30) as http:
        yield http


def sources(*dataset_ids: str) -> list[dict[str, Any]]:
    return [
        {"name": f"Données du lac {n}", "dataset_id": dataset_id, "contains_personal_data": False}
        for n, dataset_id in enumerate(dataset_ids, start=1)
    ]


def test_an_entry_links_to_the_lakes_datasets_it_uses(
    register: httpx.Client, lake_datasets: None, demo_tokens: DemoTokens
) -> None:
    # Registered, triaged, submitted (the look-ups happen here) and approved by the API.
    system = approved_system(
        register,
        demo_tokens,
        purpose="water-network-forecast",
        source_data=sources(RESTRICTED, PUBLIC),
    )
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    entry = register.get(f"/v1/systems/{system['id']}", headers=officer).json()
    restricted, public = (source["dataset"] for source in entry["source_data"])
    assert (restricted["title"], restricted["access_rights"], restricted["url"]) == (
        "Télérelève du réseau d'eau",
        "restricted",
        None,
    )
    assert (public["title"], public["access_rights"]) == ("Fontaines d'eau potable", "public")
    assert public["url"].endswith(f"/v1/datasets/{PUBLIC}")
    # The public page: the public dataset's link, the restricted one's title and restriction.
    page = register.get(f"/registre/{system['id']}")
    assert page.status_code == 200, page.text
    assert f'{public["url"]}">Fontaines d&#x27;eau potable</a>' in page.text
    assert "Télérelève du réseau d&#x27;eau (accès restreint" in page.text
    assert RESTRICTED not in page.text
    # The open-data export carries the same links.
    exported = register.get("/v1/exports/register.json").json()
    [mine] = [s for s in exported["systems"] if s["id"] == system["id"]]
    assert [s["dataset"]["title"] for s in mine["source_data"]] == [
        "Télérelève du réseau d'eau",
        "Fontaines d'eau potable",
    ]


def test_an_entry_naming_an_unknown_dataset_cannot_go_to_review(
    register: httpx.Client, lake_datasets: None, demo_tokens: DemoTokens
) -> None:
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    created = register.post(
        "/v1/systems",
        json=system_body(source_data=sources(PUBLIC, f"inconnu-{RUN}")),
        headers=officer,
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    submitted = register.post(
        f"/v1/systems/{draft['id']}/submit", json={"version": draft["version"]}, headers=officer
    )
    assert submitted.status_code == 422, submitted.text
    problem = submitted.json()
    assert problem["rule"] == "dataset-unknown"
    assert [e["field"] for e in problem["errors"]] == ["source_data.1.dataset_id"]
    assert f"'inconnu-{RUN}'" in problem["detail"]
    assert_french(problem["detail"])
    assert_french(problem["errors"][0]["message"])
    unchanged = register.get(f"/v1/systems/{draft['id']}", headers=officer).json()
    assert (unchanged["status"], unchanged["version"]) == ("draft", draft["version"])
