"""The DCAT-AP 3 catalogue, built from datasets and their versions, checked with pyshacl
against the official DCAT-AP 3.0.1 SHACL shapes (../shared/lake/dcat-ap-3, never copied):
zero violations; each dataset a series of versions; only public datasets."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.schemas import DatasetRead
from collectivia.data_lake.opendata import vocabularies as vocab
from collectivia.data_lake.opendata.catalogue import (
    DCAT,
    DCT,
    PROV,
    SKOS,
    CatalogueInfo,
    SeriesEntry,
    build_catalogue,
    series_iri,
    version_iri,
)
from collectivia.data_lake.opendata.service import RdfFormat, VersionsListed, serialize
from collectivia.lakehouse.tables import Version
from collectivia.platform.errors import InvalidInput

REPO_ROOT = Path(__file__).resolve().parents[4]
# shared/ lies beside the checkout (CI and developers); COLLECTIVIA_SHARED_DIR elsewhere.
SHARED_DIR = Path(os.environ.get("COLLECTIVIA_SHARED_DIR") or REPO_ROOT.parent / "shared")
DCAT_AP = SHARED_DIR / "lake" / "dcat-ap-3" / "releases" / "3.0.1"
BASE = "https://lac.collectivite.example"
INFO = CatalogueInfo(
    title="Données ouvertes de la collectivité",
    description="Les jeux de données publics de la collectivité.",
    publisher="Eurométropole de démonstration",
    public_url=BASE,
)
START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
FOAF_NAME = URIRef("http://xmlns.com/foaf/0.1/name")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(DCAT_AP / "shacl" / "dcat-ap-SHACL.ttl")


def violations(data: Graph, shapes: Graph) -> list[str]:
    """The messages of the results of severity Violation (none: the graph conforms)."""
    _conforms, results, _text = validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(results, Graph)
    return [
        f"{results.value(r, SH.focusNode)} {results.value(r, SH.resultPath)}: "
        f"{results.value(r, SH.resultMessage)}"
        for r in results.subjects(SH.resultSeverity, SH.Violation)
        if (None, SH.result, r) in results
    ]


def dataset(dataset_id: str, **fields: Any) -> DatasetRead:
    values: dict[str, Any] = {
        "id": dataset_id,
        "title": "Subventions aux associations",
        "description": "Les subventions versées par la collectivité aux associations.",
        "kind": "table",
        "publisher": "Eurométropole de démonstration",
        "contact_name": "Service de la donnée",
        "contact_email": "donnees@collectivite.example",
        "licence": "Licence Ouverte / Open Licence v2.0",
        "themes": ["ECON", "culture", "fêtes locales"],
        "keywords": ["associations", "subventions"],
        "communes": ["57463", "57480"],
        "temporal_start": "2025-01-01",
        "temporal_end": "2025-12-31",
        "frequency": "ANNUAL",
        "access_rights": "public",
        "schema_name": "scdl/subventions",
        "schema_version": "2.1.1",
        "owner_department": "finances",
        "steward": "Thomas Petit",
        "provider": "Eaux de la Moselle SA",
        "contract_id": "dsp-eau-2024",
        "commune_column": None,
        "key_columns": ["id"],
        "partitioning": [],
        "created_at": START,
        "updated_at": START,
        "latest_snapshot_id": None,
        "row_count": 0,
    }
    values.update(fields)
    return DatasetRead(**values)


def versions(count: int) -> list[Version]:
    return [
        Version(
            snapshot_id=1000 + n,
            load_id=f"load-{n}",
            operation="load",
            committed_at=START + timedelta(days=n),
            rows_added=10,
            rows_removed=0 if n == 0 else 10,
            total_rows=10,
        )
        for n in range(count)
    ]


def entry(dataset_id: str, count: int = 3, **fields: Any) -> SeriesEntry:
    listed = versions(count)
    return SeriesEntry(dataset(dataset_id, **fields), listed, listed[-1] if listed else None)


def test_the_shapes_are_the_official_ones_and_they_bite(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(SH.path, None))
    assert (len(node_shapes), len(property_shapes)) == (33, 290)
    graph = build_catalogue(INFO, [entry("subventions")])
    graph.remove((series_iri(BASE, "subventions"), DCT.title, None))  # mandatory
    found = violations(graph, shapes)
    # One violation per shape of the series (it is a dcat:DatasetSeries and a dcat:Dataset).
    assert len(found) == 2
    assert all(f.startswith(f"{BASE}/v1/datasets/subventions ") and "title" in f for f in found)


def test_a_full_catalogue_conforms_to_dcat_ap_3(shapes: Graph) -> None:
    graph = build_catalogue(
        INFO,
        [
            entry("subventions"),
            entry("piscines", count=1, contract_id=None, schema_name="", communes=[]),
            entry("jamais-charge", count=0, temporal_start=None, temporal_end=None),
        ],
    )
    assert violations(graph, shapes) == []


def test_each_dataset_is_a_series_whose_versions_are_datasets_with_pinned_downloads() -> None:
    graph = build_catalogue(INFO, [entry("subventions")])
    series = series_iri(BASE, "subventions")
    members = [version_iri(BASE, "subventions", 1000 + n) for n in range(3)]
    catalogue = URIRef(f"{BASE}/v1/catalogue")
    assert (series, RDF.type, DCAT.DatasetSeries) in graph
    assert set(graph.objects(catalogue, DCAT.dataset)) == {series, *members}
    assert set(graph.subjects(DCAT.inSeries, series)) == set(members)
    assert (series, DCAT.first, members[0]) in graph and (series, DCAT.last, members[2]) in graph
    assert (members[2], DCAT.prev, members[1]) in graph
    assert graph.value(members[1], DCAT.version) == Literal("1001")
    issued = graph.value(members[1], DCT.issued)
    assert isinstance(issued, Literal) and issued.toPython() == START + timedelta(days=1)
    pinned = {
        graph.value(d, DCAT.downloadURL) for d in graph.objects(members[0], DCAT.distribution)
    }
    assert pinned == {
        URIRef(f"{BASE}/v1/datasets/subventions/download.csv?version=1000"),
        URIRef(f"{BASE}/v1/datasets/subventions/download.parquet?version=1000"),
    }
    # The series itself: stable URLs that always give the latest rows (what a harvester keeps).
    latest = {graph.value(d, DCAT.downloadURL) for d in graph.objects(series, DCAT.distribution)}
    assert latest == {
        URIRef(f"{BASE}/v1/datasets/subventions/download.csv"),
        URIRef(f"{BASE}/v1/datasets/subventions/download.parquet"),
    }
    formats = {graph.value(d, DCT["format"]) for d in graph.objects(series, DCAT.distribution)}
    assert formats == {vocab.CSV.file_type, vocab.PARQUET.file_type}


def test_metadata_maps_to_the_eu_vocabularies_and_names_the_provenance() -> None:
    graph = build_catalogue(INFO, [entry("subventions")])
    series = series_iri(BASE, "subventions")
    authority = "http://publications.europa.eu/resource/authority/"
    assert set(graph.objects(series, DCAT.theme)) == {
        URIRef(authority + "data-theme/ECON"),
        URIRef(authority + "data-theme/EDUC"),  # « culture »
    }
    assert Literal("fêtes locales", lang="fr") in set(graph.objects(series, DCAT.keyword))
    assert graph.value(series, DCT.accrualPeriodicity) == URIRef(authority + "frequency/ANNUAL")
    assert graph.value(series, DCT.accessRights) == URIRef(authority + "access-right/PUBLIC")
    assert set(graph.objects(series, DCT.spatial)) == {
        URIRef("http://id.insee.fr/geo/commune/57463"),
        URIRef("http://id.insee.fr/geo/commune/57480"),
    }
    period = graph.value(series, DCT.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2025-01-01"
    assert graph.value(series, DCT.conformsTo) == URIRef(
        "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
    )
    contact = graph.value(series, DCAT.contactPoint)
    assert graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        "mailto:donnees@collectivite.example"
    )
    licences = {graph.value(d, DCT.license) for d in graph.objects(series, DCAT.distribution)}
    assert licences == {URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")}
    # The collectivity publishes and owns; the operator produced, under its DSP contract.
    names = {
        prop: str(graph.value(graph.value(series, prop), FOAF_NAME))
        for prop in (DCT.publisher, DCT.rightsHolder, DCT.creator)
    }
    assert names == {
        DCT.publisher: "Eurométropole de démonstration",
        DCT.rightsHolder: "Eurométropole de démonstration",
        DCT.creator: "Eaux de la Moselle SA",
    }
    roles = {
        str(graph.value(a, DCAT.hadRole)).rsplit("/", 1)[-1]: str(
            graph.value(graph.value(a, PROV.agent), FOAF_NAME)
        )
        for a in graph.objects(series, PROV.qualifiedAttribution)
    }
    assert roles == {
        "originator": "Eaux de la Moselle SA",
        "custodian": "Thomas Petit",
        "owner": "Eurométropole de démonstration (service propriétaire : « finances »)",
    }
    provenance = str(graph.value(graph.value(series, DCT.provenance), RDFS.label))
    assert "dsp-eau-2024" in provenance and "propriétaire" in provenance


def test_restricted_and_personal_datasets_never_appear() -> None:
    graph = build_catalogue(
        INFO,
        [
            entry("ouvert"),
            entry("interne", access_rights="restricted"),
            entry("personnes", access_rights="personal"),
        ],
    )
    text = serialize(graph, RdfFormat.TURTLE).decode()
    assert "/ouvert" in text
    assert "interne" not in text and "personnes" not in text
    assert "RESTRICTED" not in text and "NON_PUBLIC" not in text


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_json_ld_turtle_and_rdf_xml_say_the_same() -> None:
    graph = build_catalogue(INFO, [entry("subventions")])
    sizes = {
        form: len(Graph().parse(data=serialize(graph, form), format=form.value))
        for form in RdfFormat
    }
    assert set(sizes.values()) == {len(graph)}
    compact = serialize(graph, RdfFormat.JSON_LD).decode()
    assert '"@context"' in compact and '"dcat:DatasetSeries"' in compact


def test_themes_licences_and_schemas_map_to_their_iris() -> None:
    assert vocab.theme_code("Environnement") == "ENVI"
    assert vocab.theme_code("tran") == "TRAN" and vocab.theme_code("loisirs") is None
    assert vocab.theme_code("Mobilité") == "TRAN"
    assert vocab.licence("ODbL").iri == URIRef("https://opendatacommons.org/licenses/odbl/1-0/")
    unknown = vocab.licence("Licence maison")
    assert (unknown.iri, unknown.label) == (None, "Licence maison")
    assert vocab.licence("https://example.org/l").iri == URIRef("https://example.org/l")
    assert vocab.table_schema_iri("etalab/schema-irve-statique", "") == URIRef(
        "https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/latest/schema.json"
    )
    assert SKOS.prefLabel == URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def test_an_unknown_versions_listing_is_refused_without_repeating_it() -> None:
    # Found by fuzzing: the value, which may be anything typed, came back in the error.
    with pytest.raises(InvalidInput) as refused:
        VersionsListed.parse("camille.martin@exemple.fr")
    assert refused.value.detail == messages.CATALOGUE_VERSIONS_INVALID
    assert "camille" not in refused.value.detail
    assert VersionsListed.parse(" Latest ") is VersionsListed.LATEST
