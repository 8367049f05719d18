"""DSP contracts over HTTP on the real Kafka and Keycloak: a steward declares a contract, the
water operator delivers with its own client-credentials token (on time, late, invalid), the
compliance shows each period, and what is late or missing is announced on Kafka — by the
lateness watch for what never came. The other operator's token is refused, in French."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from collectivia.data_lake.contracts.compliance import Compliance, late_key
from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.events.catalogue import DELIVERY_LATE
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french, french_problem
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

# One run's contract: Kafka keeps the events of earlier runs, keyed by contract.
CONTRACT = "dsp-eau-" + uuid.uuid4().hex[:8]
VOLUMES = f"{CONTRACT}-volumes"  # monthly, a year to deliver: any recent month is on time
READINGS = f"{CONTRACT}-releves"  # monthly, 15 days to deliver: 2024 is long overdue
SCHEMA = {
    "name": "volumes-eau",
    "title": "Volumes d'eau distribués par commune et par mois",
    "version": "1.0.0",
    "fields": [
        {
            "name": "commune",
            "type": "string",
            "constraints": {"required": True, "pattern": "^\\d{5}$"},
        },
        {"name": "mois", "type": "string", "constraints": {"required": True}},
        {"name": "volume_m3", "type": "number", "constraints": {"required": True, "minimum": 0}},
    ],
}
VALID = b"commune,mois,volume_m3\n57463,2025-01,125000\n57480,2025-01,8300\n"
INVALID = b"commune,mois,volume_m3\nMetz,2025-01,-5\n"


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    folder = tmp_path_factory.mktemp("lake")
    schema = folder / "schemas" / "dsp" / "volumes-eau" / "schema.json"
    schema.parent.mkdir(parents=True)
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    ingestion = IngestionSettings(
        schema_folders=[str(folder / "schemas")], quarantine_folder=str(folder / "quarantine")
    )
    with running_lake(kafka_server, keycloak_server, folder, supplied=[ingestion]) as running:
        yield running


@pytest.fixture(scope="module")
def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


@pytest.fixture(scope="module")
def water(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_service("operator-eau-demo"))


@pytest.fixture(scope="module")
def waste(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_service("operator-dechets-demo"))


@pytest.fixture(scope="module")
def contract(lake: RunningApp[DataLakeSettings], steward: dict[str, str]) -> dict[str, Any]:
    with httpx.Client(base_url=lake.base_url, timeout=30) as client:
        for dataset_id in (VOLUMES, READINGS):
            created = client.post(
                "/v1/datasets",
                headers=steward,
                json=dataset_body(
                    dataset_id,
                    schema_name="dsp/volumes-eau",
                    contract_id=CONTRACT,
                    access_rights="restricted",
                    frequency="MONTHLY",
                ),
            )
            assert created.status_code == 201, created.text
        declared = client.post(
            "/v1/contracts",
            headers=steward,
            json={
                "id": CONTRACT,
                "title": "Délégation du service public de l'eau potable",
                "public_service": "eau-potable",
                "operator_client_id": "operator-eau-demo",
                "operator_name": "Eaux de la Métropole SAS",
                "operator_siren": "552100554",
                "starts_on": "2024-01-01",
                "ends_on": "2035-12-31",
                "clauses": {
                    "clause_text": "Article 42 : le délégataire remet les données du service.",
                    "returned_assets": True,
                    "returned_assets_clause": "Les réseaux et réservoirs sont des biens de retour.",
                    "open_data": True,
                },
                "datasets": [
                    {"dataset_id": VOLUMES, "frequency": "monthly", "deadline_days": 365},
                    {"dataset_id": READINGS, "frequency": "monthly", "deadline_days": 15},
                ],
            },
        )
        assert declared.status_code == 201, declared.text
        body: dict[str, Any] = declared.json()
        return body


def last_month() -> date:
    """The first day of last month (Paris time): ended, and due within a year."""
    first = datetime.now(ZoneInfo("Europe/Paris")).date().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def deliver(
    http: httpx.Client,
    headers: dict[str, str],
    dataset_id: str,
    period_start: date | str,
    content: bytes = VALID,
) -> httpx.Response:
    return http.post(
        f"/v1/contracts/{CONTRACT}/deliveries",
        headers=headers,
        params={"dataset_id": dataset_id, "period_start": str(period_start)},
        files={"file": ("volumes.csv", content, "text/csv")},
    )


def period_of(compliance: dict[str, Any], dataset_id: str, start: str) -> dict[str, Any]:
    dataset = next(d for d in compliance["datasets"] if d["dataset_id"] == dataset_id)
    found: dict[str, Any] = next(p for p in dataset["periods"] if p["period_start"] == start)
    return found


def late_events(kafka_server: KafkaServer, dataset_id: str, start: str) -> list[Any]:
    key = late_key(CONTRACT, dataset_id, date.fromisoformat(start))
    return events_on(kafka_server.bootstrap_servers, DELIVERY_LATE, key)


def test_a_steward_declares_a_contract_and_each_operator_sees_its_own(
    http: httpx.Client,
    contract: dict[str, Any],
    steward: dict[str, str],
    water: dict[str, str],
    waste: dict[str, str],
) -> None:
    assert contract["operator_client_id"] == "operator-eau-demo"
    assert contract["clauses"]["returned_assets"] is True
    assert CONTRACT in [c["id"] for c in http.get("/v1/contracts", headers=steward).json()]
    assert [c["id"] for c in http.get("/v1/contracts", headers=water).json()] == [CONTRACT]
    assert http.get("/v1/contracts", headers=waste).json() == []
    french_problem(http.get(f"/v1/contracts/{CONTRACT}", headers=waste), 403)
    # An operator does not declare contracts; an exemption from open data must be published.
    french_problem(http.post("/v1/contracts", headers=water, json=contract_copy(contract)), 403)
    exempt = contract_copy(contract, id=CONTRACT + "-b", clauses={"open_data": False})
    problem = french_problem(http.post("/v1/contracts", headers=steward, json=exempt), 422)
    assert problem["rule"] == "exemption-open-data-publiee"


def contract_copy(contract: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {k: v for k, v in contract.items() if k != "created_at"}
    body.update(fields)
    return body


def test_an_operator_delivers_on_time_and_the_compliance_shows_it(
    http: httpx.Client, contract: dict[str, Any], water: dict[str, str], steward: dict[str, str]
) -> None:
    month = last_month()
    response = deliver(http, water, VOLUMES, month)
    assert response.status_code == 201, response.text
    delivery = response.json()
    assert (delivery["valid"], delivery["on_time"], delivery["complete"]) == (True, True, True)
    assert (delivery["rows"], delivery["period_status"]) == (2, "on_time")
    assert delivery["snapshot_id"]
    compliance = http.get(f"/v1/contracts/{CONTRACT}/compliance", headers=water).json()
    period = period_of(compliance, VOLUMES, month.isoformat())
    assert (period["status"], period["received"], period["valid"]) == ("on_time", 1, 1)
    assert period["status_label"] == "livrée à temps"
    # The delivered file is the dataset's new version, readable by the steward.
    rows = http.get(f"/v1/datasets/{VOLUMES}/rows", headers=steward).json()
    assert rows["total"] == 2 and rows["snapshot_id"] == delivery["snapshot_id"]
    listed = http.get(f"/v1/contracts/{CONTRACT}/deliveries", headers=steward).json()
    assert delivery["id"] in [d["id"] for d in listed]


def test_a_late_delivery_is_recorded_late_and_announced(
    http: httpx.Client, contract: dict[str, Any], water: dict[str, str], kafka_server: KafkaServer
) -> None:
    response = deliver(http, water, READINGS, "2024-01-01")
    assert response.status_code == 201, response.text
    delivery = response.json()
    assert (delivery["valid"], delivery["on_time"], delivery["period_status"]) == (
        True,
        False,
        "late",
    )
    events = wait_until(
        lambda: late_events(kafka_server, READINGS, "2024-01-01"), what="the late delivery"
    )
    assert [(e.status, e.operator, e.period_end) for e in events] == [
        ("late", "Eaux de la Métropole SAS", "2024-02-01")
    ]
    assert events[0].deadline.ToDatetime(UTC) == datetime(2024, 2, 15, 23, tzinfo=UTC)


def test_a_missing_delivery_is_announced_once_by_the_lateness_watch(
    lake: RunningApp[DataLakeSettings], contract: dict[str, Any], kafka_server: KafkaServer
) -> None:
    compliance = lake.service.get(Compliance)
    moment = datetime(2024, 3, 20, 12, tzinfo=UTC)  # February 2024 was due by 16 March
    compliance.announce_overdue(moment)
    compliance.announce_overdue(moment)  # a second round (or a restart) repeats nothing
    events = wait_until(
        lambda: late_events(kafka_server, READINGS, "2024-02-01"), what="the missing delivery"
    )
    assert [(e.status, e.contract_id, e.dataset_id) for e in events] == [
        ("missing", CONTRACT, READINGS)
    ]


def test_an_invalid_file_is_quarantined_and_its_overdue_period_invalid(
    http: httpx.Client,
    contract: dict[str, Any],
    water: dict[str, str],
    steward: dict[str, str],
    kafka_server: KafkaServer,
) -> None:
    response = deliver(http, water, READINGS, "2024-03-01", INVALID)
    problem = french_problem(response, 422)
    delivery = problem["delivery"]
    assert (delivery["valid"], delivery["complete"], delivery["period_status"]) == (
        False,
        False,
        "invalid",
    )
    assert problem["quarantine_id"] == delivery["quarantine_id"]
    assert {issue["column"] for issue in problem["issues"]} >= {"commune", "volume_m3"}
    quarantined = http.get(f"/v1/quarantine/{problem['quarantine_id']}", headers=steward)
    assert quarantined.status_code == 200, quarantined.text
    assert quarantined.json()["contract_id"] == CONTRACT
    compliance = http.get(f"/v1/contracts/{CONTRACT}/compliance", headers=steward).json()
    period = period_of(compliance, READINGS, "2024-03-01")
    assert (period["status"], period["received"], period["valid"]) == ("invalid", 1, 0)
    events = wait_until(
        lambda: late_events(kafka_server, READINGS, "2024-03-01"), what="the invalid delivery"
    )
    assert [e.status for e in events] == ["invalid"]


def test_deliveries_outside_the_operators_contract_are_refused_in_french(
    http: httpx.Client,
    contract: dict[str, Any],
    water: dict[str, str],
    waste: dict[str, str],
    steward: dict[str, str],
) -> None:
    other = french_problem(deliver(http, waste, VOLUMES, last_month()), 403)
    assert "Eaux de la Métropole SAS" in other["detail"]
    assert "operator-dechets-demo" in other["detail"]
    not_in_contract = french_problem(deliver(http, water, "eau-autre", last_month()), 403)
    assert "eau-autre" in not_in_contract["detail"]
    french_problem(deliver(http, steward, VOLUMES, last_month()), 403)
    misaligned = french_problem(deliver(http, water, VOLUMES, "2024-01-15"), 422)
    assert "2024-01-01" in misaligned["detail"]
    french_problem(deliver(http, water, VOLUMES, "2023-12-01"), 422)
    french_problem(http.get(f"/v1/contracts/{CONTRACT}/compliance", headers=waste), 403)
    assert_french(other["title"])
