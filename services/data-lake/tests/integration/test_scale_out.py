"""The lake at scale: the service's catalog on PostgreSQL and its warehouse on an S3 server
(versitygw), the same tables read back by a real Trino (Iceberg connector) — files loaded
through the service's HTTP API, versions visible to Trino's time travel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.storage.area import StorageSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.servers import KafkaServer, KeycloakServer, LakeScaleOut
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).resolve().parents[4].parent / "shared" / "lake" / "schemas"
VALID = (SCHEMAS / "scdl" / "subventions" / "exemple-valide.csv").read_bytes()


@pytest.fixture(scope="module")
def namespace() -> str:
    return f"lake_test_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def lake_at_scale(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    lake_scale_out: LakeScaleOut,
    namespace: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    storage = StorageSettings(
        catalog_url=lake_scale_out.catalog_url,
        catalog_name=lake_scale_out.catalog_name,
        namespace=namespace,
        warehouse=lake_scale_out.warehouse,
        s3_endpoint=lake_scale_out.s3_endpoint,
        s3_access_key_id=lake_scale_out.s3_access_key_id,
        s3_secret_access_key=lake_scale_out.s3_secret_access_key,
        s3_region=lake_scale_out.s3_region,
    )
    folder = tmp_path_factory.mktemp("lake-at-scale")
    ingestion = IngestionSettings(
        schema_folders=[str(SCHEMAS)], quarantine_folder=str(folder / "quarantine")
    )
    with running_lake(
        kafka_server, keycloak_server, folder, supplied=[storage, ingestion]
    ) as running:
        yield running
    with lake_scale_out.trino_connection() as connection:  # its tables' files go with them
        cursor = connection.cursor()
        cursor.execute(f"SHOW TABLES FROM {namespace}")
        for (table,) in cursor.fetchall():
            cursor.execute(f'DROP TABLE "{namespace}"."{table}"')
        cursor.execute(f"DROP SCHEMA {namespace}")


def test_what_the_service_loads_trino_reads_every_version_of(
    lake_at_scale: RunningApp[DataLakeSettings],
    lake_scale_out: LakeScaleOut,
    namespace: str,
    demo_tokens: DemoTokens,
) -> None:
    headers = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    dataset_id = "subventions-2026"
    with httpx.Client(base_url=lake_at_scale.base_url, timeout=60) as http:
        body = dataset_body(dataset_id, schema_name="scdl/subventions")
        assert http.post("/v1/datasets", json=body, headers=headers).status_code == 201
        first = http.post(
            f"/v1/datasets/{dataset_id}/loads",
            files={"file": ("subventions.csv", VALID, "text/csv")},
            headers=headers,
        )
        assert first.status_code == 201, first.text
        # The second delivery keeps the header and the first 10 rows.
        fewer = b"\n".join(VALID.splitlines()[:11]) + b"\n"
        second = http.post(
            f"/v1/datasets/{dataset_id}/loads",
            files={"file": ("subventions.csv", fewer, "text/csv")},
            headers=headers,
        )
        assert second.status_code == 201, second.text
        versions = http.get(f"/v1/datasets/{dataset_id}/versions", headers=headers).json()
    newest, oldest = versions[0]["snapshot_id"], versions[1]["snapshot_id"]
    table = f'"{namespace}"."subventions_2026"'
    with lake_scale_out.trino_connection() as connection:
        cursor = connection.cursor()
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchall() == [[10]]
        cursor.execute(f"SELECT count(*) FROM {table} FOR VERSION AS OF {oldest}")
        assert cursor.fetchall() == [[29]]
        cursor.execute(f'SELECT snapshot_id FROM "{namespace}"."subventions_2026$snapshots"')
        snapshots = {row[0] for row in cursor.fetchall()}
        assert {int(newest), int(oldest)} <= snapshots
        # Typed columns, as the schema declares them: amounts are numbers Trino can sum.
        cursor.execute(f"SELECT sum(montant) > 0, count(DISTINCT nomBeneficiaire) FROM {table}")
        [[positive, beneficiaries]] = cursor.fetchall()
        assert positive is True and beneficiaries >= 1
