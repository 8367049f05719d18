"""DataLakeService over gRPC on the real Kafka and Keycloak: GetDataset and ListDatasets
through the caller's access rule, with French statuses; IngestTelemetry from the water
operator's own token — batches acknowledged once stored, bad readings quarantined one by
one, a batch sent again stored once — then announced and aggregated on Kafka."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import httpx
import pytest

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.telemetry.publication import TelemetryPublication, aggregate_key
from collectivia.events.v1 import lake_pb2 as events_pb2
from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.platform.events.catalogue import DATASET_UPDATED, TELEMETRY_AGGREGATED
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.datasets import dataset_body

pytestmark = pytest.mark.integration

Metadata = tuple[tuple[str, str], ...]
RUN = uuid.uuid4().hex[:8]
CONTRACT = f"dsp-eau-{RUN}"
TELEMETRY = f"eau-telemetrie-{RUN}"
PUBLIC = f"eau-qualite-{RUN}"
HOUR = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)


def metadata(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture(scope="module")
def stub(lake: RunningApp[DataLakeSettings]) -> Iterator[lake_pb2_grpc.DataLakeServiceStub]:
    with grpc.insecure_channel(lake.grpc_target) as channel:
        yield lake_pb2_grpc.DataLakeServiceStub(channel)


@pytest.fixture(scope="module")
def water(demo_tokens: DemoTokens) -> Metadata:
    return metadata(demo_tokens.for_service("operator-eau-demo"))


@pytest.fixture(scope="module")
def steward(demo_tokens: DemoTokens) -> Metadata:
    return metadata(demo_tokens.for_role("data-steward", audience="data-lake"))


@pytest.fixture(scope="module")
def contract(lake: RunningApp[DataLakeSettings], demo_tokens: DemoTokens) -> str:
    headers = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    with httpx.Client(base_url=lake.base_url, timeout=30) as http:
        for body in (
            dataset_body(
                TELEMETRY,
                kind="telemetry",
                contract_id=CONTRACT,
                access_rights="restricted",
                frequency="CONT",
                commune_column="commune",
                themes=["ENVI"],
            ),
            dataset_body(PUBLIC, themes=["ENVI"]),
        ):
            created = http.post("/v1/datasets", headers=headers, json=body)
            assert created.status_code == 201, created.text
        declared = http.post(
            "/v1/contracts",
            headers=headers,
            json={
                "id": CONTRACT,
                "title": "Délégation du service public de l'eau potable",
                "public_service": "eau-potable",
                "operator_client_id": "operator-eau-demo",
                "operator_name": "Eaux de la Métropole SAS",
                "starts_on": "2024-01-01",
                "ends_on": "2035-12-31",
                "datasets": [{"dataset_id": TELEMETRY, "frequency": "continuous"}],
            },
        )
        assert declared.status_code == 201, declared.text
    return CONTRACT


def reading(
    sensor: str, measure: str, value: float, unit: str, minutes: int, commune: str = "57463"
) -> lake_pb2.TelemetryReading:
    message = lake_pb2.TelemetryReading(
        sensor_id=sensor, measure=measure, value=value, unit=unit, commune=commune
    )
    message.measured_at.FromDatetime(HOUR + timedelta(minutes=minutes))
    return message


def batches() -> list[lake_pb2.TelemetryBatch]:
    return [
        lake_pb2.TelemetryBatch(
            dataset_id=TELEMETRY,
            batch_id=f"{RUN}-1",
            readings=[
                reading("CPT-001", "debit", 10.0, "m3/h", 5),
                reading("CPT-001", "debit", 30.0, "m3/h", 25),
                reading("CPT-001", "pression", 250.0, "bar", 25),  # out of range
            ],
        ),
        lake_pb2.TelemetryBatch(
            dataset_id=TELEMETRY,
            batch_id=f"{RUN}-2",
            readings=[
                reading("CPT-002", "niveau", 4.5, "m", 10, commune="57480"),
                reading("CPT-002", "niveau", 4.0, "cm", 20, commune="57480"),  # wrong unit
            ],
        ),
    ]


def refused(call: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def test_get_and_list_datasets_follow_the_callers_access(
    stub: lake_pb2_grpc.DataLakeServiceStub,
    contract: str,
    steward: Metadata,
    water: Metadata,
    lake: RunningApp[DataLakeSettings],
) -> None:
    dataset = stub.GetDataset(lake_pb2.GetDatasetRequest(dataset_id=TELEMETRY), metadata=steward)
    assert (dataset.id, dataset.contract_id, dataset.access_rights) == (
        TELEMETRY,
        CONTRACT,
        "restricted",
    )
    assert dataset.url == f"{str(lake.settings.public_url).rstrip('/')}/v1/datasets/{TELEMETRY}"
    listed = stub.ListDatasets(lake_pb2.ListDatasetsRequest(theme="ENVI"), metadata=steward)
    assert {TELEMETRY, PUBLIC} <= {d.id for d in listed.datasets}
    # The operator's service account holds no reader role: the public one only.
    listed = stub.ListDatasets(lake_pb2.ListDatasetsRequest(theme="ENVI"), metadata=water)
    assert PUBLIC in {d.id for d in listed.datasets}
    assert TELEMETRY not in {d.id for d in listed.datasets}
    hidden = refused(
        lambda: stub.GetDataset(lake_pb2.GetDatasetRequest(dataset_id=TELEMETRY), metadata=water)
    )
    assert hidden.code() is grpc.StatusCode.NOT_FOUND
    assert_french(hidden.details() or "")
    malformed = refused(
        lambda: stub.GetDataset(lake_pb2.GetDatasetRequest(dataset_id="Pas Bon!"), metadata=steward)
    )
    assert malformed.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert_french(malformed.details() or "")
    anonymous = refused(lambda: stub.ListDatasets(lake_pb2.ListDatasetsRequest()))
    assert anonymous.code() is grpc.StatusCode.UNAUTHENTICATED


def test_the_suites_services_see_a_restricted_datasets_metadata_never_its_rows(
    stub: lake_pb2_grpc.DataLakeServiceStub,
    contract: str,
    demo_tokens: DemoTokens,
    lake: RunningApp[DataLakeSettings],
) -> None:
    register = metadata(demo_tokens.for_service("ethics-register"))
    dataset = stub.GetDataset(lake_pb2.GetDatasetRequest(dataset_id=TELEMETRY), metadata=register)
    assert (dataset.id, dataset.access_rights, dataset.contract_id) == (
        TELEMETRY,
        "restricted",
        CONTRACT,
    )
    assert dataset.title and dataset.url.endswith(f"/v1/datasets/{TELEMETRY}")
    listed = stub.ListDatasets(lake_pb2.ListDatasetsRequest(theme="ENVI"), metadata=register)
    assert {TELEMETRY, PUBLIC} <= {d.id for d in listed.datasets}
    # Its rows stay behind the normal rule: the register's service account reads none.
    headers = bearer(demo_tokens.for_service("ethics-register"))
    with httpx.Client(base_url=lake.base_url, timeout=30) as http:
        rows = http.get(f"/v1/datasets/{TELEMETRY}/rows", headers=headers)
    assert rows.status_code == 404, rows.text
    # An integrator is no suite service: what its roles allow, the public datasets only.
    integrator = metadata(demo_tokens.for_service("integrator-demo"))
    hidden = refused(
        lambda: stub.GetDataset(
            lake_pb2.GetDatasetRequest(dataset_id=TELEMETRY), metadata=integrator
        )
    )
    assert hidden.code() is grpc.StatusCode.NOT_FOUND
    assert_french(hidden.details() or "")


def test_the_operator_streams_telemetry_acknowledged_once_stored(
    stub: lake_pb2_grpc.DataLakeServiceStub,
    contract: str,
    water: Metadata,
    lake: RunningApp[DataLakeSettings],
    kafka_server: KafkaServer,
) -> None:
    acks = list(stub.IngestTelemetry(iter(batches()), metadata=water))
    assert [(a.batch_id, a.accepted, a.duplicate) for a in acks] == [
        (f"{RUN}-1", 2, False),
        (f"{RUN}-2", 1, False),
    ]
    assert [r.index for r in acks[0].rejected] == [2]
    assert "plage plausible" in acks[0].rejected[0].reason
    assert [r.index for r in acks[1].rejected] == [1]
    for ack in acks:
        assert ack.snapshot_id
        for rejected in ack.rejected:
            assert_french(rejected.reason)
    # Sent again (after a cut, say): acknowledged as duplicates, nothing stored twice.
    again = list(stub.IngestTelemetry(iter(batches()), metadata=water))
    assert [(a.duplicate, a.accepted, a.snapshot_id) for a in again] == [
        (True, a.accepted, a.snapshot_id) for a in acks
    ]
    # What the publication watch does every few seconds, at once.
    lake.service.get(TelemetryPublication).flush()
    bootstrap = kafka_server.bootstrap_servers
    updated = wait_until(
        lambda: [
            e
            for e in events_on(bootstrap, DATASET_UPDATED, TELEMETRY)
            if isinstance(e, events_pb2.DatasetUpdated)
        ],
        what="dataset-updated",
    )
    assert [(e.mode, e.rows_added, e.total_rows, e.contract_id) for e in updated] == [
        ("append", 3, 3, CONTRACT)
    ]
    hourly = wait_until(
        lambda: [
            e
            for e in events_on(
                bootstrap, TELEMETRY_AGGREGATED, aggregate_key(TELEMETRY, "hour", HOUR)
            )
            if isinstance(e, events_pb2.TelemetryAggregated)
        ],
        what="the hour's aggregates",
    )
    aggregates = {(a.sensor_id, a.measure): a for a in hourly[-1].aggregates}
    debit = aggregates[("CPT-001", "debit")]
    assert (debit.count, debit.minimum, debit.maximum, debit.mean, debit.total) == (
        2,
        10.0,
        30.0,
        20.0,
        40.0,
    )
    assert (aggregates[("CPT-002", "niveau")].commune, hourly[-1].contract_id) == (
        "57480",
        CONTRACT,
    )


def test_telemetry_outside_the_operators_contracts_is_refused_in_french(
    stub: lake_pb2_grpc.DataLakeServiceStub,
    contract: str,
    demo_tokens: DemoTokens,
    water: Metadata,
) -> None:
    waste = metadata(demo_tokens.for_service("operator-dechets-demo"))
    other = refused(lambda: list(stub.IngestTelemetry(iter(batches()), metadata=waste)))
    assert other.code() is grpc.StatusCode.PERMISSION_DENIED
    assert "operator-dechets-demo" in (other.details() or "")
    assert_french(other.details() or "")
    public = lake_pb2.TelemetryBatch(dataset_id=PUBLIC, batch_id=f"{RUN}-3")
    outside = refused(lambda: list(stub.IngestTelemetry(iter([public]), metadata=water)))
    assert outside.code() is grpc.StatusCode.PERMISSION_DENIED
    malformed = lake_pb2.TelemetryBatch(dataset_id=TELEMETRY, batch_id="")
    invalid = refused(lambda: list(stub.IngestTelemetry(iter([malformed]), metadata=water)))
    assert invalid.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert_french(invalid.details() or "")
    anonymous = refused(lambda: list(stub.IngestTelemetry(iter(batches()))))
    assert anonymous.code() is grpc.StatusCode.UNAUTHENTICATED
    forged = refused(
        lambda: list(stub.IngestTelemetry(iter(batches()), metadata=metadata("pas-un-jeton")))
    )
    assert forged.code() is grpc.StatusCode.UNAUTHENTICATED
