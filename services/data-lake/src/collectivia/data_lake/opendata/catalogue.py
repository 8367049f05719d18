"""The DCAT-AP 3 catalogue of the public datasets, as an RDF graph (rdflib).

Modelling choices:

- A dataset of the lake is a **series** (DCAT 3 ``dcat:DatasetSeries``): its loads
  are its members. Each listed version is a ``dcat:Dataset`` of its own, ``dcat:inSeries``
  the series, with ``dcat:version`` (the Iceberg snapshot id), ``dct:issued`` (when it
  was committed), ``dcat:prev`` (the version before it) and distributions pinned to that
  version (``download.csv?version=...``). The series gives ``dcat:first`` and ``dcat:last``
  (of the versions listed).
- The series is also typed ``dcat:Dataset`` (DCAT 3 makes every series a dataset; stated
  here so that the catalogue's ``dcat:dataset`` lists it, as DCAT-AP's catalogue asks) and
  carries distributions of its **current** content, at stable URLs (no ``version``): a
  harvester such as data.gouv.fr's (it harvests every ``dcat:Dataset`` and
  ``dcat:DatasetSeries`` by ``dct:identifier``) keeps one dataset whose resources always
  give the latest rows. ``?versions=none`` lists the series alone (one harvested dataset per
  series); ``latest`` their last version; ``all`` (default) up to the configured number of
  recent versions (older ones stay downloadable and listed by the datasets API).
- Provenance: the collectivity is ``dct:publisher`` and ``dct:rightsHolder`` (it owns the
  data, including what a DSP operator hands over); the producer is ``dct:creator``; the
  same three parties are ``prov:qualifiedAttribution``\\ s with INSPIRE roles (originator,
  custodian: the steward, owner: the owner department); the DSP contract, when there is
  one, is named in a ``dct:provenance`` statement (DCAT-AP's ``dct:source`` must be a
  dataset, a contract is not).
- Every IRI of a controlled vocabulary is typed with the class DCAT-AP expects
  (``skos:Concept`` with its ``skos:prefLabel``, ``dct:Frequency``, ``dct:RightsStatement``,
  ``dct:LicenseDocument``, ``dct:MediaType``...), so the graph validates on its own against
  the official SHACL shapes, without fetching the vocabularies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.schemas import AccessRights, DatasetRead
from collectivia.data_lake.opendata import vocabularies as vocab
from collectivia.lakehouse.tables import Version

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
PREFIXES: dict[str, Namespace] = {
    "dcat": DCAT,
    "dct": DCT,
    "foaf": FOAF,
    "vcard": VCARD,
    "prov": PROV,
    "skos": SKOS,
    "dcatap": DCATAP,
}
FORMATS = (vocab.CSV, vocab.PARQUET)
LANGUAGE = "fr"


@dataclass(frozen=True)
class CatalogueInfo:
    title: str
    description: str
    publisher: str
    # Where the public reaches the lake: the base of every IRI and download URL.
    public_url: str


@dataclass(frozen=True)
class SeriesEntry:
    """One public dataset: its metadata, its versions to list (oldest first) and its
    current version (None before its first load)."""

    dataset: DatasetRead
    versions: Sequence[Version] = ()
    latest: Version | None = None


def catalogue_iri(public_url: str) -> URIRef:
    return URIRef(f"{public_url.rstrip('/')}/v1/catalogue")


def series_iri(public_url: str, dataset_id: str) -> URIRef:
    return URIRef(f"{public_url.rstrip('/')}/v1/datasets/{dataset_id}")


def version_iri(public_url: str, dataset_id: str, snapshot_id: int) -> URIRef:
    return URIRef(f"{series_iri(public_url, dataset_id)}/versions/{snapshot_id}")


def download_url(
    public_url: str, dataset_id: str, extension: str, snapshot_id: int | None = None
) -> URIRef:
    url = f"{series_iri(public_url, dataset_id)}/download.{extension}"
    return URIRef(url if snapshot_id is None else f"{url}?version={snapshot_id}")


def build_catalogue(info: CatalogueInfo, entries: Sequence[SeriesEntry]) -> Graph:
    """The catalogue of ``entries`` (public datasets only: any other is left out)."""
    return _Builder(info).build(
        [e for e in entries if e.dataset.access_rights is AccessRights.PUBLIC]
    )


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@dataclass
class _Builder:
    info: CatalogueInfo
    graph: Graph = field(default_factory=new_graph)
    _agents: dict[str, BNode] = field(default_factory=dict)

    def build(self, entries: Sequence[SeriesEntry]) -> Graph:
        g, info = self.graph, self.info
        catalogue = catalogue_iri(info.public_url)
        g.add((catalogue, RDF.type, DCAT.Catalog))
        g.add((catalogue, DCT.title, self._text(info.title)))
        g.add((catalogue, DCT.description, self._text(info.description)))
        g.add((catalogue, DCT.publisher, self._collectivity(info.publisher)))
        homepage = URIRef(info.public_url)
        g.add((catalogue, FOAF.homepage, homepage))
        g.add((homepage, RDF.type, FOAF.Document))
        g.add((catalogue, DCT.language, self._french()))
        g.add((catalogue, DCAT.themeTaxonomy, self._theme_scheme()))
        if entries:
            issued = min(e.dataset.created_at for e in entries)
            g.add((catalogue, DCT.issued, _moment(issued)))
        modified = [e.latest.committed_at for e in entries if e.latest is not None]
        if modified:
            g.add((catalogue, DCT.modified, _moment(max(modified))))
        for entry in entries:
            self._series(catalogue, entry)
        return g

    # --- series and versions -----------------------------------------------------------

    def _series(self, catalogue: URIRef, entry: SeriesEntry) -> None:
        g, base, dataset = self.graph, self.info.public_url, entry.dataset
        series = series_iri(base, dataset.id)
        g.add((catalogue, DCAT.dataset, series))
        g.add((series, RDF.type, DCAT.DatasetSeries))
        g.add((series, RDF.type, DCAT.Dataset))
        self._describe(series, dataset, dataset.title)
        g.add((series, DCT.issued, _moment(dataset.created_at)))
        if entry.latest is not None:
            g.add((series, DCT.modified, _moment(entry.latest.committed_at)))
            for form in FORMATS:
                title = messages.LATEST_DISTRIBUTION_TITLE.format(
                    title=dataset.title, format=form.code
                )
                self._distribution(series, dataset, form, title, None, entry.latest)
        previous: URIRef | None = None
        for version in entry.versions:
            member = self._version(catalogue, series, dataset, version, previous)
            if previous is None:
                g.add((series, DCAT.first, member))
            previous = member
        if previous is not None:
            g.add((series, DCAT.last, previous))

    def _version(
        self,
        catalogue: URIRef,
        series: URIRef,
        dataset: DatasetRead,
        version: Version,
        previous: URIRef | None,
    ) -> URIRef:
        g = self.graph
        member = version_iri(self.info.public_url, dataset.id, version.snapshot_id)
        day = version.committed_at.date().isoformat()
        g.add((catalogue, DCAT.dataset, member))
        g.add((member, RDF.type, DCAT.Dataset))
        self._describe(
            member, dataset, messages.VERSION_TITLE.format(title=dataset.title, date=day)
        )
        g.add((member, DCAT.inSeries, series))
        g.add((member, DCAT.version, Literal(str(version.snapshot_id))))
        g.add((member, DCT.issued, _moment(version.committed_at)))
        if previous is not None:
            g.add((member, DCAT.prev, previous))
        for form in FORMATS:
            title = messages.DISTRIBUTION_TITLE.format(
                title=dataset.title, date=day, format=form.code
            )
            self._distribution(member, dataset, form, title, version.snapshot_id, version)
        return member

    def _describe(self, node: URIRef, dataset: DatasetRead, title: str) -> None:
        """What a series and each of its versions say alike."""
        g = self.graph
        g.add((node, DCT.identifier, Literal(str(node))))
        g.add((node, DCT.title, self._text(title)))
        g.add((node, DCT.description, self._text(dataset.description)))
        g.add((node, DCT.language, self._french()))
        publisher = self._collectivity(dataset.publisher)
        g.add((node, DCT.publisher, publisher))
        g.add((node, DCT.rightsHolder, publisher))
        g.add((node, DCT.creator, self._agent(dataset.provider, organisation=True)))
        g.add((node, DCAT.contactPoint, self._contact(dataset)))
        for theme in dataset.themes:
            code = vocab.theme_code(theme)
            if code is None:
                g.add((node, DCAT.keyword, self._text(theme)))
            else:
                g.add((node, DCAT.theme, self._theme(code)))
        for keyword in dataset.keywords:
            g.add((node, DCAT.keyword, self._text(keyword)))
        for code in dataset.communes:
            g.add((node, DCT.spatial, self._commune(code)))
        if dataset.temporal_start or dataset.temporal_end:
            g.add((node, DCT.temporal, self._period(dataset)))
        frequency = vocab.frequency_iri(dataset.frequency)
        self._authority(frequency, DCT.Frequency, "frequency")
        g.add((node, DCT.accrualPeriodicity, frequency))
        rights = vocab.access_right_iri(dataset.access_rights)
        self._authority(rights, DCT.RightsStatement, "access-right")
        g.add((node, DCT.accessRights, rights))
        if dataset.schema_name:
            g.add((node, DCT.conformsTo, self._schema(dataset)))
        self._provenance(node, dataset)

    def _distribution(
        self,
        owner: URIRef,
        dataset: DatasetRead,
        form: vocab.FileFormat,
        title: str,
        snapshot_id: int | None,
        version: Version,
    ) -> None:
        g = self.graph
        url = download_url(self.info.public_url, dataset.id, form.extension, snapshot_id)
        distribution = URIRef(f"{owner}/distributions/{form.extension}")
        g.add((owner, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCT.identifier, Literal(str(distribution))))
        g.add((distribution, DCT.title, self._text(title)))
        pinned = snapshot_id is not None
        description = (
            messages.DISTRIBUTION_DESCRIPTION
            if pinned
            else messages.LATEST_DISTRIBUTION_DESCRIPTION
        )
        g.add((distribution, DCT.description, self._text(description.format(format=form.code))))
        g.add(
            (
                distribution,
                DCATAP.availability,
                self._availability("AVAILABLE" if pinned else "STABLE"),
            )
        )
        g.add((distribution, DCAT.accessURL, url))
        g.add((distribution, DCAT.downloadURL, url))
        g.add((distribution, DCT["format"], form.file_type))
        self._authority(form.file_type, DCT.MediaTypeOrExtent, "file-type")
        g.add((distribution, DCAT.mediaType, form.media_type_iri))
        g.add((form.media_type_iri, RDF.type, DCT.MediaType))
        g.add((distribution, DCT.license, self._licence(dataset.licence)))
        g.add((distribution, DCT.modified, _moment(version.committed_at)))
        if form is vocab.CSV and dataset.schema_name:
            g.add((distribution, DCT.conformsTo, self._schema(dataset)))

    # --- shared nodes ------------------------------------------------------------------

    def _text(self, text: str) -> Literal:
        return Literal(text, lang=LANGUAGE)

    def _agent(self, name: str, *, organisation: bool = False) -> BNode:
        agent = self._agents.get(name)
        if agent is None:
            agent = self._agents[name] = BNode()
            self.graph.add((agent, RDF.type, FOAF.Agent))
            if organisation:
                self.graph.add((agent, RDF.type, FOAF.Organization))
            self.graph.add((agent, FOAF.name, Literal(name)))
        return agent

    def _collectivity(self, name: str) -> BNode:
        """The publisher: a local authority (ADMS publisher type)."""
        agent = self._agent(name, organisation=True)
        kind = vocab.LOCAL_AUTHORITY
        self.graph.add((agent, DCT.type, kind))
        self.graph.add((kind, RDF.type, SKOS.Concept))
        self.graph.add((kind, SKOS.inScheme, vocab.PUBLISHER_TYPES))
        self.graph.add((kind, SKOS.prefLabel, self._text(messages.LOCAL_AUTHORITY)))
        return agent

    def _contact(self, dataset: DatasetRead) -> BNode:
        g, contact = self.graph, BNode()
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(dataset.contact_name)))
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
        return contact

    def _authority(self, concept: URIRef, cls: URIRef, table: str) -> None:
        """A concept of an EU authority table: the class DCAT-AP expects, and its table."""
        self.graph.add((concept, RDF.type, cls))
        self.graph.add((concept, SKOS.inScheme, URIRef(vocab.AUTHORITY + table)))

    def _availability(self, code: str) -> URIRef:
        """How long a download URL is meant to last: STABLE (the current content, always),
        AVAILABLE (a pinned version: until the retention expires it)."""
        availability = URIRef(vocab.AUTHORITY + "planned-availability/" + code)
        self._authority(availability, SKOS.Concept, "planned-availability")
        label = (
            messages.AVAILABILITY_STABLE if code == "STABLE" else messages.AVAILABILITY_AVAILABLE
        )
        self.graph.add((availability, SKOS.prefLabel, self._text(label)))
        return availability

    def _french(self) -> URIRef:
        self._authority(vocab.FRENCH, DCT.LinguisticSystem, "language")
        return vocab.FRENCH

    def _theme_scheme(self) -> URIRef:
        scheme = vocab.DATA_THEME_SCHEME
        self.graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.graph.add((scheme, DCT.title, self._text(messages.DATA_THEME_SCHEME)))
        return scheme

    def _theme(self, code: str) -> URIRef:
        g, theme = self.graph, vocab.theme_iri(code)
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.prefLabel, self._text(vocab.DATA_THEMES[code])))
        g.add((theme, SKOS.inScheme, self._theme_scheme()))
        return theme

    def _commune(self, code: str) -> URIRef:
        g, place = self.graph, vocab.commune_iri(code)
        g.add((place, RDF.type, DCT.Location))
        g.add((place, DCT.identifier, Literal(code)))
        return place

    def _period(self, dataset: DatasetRead) -> BNode:
        g, period = self.graph, BNode()
        g.add((period, RDF.type, DCT.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
        return period

    def _schema(self, dataset: DatasetRead) -> URIRef:
        g = self.graph
        schema = vocab.table_schema_iri(dataset.schema_name, dataset.schema_version)
        g.add((schema, RDF.type, DCT.Standard))
        g.add((schema, DCT.title, Literal(dataset.schema_name)))
        if dataset.schema_version:
            g.add((schema, DCAT.version, Literal(dataset.schema_version)))
        return schema

    def _licence(self, text: str) -> Node:
        g, known = self.graph, vocab.licence(text)
        node: Node = known.iri if known.iri is not None else BNode()
        g.add((node, RDF.type, DCT.LicenseDocument))
        g.add((node, RDFS.label, Literal(known.label)))
        return node

    def _provenance(self, node: URIRef, dataset: DatasetRead) -> None:
        g = self.graph
        owner_name = messages.OWNER_DEPARTMENT.format(
            publisher=dataset.publisher, department=dataset.owner_department
        )
        parties = (
            ("originator", messages.ROLE_ORIGINATOR, dataset.provider),
            ("custodian", messages.ROLE_CUSTODIAN, dataset.steward),
            ("owner", messages.ROLE_OWNER, owner_name),
        )
        for role, label, name in parties:
            attribution, role_iri = BNode(), vocab.role_iri(role)
            g.add((node, PROV.qualifiedAttribution, attribution))
            g.add((attribution, RDF.type, PROV.Attribution))
            g.add((attribution, PROV.agent, self._agent(name)))
            g.add((attribution, DCAT.hadRole, role_iri))
            g.add((role_iri, RDF.type, DCAT.Role))
            g.add((role_iri, SKOS.prefLabel, self._text(label)))
        statement = BNode()
        text = (
            messages.PROVENANCE_CONTRACT if dataset.contract_id else messages.PROVENANCE
        ).format(
            provider=dataset.provider,
            publisher=dataset.publisher,
            steward=dataset.steward,
            contract_id=dataset.contract_id or "",
        )
        g.add((node, DCT.provenance, statement))
        g.add((statement, RDF.type, DCT.ProvenanceStatement))
        g.add((statement, RDFS.label, self._text(text)))


def _moment(at: datetime) -> Literal:
    return Literal(at.isoformat(), datatype=XSD.dateTime)
