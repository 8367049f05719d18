"""The right to erasure over HTTP: a person's rows gone from every version and every file of
a personal-data dataset (and from its quarantine), the erasure recorded without the value,
refused on any other dataset."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest

from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.ingestion.models import ErasureRow
from collectivia.data_lake.ingestion.quarantine import Quarantine
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.events.catalogue import DATASET_UPDATED
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).resolve().parents[4].parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"
VALID = (SUBVENTIONS / "exemple-valide.csv").read_bytes()
INVALID_CELLS = (SUBVENTIONS / "exemple-invalide-erreurs-cellules.csv").read_bytes()
PERSON = "HARMONIE ANTIBOISE"


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    folder = tmp_path_factory.mktemp("lake")
    ingestion = IngestionSettings(
        schema_folders=[str(SCHEMAS)], quarantine_folder=str(folder / "quarantine")
    )
    with running_lake(kafka_server, keycloak_server, folder, supplied=[ingestion]) as running:
        yield running


def token(demo_tokens: DemoTokens, role: str) -> dict[str, str]:
    return bearer(demo_tokens.for_role(role, audience="data-lake"))


def loaded_dataset(
    http: httpx.Client, demo_tokens: DemoTokens, access_rights: str, *contents: bytes
) -> tuple[str, list[str]]:
    steward = token(demo_tokens, "data-steward")
    dataset_id = f"aides-{uuid.uuid4().hex[:8]}"
    body = dataset_body(dataset_id, schema_name="scdl/subventions", access_rights=access_rights)
    assert http.post("/v1/datasets", json=body, headers=steward).status_code == 201
    snapshots = []
    for content in contents:
        loaded = http.post(
            f"/v1/datasets/{dataset_id}/loads",
            files={"file": ("aides.csv", content)},
            headers=steward,
        )
        assert loaded.status_code == 201, loaded.text
        snapshots.append(loaded.json()["snapshot_id"])
    return dataset_id, snapshots


def second_version() -> bytes:
    """The example with its first row gone: the person is in both versions."""
    lines = VALID.decode().splitlines(keepends=True)
    return "".join([lines[0], *lines[2:]]).encode()


def names_in_every_file(lake: RunningApp[DataLakeSettings], dataset_id: str) -> list[str]:
    """Every beneficiary in every data file left under the table's folder, whatever snapshot
    references it (or none)."""
    table = lake.service.get(Lakehouse).table(dataset_id)
    folder = Path(table.location().removeprefix("file://")) / "data"
    names: list[str] = []
    for path in folder.rglob("*.parquet"):
        names += pq.read_table(path).column("nomBeneficiaire").to_pylist()
    return names


def test_a_persons_rows_are_erased_from_every_version_and_file(
    lake: RunningApp[DataLakeSettings],
    http: httpx.Client,
    demo_tokens: DemoTokens,
    kafka_server: KafkaServer,
) -> None:
    dataset_id, snapshots = loaded_dataset(http, demo_tokens, "personal", VALID, second_version())
    steward = token(demo_tokens, "data-steward")
    refused = http.post(
        f"/v1/datasets/{dataset_id}/loads",
        files={"file": ("erreurs.csv", INVALID_CELLS)},
        headers=steward,
    )
    entry_id = refused.json()["quarantine_id"]
    assert PERSON in names_in_every_file(lake, dataset_id)

    dpo = token(demo_tokens, "dpo")
    erased = http.post(
        f"/v1/datasets/{dataset_id}/erasures",
        json={"column": "nomBeneficiaire", "value": PERSON},
        headers=dpo,
    )
    assert erased.status_code == 201, erased.text
    erasure = erased.json()
    assert (erasure["rows_erased"], erasure["versions_removed"]) == (1, 2)
    assert erasure["quarantined_files_removed"] == 1
    assert erasure["files_removed"] >= 2

    # Every version read back: one is left, without the person; no file holds them.
    versions = http.get(f"/v1/datasets/{dataset_id}/versions", headers=dpo).json()
    assert [v["snapshot_id"] for v in versions] == [erasure["snapshot_id"]]
    assert versions[0]["total_rows"] == 27
    for snapshot_id in [*snapshots, erasure["snapshot_id"]]:
        read = http.get(
            f"/v1/datasets/{dataset_id}/rows",
            params={"version": snapshot_id, "limit": 1000},
            headers=dpo,
        )
        if snapshot_id in snapshots:
            assert read.status_code == 404  # the versions that held the person are gone
        else:
            assert PERSON not in {r["nomBeneficiaire"] for r in read.json()["rows"]}
    table = lake.service.get(Lakehouse).table(dataset_id)
    for snapshot in table.snapshots():
        rows = table.scan(snapshot_id=snapshot.snapshot_id).to_arrow()
        assert PERSON not in rows.column("nomBeneficiaire").to_pylist()
    names = names_in_every_file(lake, dataset_id)
    assert names and PERSON not in names
    dataset = http.get(f"/v1/datasets/{dataset_id}", headers=dpo).json()
    assert (dataset["latest_snapshot_id"], dataset["row_count"]) == (erasure["snapshot_id"], 27)

    # The quarantined file of the dataset is gone too, and its report's issues with it.
    entry = http.get(f"/v1/quarantine/{entry_id}", headers=steward).json()
    assert (entry["status"], entry["file_kept"], entry["issues"]) == ("discarded", False, [])
    assert lake.service.get(Quarantine).files.read(entry_id) is None

    # Recorded without the value; announced as a new version.
    listed = http.get(f"/v1/datasets/{dataset_id}/erasures", headers=dpo)
    assert listed.status_code == 200
    assert PERSON not in listed.text
    sessions = lake.service.get(Quarantine)._sessions
    with sessions() as session:
        stored = session.get(ErasureRow, erasure["id"])
        assert stored is not None
        assert PERSON not in str(vars(stored))
        expected = hashlib.sha256(f"nomBeneficiaire\x00{PERSON}".encode()).hexdigest()
        assert stored.value_sha256 == expected

    def published() -> list[Any]:
        found = events_on(kafka_server.bootstrap_servers, DATASET_UPDATED, dataset_id)
        return found if len(found) >= 3 else []

    events = wait_until(published, timeout=20, what="the erasure's dataset-updated")
    assert events[-1].snapshot_id == erasure["snapshot_id"]
    assert events[-1].access_rights == "personal"


def test_an_erasure_that_matches_nothing_keeps_the_history(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id, _ = loaded_dataset(http, demo_tokens, "personal", VALID, VALID)
    steward = token(demo_tokens, "data-steward")
    erased = http.post(
        f"/v1/datasets/{dataset_id}/erasures",
        json={"column": "nomBeneficiaire", "value": "PERSONNE INCONNUE"},
        headers=steward,
    ).json()
    assert (erased["rows_erased"], erased["versions_removed"], erased["snapshot_id"]) == (
        0,
        0,
        None,
    )
    versions = http.get(f"/v1/datasets/{dataset_id}/versions", headers=steward).json()
    assert len(versions) == 2


def test_erasure_is_refused_outside_personal_data_and_for_other_roles(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    public, _ = loaded_dataset(http, demo_tokens, "public", VALID)
    personal, _ = loaded_dataset(http, demo_tokens, "personal", VALID)
    dpo = token(demo_tokens, "dpo")
    person = {"column": "nomBeneficiaire", "value": PERSON}
    refused = http.post(f"/v1/datasets/{public}/erasures", json=person, headers=dpo)
    assert refused.status_code == 422
    assert refused.json()["rule"] == "effacement-donnees-personnelles"
    assert_french(refused.json()["detail"])
    assert PERSON in {
        r["nomBeneficiaire"]
        for r in http.get(f"/v1/datasets/{public}/rows", params={"limit": 100}).json()["rows"]
    }
    agent = token(demo_tokens, "agent")
    forbidden = http.post(f"/v1/datasets/{personal}/erasures", json=person, headers=agent)
    assert forbidden.status_code == 403
    assert_french(forbidden.json()["detail"])
    no_column = http.post(
        f"/v1/datasets/{personal}/erasures",
        json={"column": "nom", "value": PERSON},
        headers=dpo,
    )
    assert no_column.status_code == 422
    assert no_column.json()["errors"][0]["field"] == "column"
    assert_french(no_column.json()["detail"])
    wrong_type = http.post(
        f"/v1/datasets/{personal}/erasures",
        json={"column": "montant", "value": "beaucoup"},
        headers=dpo,
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "value"
    unknown = http.post("/v1/datasets/aucun-jeu/erasures", json=person, headers=dpo)
    assert unknown.status_code == 404
