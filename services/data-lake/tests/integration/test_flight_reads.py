"""Bulk reads over Apache Arrow Flight on the real Keycloak: a token's holder reads what the
one access rule and commune filter let it read, any version; no token, a bad token, an
unknown dataset or a malformed ticket are refused with a French message."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.flight as flight
import pytest

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body
from data_lake_testing.loaded import flight_location, load_rows
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

METZ, WOIPPY = "57463", "57480"


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    with running_lake(kafka_server, keycloak_server, tmp_path_factory.mktemp("lake")) as lake:
        yield lake


@pytest.fixture(scope="module")
def client(lake: RunningApp[DataLakeSettings]) -> Iterator[flight.FlightClient]:
    with flight.connect(flight_location(lake)) as client:
        yield client


def as_(demo_tokens: DemoTokens, role: str) -> flight.FlightCallOptions:
    token = demo_tokens.for_role(role, audience="data-lake")
    return flight.FlightCallOptions(headers=[(b"authorization", f"Bearer {token}".encode())])


def ticket(dataset_id: str, version: str | None = None) -> flight.Ticket:
    body = {"dataset_id": dataset_id, **({"version": version} if version else {})}
    return flight.Ticket(json.dumps(body).encode())


def facilities(*rows: tuple[str, str, int]) -> pa.Table:
    return pa.table(
        {
            "commune": [r[0] for r in rows],
            "equipement": [r[1] for r in rows],
            "places": pa.array([r[2] for r in rows], pa.int64()),
        }
    )


def message(error: BaseException) -> str:
    """What the server said (the client appends gRPC details in English)."""
    return str(error).split(". Detail:", 1)[0]


@pytest.fixture(scope="module")
def datasets(lake: RunningApp[DataLakeSettings], demo_tokens: DemoTokens) -> dict[str, Any]:
    """A restricted dataset with a commune column (two versions) and a personal one."""
    steward = bearer(demo_tokens.for_role("data-steward", audience="data-lake"))
    ids: dict[str, Any] = {}
    with httpx.Client(base_url=lake.base_url, timeout=30) as http:
        for name, access in (("restricted", "restricted"), ("personal", "personal")):
            ids[name] = f"flight-{name}-{uuid.uuid4().hex[:8]}"
            body = dataset_body(ids[name], access_rights=access, commune_column="commune")
            created = http.post("/v1/datasets", json=body, headers=steward)
            assert created.status_code == 201, created.text
    first = load_rows(lake, ids["restricted"], facilities((METZ, "Piscine", 300)))
    load_rows(
        lake,
        ids["restricted"],
        facilities((METZ, "Piscine", 320), (METZ, "Stade", 5000), (WOIPPY, "Gymnase", 200)),
    )
    load_rows(lake, ids["personal"], facilities((METZ, "Jeanne Martin", 1)))
    ids["first"] = str(first.snapshot_id)
    return ids


def test_an_agent_reads_only_its_communes_rows(
    client: flight.FlightClient, demo_tokens: DemoTokens, datasets: dict[str, Any]
) -> None:
    agent = as_(demo_tokens, "agent")  # julien.agent, of Metz
    rows = client.do_get(ticket(datasets["restricted"]), agent).read_all()
    assert rows.column("commune").to_pylist() == [METZ, METZ]
    assert sorted(rows.column("equipement").to_pylist()) == ["Piscine", "Stade"]
    official = as_(demo_tokens, "official")  # claire.elue, of Woippy
    assert client.do_get(ticket(datasets["restricted"]), official).read_all().to_pylist() == [
        {"commune": WOIPPY, "equipement": "Gymnase", "places": 200}
    ]
    steward = as_(demo_tokens, "data-steward")
    assert client.do_get(ticket(datasets["restricted"]), steward).read_all().num_rows == 3


def test_any_version_is_readable_and_described(
    client: flight.FlightClient, demo_tokens: DemoTokens, datasets: dict[str, Any]
) -> None:
    agent = as_(demo_tokens, "agent")
    first = client.do_get(ticket(datasets["restricted"], datasets["first"]), agent).read_all()
    assert first.to_pylist() == [{"commune": METZ, "equipement": "Piscine", "places": 300}]
    info = client.get_flight_info(flight.FlightDescriptor.for_path(datasets["restricted"]), agent)
    assert info.total_records == 2
    assert info.schema.names == ["commune", "equipement", "places"]
    # The endpoint's ticket reads what the info describes.
    assert client.do_get(info.endpoints[0].ticket, agent).read_all().num_rows == 2
    pinned = flight.FlightDescriptor.for_command(
        json.dumps({"dataset_id": datasets["restricted"], "version": datasets["first"]})
    )
    assert client.get_flight_info(pinned, agent).total_records == 1


def test_the_list_holds_what_the_caller_may_see(
    client: flight.FlightClient, demo_tokens: DemoTokens, datasets: dict[str, Any]
) -> None:
    def listed(role: str) -> set[str]:
        return {
            json.loads(info.descriptor.command)["dataset_id"]
            for info in client.list_flights(options=as_(demo_tokens, role))
        }

    agent = listed("agent")
    assert datasets["restricted"] in agent and datasets["personal"] not in agent
    assert {datasets["restricted"], datasets["personal"]} <= listed("data-steward")
    with pytest.raises(flight.FlightServerError) as hidden:
        client.do_get(ticket(datasets["personal"]), as_(demo_tokens, "agent")).read_all()
    assert hidden.value.extra_info == b"not-found"


def test_without_a_valid_token_nothing_is_read(
    client: flight.FlightClient, datasets: dict[str, Any]
) -> None:
    with pytest.raises(flight.FlightUnauthenticatedError) as anonymous:
        client.do_get(ticket(datasets["restricted"])).read_all()
    assert_french(message(anonymous.value))
    forged = flight.FlightCallOptions(headers=[(b"authorization", b"Bearer not.a.token")])
    with pytest.raises(flight.FlightUnauthenticatedError) as invalid:
        client.do_get(ticket(datasets["restricted"]), forged).read_all()
    assert_french(message(invalid.value))
    with pytest.raises(flight.FlightUnauthenticatedError):
        list(client.list_flights())


def test_an_unknown_dataset_or_a_malformed_ticket_is_refused_in_french(
    client: flight.FlightClient, demo_tokens: DemoTokens, datasets: dict[str, Any]
) -> None:
    steward = as_(demo_tokens, "data-steward")
    with pytest.raises(flight.FlightServerError) as unknown:
        client.do_get(ticket("nulle-part"), steward).read_all()
    assert unknown.value.extra_info == b"not-found"
    assert "nulle-part" in message(unknown.value)
    assert_french(message(unknown.value))
    with pytest.raises(flight.FlightServerError) as malformed:
        client.do_get(flight.Ticket(b"subventions"), steward).read_all()
    assert malformed.value.extra_info == b"invalid-input"
    assert_french(message(malformed.value))
    with pytest.raises(flight.FlightServerError) as no_version:
        client.do_get(ticket(datasets["restricted"], "42"), steward).read_all()
    assert no_version.value.extra_info == b"not-found"
    with pytest.raises(flight.FlightServerError) as bad_path:
        client.get_flight_info(flight.FlightDescriptor.for_path("a", "b", "c"), steward)
    assert_french(message(bad_path.value))
