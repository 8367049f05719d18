"""Open data over HTTP on the real Keycloak: the DCAT-AP 3 catalogue of the public datasets
(JSON-LD, Turtle, RDF/XML; validated by pyshacl against the official DCAT-AP 3.0.1 shapes),
never a restricted or personal one; downloads of any version in CSV and Parquet through
the one access rule and commune filter."""

from __future__ import annotations

import csv
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from collectivia.data_lake.opendata.catalogue import DCAT, DCT
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body
from data_lake_testing.loaded import load_rows
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[4]
SHARED_DIR = Path(os.environ.get("COLLECTIVIA_SHARED_DIR") or REPO_ROOT.parent / "shared")
SHAPES = SHARED_DIR / "lake" / "dcat-ap-3" / "releases" / "3.0.1" / "shacl" / "dcat-ap-SHACL.ttl"
METZ, WOIPPY = "57463", "57480"


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    with running_lake(kafka_server, keycloak_server, tmp_path_factory.mktemp("lake")) as lake:
        yield lake


def token(demo_tokens: DemoTokens, role: str) -> dict[str, str]:
    return bearer(demo_tokens.for_role(role, audience="data-lake"))


def declare(http: httpx.Client, demo_tokens: DemoTokens, prefix: str, **fields: Any) -> str:
    dataset_id = f"{prefix}-{uuid.uuid4().hex[:8]}"
    created = http.post(
        "/v1/datasets",
        json=dataset_body(dataset_id, **fields),
        headers=token(demo_tokens, "data-steward"),
    )
    assert created.status_code == 201, created.text
    return dataset_id


def grants(*rows: tuple[str, str, float]) -> pa.Table:
    return pa.table(
        {
            "commune": [r[0] for r in rows],
            "beneficiaire": [r[1] for r in rows],
            "montant": pa.array([r[2] for r in rows], pa.float64()),
        }
    )


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture(scope="module")
def published(lake: RunningApp[DataLakeSettings], demo_tokens: DemoTokens) -> dict[str, Any]:
    """A public dataset with two versions, a restricted and a personal one (loaded too)."""
    with httpx.Client(base_url=lake.base_url, timeout=30) as http:
        return declare_and_load(lake, http, demo_tokens)


def declare_and_load(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> dict[str, Any]:
    public = declare(
        http,
        demo_tokens,
        "subventions",
        themes=["ECON", "culture"],
        communes=[METZ, WOIPPY],
        temporal_start="2025-01-01",
        temporal_end="2025-12-31",
        schema_name="scdl/subventions",
        provider="Eaux de la Moselle SA",
        contract_id="dsp-eau-2024",
        commune_column="commune",
    )
    first = load_rows(lake, public, grants((METZ, "Chorale « La Clé »", 1200.0)))
    second = load_rows(
        lake, public, grants((METZ, "Chorale « La Clé »", 1300.0), (WOIPPY, "Théâtre", 800.0))
    )
    restricted = declare(
        http, demo_tokens, "interne", access_rights="restricted", commune_column="commune"
    )
    load_rows(
        lake,
        restricted,
        grants((METZ, "Piscine", 10.0), (METZ, "Stade", 20.0), (WOIPPY, "Gymnase", 30.0)),
    )
    personal = declare(http, demo_tokens, "personnes", access_rights="personal")
    load_rows(lake, personal, grants((METZ, "Jeanne Martin", 50.0)))
    return {
        "public": public,
        "first": str(first.snapshot_id),
        "second": str(second.snapshot_id),
        "restricted": restricted,
        "personal": personal,
    }


def test_the_catalogue_conforms_to_dcat_ap_3_and_lists_each_version(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, published: dict[str, Any]
) -> None:
    response = http.get("/v1/catalogue", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.text, format="turtle")
    shapes = Graph().parse(SHAPES)
    _conforms, results, _text = validate(graph, shacl_graph=shapes, inference="none")
    assert isinstance(results, Graph)
    assert list(results.subjects(SH.resultSeverity, SH.Violation)) == []

    public_url = str(lake.settings.public_url).rstrip("/")
    series = URIRef(f"{public_url}/v1/datasets/{published['public']}")
    assert (series, RDF.type, DCAT.DatasetSeries) in graph
    members = set(graph.subjects(DCAT.inSeries, series))
    assert {str(graph.value(m, DCAT.version)) for m in members} == {
        published["first"],
        published["second"],
    }
    # The first version's CSV, where the catalogue says it is: that version's rows.
    first = next(m for m in members if graph.value(m, DCAT.version) == Literal(published["first"]))
    urls = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(first, DCAT.distribution)}
    csv_url = next(u for u in urls if "download.csv" in u)
    rows = csv_rows(http.get(csv_url.removeprefix(public_url)))
    assert rows == [{"commune": METZ, "beneficiaire": "Chorale « La Clé »", "montant": "1200"}]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_catalogue_speaks_json_ld_by_default_and_turtle_or_rdf_xml_on_request(
    http: httpx.Client, published: dict[str, Any]
) -> None:
    default = http.get("/v1/catalogue")
    assert default.headers["content-type"] == "application/ld+json"
    assert default.headers["vary"] == "Accept"
    sizes = {len(Graph().parse(data=default.text, format="json-ld"))}
    for path, form in (("/v1/catalogue.ttl", "turtle"), ("/v1/catalogue.rdf", "xml")):
        sizes.add(len(Graph().parse(data=http.get(path).text, format=form)))
    sizes.add(len(Graph().parse(data=http.get("/v1/catalogue.jsonld").text, format="json-ld")))
    assert len(sizes) == 1
    series_only = Graph().parse(
        data=http.get("/v1/catalogue.ttl", params={"versions": "none"}).text, format="turtle"
    )
    assert list(series_only.subjects(DCAT.inSeries, None)) == []
    assert any(published["public"] in str(s) for s in series_only.subjects(RDF.type, DCAT.Dataset))
    latest = Graph().parse(
        data=http.get("/v1/catalogue.ttl", params={"versions": "latest"}).text, format="turtle"
    )
    versions = {str(v) for v in latest.objects(None, DCAT.version)}
    assert published["second"] in versions and published["first"] not in versions
    refused = http.get("/v1/catalogue", params={"versions": "toutes"})
    assert refused.status_code == 422
    assert_french(refused.json()["detail"])


def test_restricted_and_personal_datasets_never_appear_in_the_catalogue(
    http: httpx.Client, demo_tokens: DemoTokens, published: dict[str, Any]
) -> None:
    # Even asked with a steward's token: the catalogue is the public one.
    for headers in ({}, token(demo_tokens, "data-steward")):
        text = http.get("/v1/catalogue.ttl", headers=headers).text
        assert published["public"] in text
        assert published["restricted"] not in text
        assert published["personal"] not in text
    graph = Graph().parse(data=http.get("/v1/catalogue.ttl").text, format="turtle")
    rights = {str(o) for o in graph.objects(None, DCT.accessRights)}
    assert rights == {"http://publications.europa.eu/resource/authority/access-right/PUBLIC"}


def test_anyone_downloads_any_version_of_a_public_dataset(
    http: httpx.Client, published: dict[str, Any]
) -> None:
    dataset_id = published["public"]
    latest = http.get(f"/v1/datasets/{dataset_id}/download.csv")
    assert latest.headers["x-dataset-version"] == published["second"]
    assert latest.headers["content-disposition"] == (
        f'attachment; filename="{dataset_id}-{published["second"]}.csv"'
    )
    assert [r["beneficiaire"] for r in csv_rows(latest)] == ["Chorale « La Clé »", "Théâtre"]
    first = http.get(
        f"/v1/datasets/{dataset_id}/download.parquet", params={"version": published["first"]}
    )
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(first.content))
    assert table.to_pylist() == [
        {"commune": METZ, "beneficiaire": "Chorale « La Clé »", "montant": 1200.0}
    ]
    unknown = http.get(f"/v1/datasets/{dataset_id}/download.csv", params={"version": "42"})
    assert unknown.status_code == 404
    assert_french(unknown.json()["detail"])
    invalid = http.get(f"/v1/datasets/{dataset_id}/download.csv", params={"version": "v2"})
    assert invalid.status_code == 422
    missing = http.get("/v1/datasets/nulle-part/download.parquet")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_a_restricted_download_gives_each_reader_its_communes_rows(
    http: httpx.Client, demo_tokens: DemoTokens, published: dict[str, Any]
) -> None:
    path = f"/v1/datasets/{published['restricted']}/download"
    anonymous = http.get(f"{path}.csv")
    assert anonymous.status_code == 404
    assert_french(anonymous.json()["detail"])
    agent = token(demo_tokens, "agent")  # julien.agent, of Metz
    assert [r["beneficiaire"] for r in csv_rows(http.get(f"{path}.csv", headers=agent))] == [
        "Piscine",
        "Stade",
    ]
    parquet = http.get(f"{path}.parquet", headers=agent)
    assert pq.read_table(io.BytesIO(parquet.content)).column("commune").to_pylist() == [METZ] * 2
    official = token(demo_tokens, "official")  # claire.elue, of Woippy
    assert [r["commune"] for r in csv_rows(http.get(f"{path}.csv", headers=official))] == [WOIPPY]
    steward = token(demo_tokens, "data-steward")
    assert len(csv_rows(http.get(f"{path}.csv", headers=steward))) == 3
    assert http.get(f"{path}.csv", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_personal_data_is_never_downloadable_anonymously_nor_made_public(
    http: httpx.Client, demo_tokens: DemoTokens, published: dict[str, Any]
) -> None:
    dataset_id = published["personal"]
    for extension in ("csv", "parquet"):
        assert http.get(f"/v1/datasets/{dataset_id}/download.{extension}").status_code == 404
    steward = token(demo_tokens, "data-steward")
    assert len(csv_rows(http.get(f"/v1/datasets/{dataset_id}/download.csv", headers=steward))) == 1
    agent = token(demo_tokens, "agent")
    assert http.get(f"/v1/datasets/{dataset_id}/download.csv", headers=agent).status_code == 404
    refused = http.put(
        f"/v1/datasets/{dataset_id}/access", json={"access_rights": "public"}, headers=steward
    )
    assert refused.status_code == 422
    assert refused.json()["rule"] == "donnees-personnelles-jamais-publiques"
    assert_french(refused.json()["detail"])
    assert http.get(f"/v1/datasets/{dataset_id}/download.csv").status_code == 404
    assert dataset_id not in http.get("/v1/catalogue.ttl").text


def test_a_large_table_streams_as_one_csv(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = declare(http, demo_tokens, "releves")
    count = 25_000
    load_rows(
        lake,
        dataset_id,
        pa.table({"n": pa.array(range(count), pa.int64()), "commune": [METZ] * count}),
    )
    with http.stream("GET", f"/v1/datasets/{dataset_id}/download.csv") as response:
        assert response.status_code == 200
        chunks = [chunk for chunk in response.iter_raw() if chunk]
    text = b"".join(chunks).decode("utf-8")
    lines = text.splitlines()
    assert len(lines) == count + 1 and lines[0] == '"n","commune"'
    assert lines[-1] == f'{count - 1},"{METZ}"'
