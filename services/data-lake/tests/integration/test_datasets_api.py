"""Datasets over HTTP on the real Keycloak: declared by stewards, read by whoever may see
them, rows filtered by commune, any version readable, as of a date, diffed."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import httpx
import pyarrow as pa
import pytest

from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.lakehouse.tables import Lakehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body

pytestmark = pytest.mark.integration


def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def load(lake: RunningApp[DataLakeSettings], dataset_id: str, rows: pa.Table, load_id: str) -> str:
    """Rows written as the ingestion area does once a file passed validation."""
    version = lake.service.get(Lakehouse).write(
        dataset_id, rows, load_id=load_id, operation="load", replace=True
    )
    lake.service.get(Datasets).record_version(dataset_id, version, schema_version="1.0")
    return str(version.snapshot_id)


def by_commune(*rows: tuple[str, str, int]) -> pa.Table:
    return pa.table(
        {
            "commune": [r[0] for r in rows],
            "equipement": [r[1] for r in rows],
            "places": pa.array([r[2] for r in rows], pa.int64()),
        }
    )


def test_a_steward_declares_a_dataset_and_anyone_reads_it_when_public(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_id("equipements")
    created = http.post("/v1/datasets", json=dataset_body(dataset_id), headers=steward(demo_tokens))
    assert created.status_code == 201, created.text
    assert created.json()["latest_snapshot_id"] is None
    again = http.post("/v1/datasets", json=dataset_body(dataset_id), headers=steward(demo_tokens))
    assert again.status_code == 409
    assert_french(again.json()["detail"])
    first = load(lake, dataset_id, by_commune(("57463", "Piscine", 300)), "l1")
    anonymous = http.get(f"/v1/datasets/{dataset_id}")
    assert anonymous.status_code == 200
    assert anonymous.json()["latest_snapshot_id"] == first
    assert dataset_id in {d["id"] for d in http.get("/v1/datasets").json()}
    rows = http.get(f"/v1/datasets/{dataset_id}/rows").json()
    assert rows["rows"] == [{"commune": "57463", "equipement": "Piscine", "places": 300}]


def test_only_stewards_declare_datasets(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    refused = http.post("/v1/datasets", json=dataset_body(new_id("x")), headers=agent)
    assert refused.status_code == 403
    assert_french(refused.json()["detail"])
    assert http.post("/v1/datasets", json=dataset_body(new_id("x"))).status_code == 401


def test_a_malformed_declaration_gets_a_field_report(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    body = dataset_body("Pas Un Identifiant", contact_email="pas-un-courriel")
    refused = http.post("/v1/datasets", json=body, headers=steward(demo_tokens))
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"id", "contact_email"}


def test_restricted_rows_are_filtered_by_the_callers_communes(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_id("places-creches")
    body = dataset_body(dataset_id, access_rights="restricted", commune_column="commune")
    assert http.post("/v1/datasets", json=body, headers=steward(demo_tokens)).status_code == 201
    load(
        lake,
        dataset_id,
        by_commune(("57463", "Crèche Metz", 40), ("57480", "Crèche Montigny", 25)),
        "l1",
    )
    # Anonymous: the dataset does not exist for them (its existence is not disclosed).
    assert http.get(f"/v1/datasets/{dataset_id}").status_code == 404
    assert http.get(f"/v1/datasets/{dataset_id}/rows").status_code == 404
    assert dataset_id not in {d["id"] for d in http.get("/v1/datasets").json()}
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))  # commune 57463
    official = bearer(demo_tokens.for_role("official", audience="data-lake"))  # commune 57480
    assert [
        r["commune"]
        for r in http.get(f"/v1/datasets/{dataset_id}/rows", headers=agent).json()["rows"]
    ] == ["57463"]
    assert [
        r["commune"]
        for r in http.get(f"/v1/datasets/{dataset_id}/rows", headers=official).json()["rows"]
    ] == ["57480"]
    everything = http.get(f"/v1/datasets/{dataset_id}/rows", headers=steward(demo_tokens)).json()
    assert everything["total"] == 2


def test_personal_data_is_for_stewards_and_never_public(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_id("beneficiaires")
    body = dataset_body(dataset_id, access_rights="personal")
    assert http.post("/v1/datasets", json=body, headers=steward(demo_tokens)).status_code == 201
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    assert http.get(f"/v1/datasets/{dataset_id}", headers=agent).status_code == 404
    made_public = http.put(
        f"/v1/datasets/{dataset_id}/access",
        json={"access_rights": "public"},
        headers=steward(demo_tokens),
    )
    assert made_public.status_code == 422
    assert "donnees-personnelles-jamais-publiques" in made_public.text
    assert_french(made_public.json()["detail"])
    still = http.get(f"/v1/datasets/{dataset_id}", headers=steward(demo_tokens)).json()
    assert still["access_rights"] == "personal"


def test_every_version_is_readable_as_of_a_date_and_diffed(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_id("equipements-sportifs")
    body = dataset_body(dataset_id, key_columns=["equipement"])
    assert http.post("/v1/datasets", json=body, headers=steward(demo_tokens)).status_code == 201
    first = load(
        lake, dataset_id, by_commune(("57463", "Piscine", 300), ("57463", "Stade", 5000)), "l1"
    )
    time.sleep(0.05)
    between = datetime.now(UTC)
    time.sleep(0.05)
    second = load(
        lake, dataset_id, by_commune(("57463", "Piscine", 350), ("57480", "Gymnase", 200)), "l2"
    )
    versions = http.get(f"/v1/datasets/{dataset_id}/versions").json()
    assert [v["snapshot_id"] for v in versions] == [second, first]
    old = http.get(f"/v1/datasets/{dataset_id}/rows", params={"version": first}).json()
    assert {r["equipement"] for r in old["rows"]} == {"Piscine", "Stade"}
    as_of = http.get(
        f"/v1/datasets/{dataset_id}/rows", params={"as_of": between.isoformat()}
    ).json()
    assert as_of["snapshot_id"] == first
    diff = http.get(f"/v1/datasets/{dataset_id}/diff", params={"from": first, "to": second}).json()
    assert (diff["added"], diff["removed"], diff["changed"]) == (1, 1, 1)
    assert diff["changed_rows"] == [{"commune": "57463", "equipement": "Piscine", "places": 350}]


def test_bad_version_requests_get_clear_french_errors(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_id("vide")
    assert (
        http.post(
            "/v1/datasets", json=dataset_body(dataset_id), headers=steward(demo_tokens)
        ).status_code
        == 201
    )
    never_loaded = http.get(f"/v1/datasets/{dataset_id}/rows")
    assert never_loaded.status_code == 404
    assert_french(never_loaded.json()["detail"])
    first = load(lake, dataset_id, by_commune(("57463", "Piscine", 300)), "l1")
    for params, status in (
        ({"version": "abc"}, 422),
        ({"version": "123"}, 404),
        ({"version": first, "as_of": "2026-01-01T00:00:00+00:00"}, 422),
        ({"as_of": "2000-01-01T00:00:00+00:00"}, 404),
        ({"as_of": "2026-01-01T00:00:00"}, 422),
        ({"limit": "5000"}, 422),
    ):
        response = http.get(f"/v1/datasets/{dataset_id}/rows", params=params)
        assert response.status_code == status, (params, response.text)
        assert_french(response.json()["detail"])
