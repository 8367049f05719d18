"""``GET /metrics`` of every service: its OpenTelemetry metrics in Prometheus text, the HTTP
server's request durations counted per method, route template and status — the names the
chart's autoscalers and alert rules read — and never a raw path (ids are personal data and
unbounded label values)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.platform.app import create_app
from collectivia.platform.areas import Area
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.errors import NotFound
from collectivia.platform.settings import ServiceSettings

DURATION = "http_server_request_duration_seconds"
ROUTE = "/v1/dossiers/{dossier_id}"
KNOWN = "dossier-de-camille-durand"
UNKNOWN = "dossier-7f3c9a"

router = APIRouter()


@router.get(ROUTE)
def read_dossier(dossier_id: str) -> dict[str, str]:
    if dossier_id != KNOWN:
        raise NotFound("Dossier inconnu.")
    return {"id": dossier_id}


@router.post("/v1/dossiers")
def create_dossier(size: int) -> dict[str, int]:
    return {"size": size}


class CountedSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_COUNTED_", populate_by_name=True)

    service_name: str = "counted"
    client_id: str = "counted"
    client_secret: SecretStr = SecretStr("counted-dev-secret")


DEFINITION = ServiceDefinition(
    name="counted",
    summary="A service whose requests are counted.",
    settings=CountedSettings,
    areas=[Area(name="dossiers", summary="Dossiers.", build=lambda _: None, routers=[router])],
    title=lambda _settings: "Comptée",
)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = CountedSettings(database_url=f"sqlite:///{tmp_path / 'counted.db'}")
    return TestClient(create_app(DEFINITION, settings))


def durations(text: str) -> list[Sample]:
    families = {family.name: family for family in text_string_to_metric_families(text)}
    assert DURATION in families, sorted(families)
    family = families[DURATION]
    assert family.type == "histogram"
    return [sample for sample in family.samples if sample.name == DURATION + "_count"]


def count(samples: list[Sample], method: str, route: str, status: str) -> float:
    return sum(
        sample.value
        for sample in samples
        if sample.labels.get("http_request_method") == method
        and sample.labels.get("http_route") == route
        and sample.labels.get("http_response_status_code") == status
    )


def test_requests_are_counted_per_route_template_and_status(client: TestClient) -> None:
    with client:
        assert client.get(f"/v1/dossiers/{KNOWN}").status_code == 200
        assert client.get(f"/v1/dossiers/{KNOWN}").status_code == 200
        assert client.get(f"/v1/dossiers/{UNKNOWN}").status_code == 404
        assert client.post("/v1/dossiers", params={"size": "grand"}).status_code == 422
        assert client.get(f"/nulle-part/{UNKNOWN}").status_code == 404
        assert client.get("/healthz").status_code == 200
        client.get("/metrics")  # a scrape is not a request of the service
        scraped = client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=")
    samples = durations(scraped.text)
    assert count(samples, "GET", ROUTE, "200") == 2
    assert count(samples, "GET", ROUTE, "404") == 1
    assert count(samples, "POST", "/v1/dossiers", "422") == 1
    # Probes and scrapes are not counted; a path no route matches has an empty route.
    routes = {sample.labels.get("http_route") for sample in samples}
    assert routes == {ROUTE, "/v1/dossiers", ""}
    assert count(samples, "GET", "", "404") == 1
    assert sum(sample.value for sample in samples) == 5
    # The ids of the paths never reach the metrics, whatever the route.
    assert KNOWN not in scraped.text
    assert UNKNOWN not in scraped.text
    assert "nulle-part" not in scraped.text


def test_metrics_say_which_service_they_come_from(client: TestClient) -> None:
    with client:
        client.get(f"/v1/dossiers/{KNOWN}")
        text = client.get("/metrics").text
    families = {family.name: family for family in text_string_to_metric_families(text)}
    [info] = families["target_info"].samples
    assert info.labels["service_name"] == "counted"
    assert info.labels["service_namespace"] == "collectivia"


@pytest.mark.parametrize(
    "header",
    [
        ("Forwarded", "for=203.0.113.7;proto=https"),
        ("X-Forwarded-For", "203.0.113.7"),
        ("X-Forwarded-Host", "collectivite.example.fr"),
        ("X-Real-IP", "203.0.113.7"),
    ],
)
def test_metrics_are_not_served_through_a_reverse_proxy(
    client: TestClient, header: tuple[str, str]
) -> None:
    with client:
        client.get(f"/v1/dossiers/{KNOWN}")
        unknown = client.get("/nulle-part", headers=[header])
        relayed = client.get("/metrics", headers=[header])
        direct = client.get("/metrics")
    # Through an ingress: the same answer as any unknown path, no metric in it.
    assert relayed.status_code == 404
    # The problem's instance is the path asked for; all else is the same.
    assert relayed.json() == {**unknown.json(), "instance": "/metrics"}
    assert DURATION not in relayed.text
    assert "target_info" not in relayed.text
    # Scraped on the pod network: the metrics, the histogram included.
    assert direct.status_code == 200
    assert count(durations(direct.text), "GET", ROUTE, "200") == 1
