"""The operator's telemetry simulator, run as an operator would, against the data lake on the
real Keycloak (its own client-credentials token): its readings stored, its spoilt ones
refused with a French reason, and a second run with the same run id stored once."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.data_lake.telemetry import simulator
from collectivia.data_lake.telemetry.area import DEFAULT_MEASURES
from collectivia.data_lake.telemetry.models import QuarantinedReadingRow
from collectivia.data_lake.telemetry.readings import ReadingRules, check_readings
from collectivia.data_lake.telemetry.wire import readings_table
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body

pytestmark = pytest.mark.integration

RUN = uuid.uuid4().hex[:8]
DATASET = f"eau-capteurs-{RUN}"


def test_simulated_readings_are_realistic_and_a_few_are_wrong() -> None:
    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    rng = random.Random(7)
    sensors = simulator.sensors_of(simulator.COMMUNES, 2)
    assert len(sensors) == 15  # per commune: 2 flow, 2 pressure meters, 1 reservoir
    readings = list(
        simulator.readings(
            sensors,
            count=3000,
            start=now - timedelta(hours=24),
            end=now,
            bad_ratio=0.01,
            rng=rng,
        )
    )
    rules = ReadingRules(
        DEFAULT_MEASURES, future_skew=timedelta(minutes=5), max_age=timedelta(days=90)
    )
    checked = check_readings(readings_table(readings), rules, now=now)
    assert 10 <= len(checked.rejected) <= 60
    assert checked.accepted.num_rows + len(checked.rejected) == 3000
    flows = [r.value for r in readings if r.measure == "debit" and r.value > 0]
    assert 10 < sum(flows) / len(flows) < 100  # m3/h, around the base flow of 40
    batches = list(simulator.batches("x", "run", iter(readings), 1000))
    assert [len(b.readings) for b in batches] == [1000, 1000, 1000]
    assert [b.batch_id for b in batches] == ["run-000000", "run-000001", "run-000002"]


def test_the_simulator_streams_as_the_water_operator(
    lake: RunningApp[DataLakeSettings],
    keycloak_server: KeycloakServer,
    demo_tokens: DemoTokens,
    capsys: pytest.CaptureFixture[str],
) -> None:
    headers = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    contract = f"dsp-eau-{RUN}"
    with httpx.Client(base_url=lake.base_url, timeout=30) as http:
        created = http.post(
            "/v1/datasets",
            headers=headers,
            json=dataset_body(DATASET, kind="telemetry", contract_id=contract, frequency="CONT"),
        )
        assert created.status_code == 201, created.text
        declared = http.post(
            "/v1/contracts",
            headers=headers,
            json={
                "id": contract,
                "title": "Délégation du service public de l'eau potable",
                "public_service": "eau-potable",
                "operator_client_id": "operator-eau-demo",
                "operator_name": "Eaux de la Métropole SAS",
                "starts_on": "2024-01-01",
                "ends_on": "2035-12-31",
                "datasets": [{"dataset_id": DATASET, "frequency": "continuous"}],
            },
        )
        assert declared.status_code == 201, declared.text
    run = [
        "--target",
        lake.grpc_target,
        "--keycloak",
        keycloak_server.url,
        "--dataset",
        DATASET,
        "--readings",
        "2000",
        "--batch-size",
        "500",
        "--bad-ratio",
        "0.02",
        "--run-id",
        RUN,
        "--seed",
        "3",
    ]
    assert simulator.main(run) == 0
    output = capsys.readouterr().out
    assert f"Lot {RUN}-000003" in output
    stored = lake.service.get(Lakehouse).read(DATASET).num_rows
    engine = create_database_engine(lake.settings.database_url)
    try:
        with create_session_factory(engine)() as session:
            reasons = session.scalars(
                select(QuarantinedReadingRow.reason).where(
                    QuarantinedReadingRow.dataset_id == DATASET
                )
            ).all()
    finally:
        engine.dispose()
    assert stored + len(reasons) == 2000 and reasons
    for reason in reasons:
        assert_french(reason)
    # Run again with the same run id: every batch a duplicate, nothing stored twice.
    assert simulator.main([*run, "--quiet"]) == 0
    assert "4 lots déjà reçus" in capsys.readouterr().out
    assert lake.service.get(Lakehouse).read(DATASET).num_rows == stored
