"""Rows published on the real Kafka by another service (records-submitted), taken in by the
running lake with the real SCDL subventions schema: a valid batch becomes an appended version
and is announced, a batch delivered twice is stored once, an invalid one waits in quarantine
and leaves the version as it was, an event that can never be stored is dead-lettered."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from google.protobuf.struct_pb2 import Struct

from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.events.v1 import lake_pb2
from collectivia.platform.events.catalogue import DATASET_UPDATED, RECORDS_SUBMITTED
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import dead_letters_of, events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

REPOSITORY = Path(__file__).resolve().parents[4]
SCHEMAS = REPOSITORY.parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"
PRODUCER = "agent-assistant"


def rows_of(name: str) -> list[dict[str, Any]]:
    """An example file's rows as a service would send them: empty cells left out."""
    text = (SUBVENTIONS / name).read_text(encoding="utf-8")
    return [{k: v for k, v in row.items() if v} for row in csv.DictReader(io.StringIO(text))]


VALID = rows_of("exemple-valide.csv")
INVALID = rows_of("exemple-invalide-erreurs-cellules.csv")


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    folder = tmp_path_factory.mktemp("lake")
    ingestion = IngestionSettings(
        schema_folders=[str(SCHEMAS)],
        quarantine_folder=str(folder / "quarantine"),
        record_producers=[PRODUCER],
    )
    with running_lake(kafka_server, keycloak_server, folder, supplied=[ingestion]) as running:
        yield running


@pytest.fixture(scope="module")
def producer(lake: RunningApp[DataLakeSettings]) -> Iterator[KafkaEventPublisher]:
    """The agents' assistant's side: its events carry its name as their source."""
    publisher = KafkaEventPublisher(lake.settings.kafka, PRODUCER, setup_telemetry(lake.settings))
    yield publisher
    publisher.close()


def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


def new_dataset(http: httpx.Client, demo_tokens: DemoTokens) -> str:
    dataset_id = f"subventions-{uuid.uuid4().hex[:8]}"
    body = dataset_body(dataset_id, schema_name="scdl/subventions")
    created = http.post("/v1/datasets", json=body, headers=steward(demo_tokens))
    assert created.status_code == 201, created.text
    return dataset_id


def submit(
    publisher: KafkaEventPublisher,
    dataset_id: str,
    batch_id: str,
    rows: list[dict[str, Any]],
    producer: str = PRODUCER,
) -> None:
    message = lake_pb2.RecordsSubmitted(dataset_id=dataset_id, batch_id=batch_id, producer=producer)
    for row in rows:
        record = Struct()
        record.update(row)
        message.records.append(record)
    publisher.publish(message, key=dataset_id, wait=True)


def versions(http: httpx.Client, dataset_id: str) -> list[dict[str, Any]]:
    response = http.get(f"/v1/datasets/{dataset_id}/versions")
    return list(response.json()) if response.status_code == 200 else []


def versions_when(http: httpx.Client, dataset_id: str, count: int) -> list[dict[str, Any]]:
    """The dataset's versions, the latest first, once there are ``count`` of them."""

    def found() -> list[dict[str, Any]]:
        listed = versions(http, dataset_id)
        return listed if len(listed) >= count else []

    return wait_until(found, timeout=30, what=f"{count} versions of {dataset_id}")


def test_a_service_s_batches_are_appended_once_and_announced(
    http: httpx.Client,
    demo_tokens: DemoTokens,
    kafka_server: KafkaServer,
    producer: KafkaEventPublisher,
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    submit(producer, dataset_id, "juin", VALID)
    submit(producer, dataset_id, "juin", VALID)  # delivered twice: stored once
    submit(producer, dataset_id, "juillet", VALID[:2])

    latest, _ = versions_when(http, dataset_id, 2)
    dataset = http.get(f"/v1/datasets/{dataset_id}").json()
    assert (dataset["latest_snapshot_id"], dataset["row_count"]) == (
        latest["snapshot_id"],
        len(VALID) + 2,
    )
    rows = http.get(f"/v1/datasets/{dataset_id}/rows", params={"limit": 1000}).json()["rows"]
    assert len(rows) == len(VALID) + 2
    assert max(r["montant"] for r in rows) == max(float(r["montant"]) for r in VALID)
    assert {r["dateConvention"] for r in rows} == {r["dateConvention"] for r in VALID}

    def announced() -> list[Any]:
        events = events_on(kafka_server.bootstrap_servers, DATASET_UPDATED, dataset_id)
        return events if len(events) >= 2 else []

    first, second = wait_until(announced, timeout=20, what="two dataset-updated")
    assert (first.mode, first.rows_added, first.total_rows) == ("append", len(VALID), len(VALID))
    assert (second.mode, second.rows_added, second.total_rows) == ("append", 2, len(VALID) + 2)
    assert second.snapshot_id == latest["snapshot_id"]

    loads = http.get(f"/v1/datasets/{dataset_id}/loads", headers=steward(demo_tokens)).json()
    assert [(h["status"], h["submitted_by"], h["filename"]) for h in loads] == [
        ("accepted", PRODUCER, "lot-agent-assistant-juillet.json"),
        ("accepted", PRODUCER, "lot-agent-assistant-juin.json"),
    ]


def test_an_invalid_batch_waits_in_quarantine_and_the_version_is_unchanged(
    http: httpx.Client,
    demo_tokens: DemoTokens,
    lake: RunningApp[DataLakeSettings],
    kafka_server: KafkaServer,
    producer: KafkaEventPublisher,
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    submit(producer, dataset_id, "base", VALID[:3])
    [base] = versions_when(http, dataset_id, 1)
    submit(producer, dataset_id, "erreurs", INVALID)

    def quarantined() -> list[dict[str, Any]]:
        return list(
            http.get(
                "/v1/quarantine", params={"dataset_id": dataset_id}, headers=steward(demo_tokens)
            ).json()
        )

    [entry] = wait_until(quarantined, timeout=30, what="the batch quarantined")
    assert (entry["status"], entry["submitted_by"]) == ("pending", PRODUCER)
    assert entry["filename"] == "lot-agent-assistant-erreurs.json"
    detail = http.get(f"/v1/quarantine/{entry['id']}", headers=steward(demo_tokens)).json()
    assert any(i["column"] == "dateConvention" for i in detail["issues"]), detail["issues"]
    assert [v["snapshot_id"] for v in versions(http, dataset_id)] == [base["snapshot_id"]]
    assert http.get(f"/v1/datasets/{dataset_id}").json()["row_count"] == 3
    assert len(events_on(kafka_server.bootstrap_servers, DATASET_UPDATED, dataset_id)) == 1

    # A batch for no dataset can never be stored: parked on the dead-letter topic, with why.
    unknown = f"inconnu-{uuid.uuid4().hex[:8]}"
    submit(producer, unknown, "perdu", VALID[:1])
    group = lake.settings.consumer_group
    [(_, headers)] = wait_until(
        lambda: dead_letters_of(
            kafka_server.bootstrap_servers, RECORDS_SUBMITTED.topic, unknown.encode(), group
        ),
        timeout=30,
        what="the batch dead-lettered",
    )
    assert headers["collectivia_error_type"] == b"InvalidEvent"
    assert unknown.encode() in headers["collectivia_error_message"]
