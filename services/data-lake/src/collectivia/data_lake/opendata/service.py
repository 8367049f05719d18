"""Open data: the DCAT-AP 3 catalogue of the public datasets and the downloads of any
version — through the datasets' one access rule and row filter (``DatasetReads``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from rdflib import Graph

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.reading import DatasetReads, VersionChoice
from collectivia.data_lake.datasets.schemas import AccessRights
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.opendata import vocabularies as vocab
from collectivia.data_lake.opendata.catalogue import (
    PREFIXES,
    CatalogueInfo,
    SeriesEntry,
    build_catalogue,
)
from collectivia.data_lake.opendata.downloads import csv_chunks, parquet_bytes
from collectivia.lakehouse.tables import UnknownTable
from collectivia.platform.errors import InvalidInput


class VersionsListed(StrEnum):
    """Which versions of each series the catalogue lists as datasets of their own."""

    ALL = "all"  # the most recent ones, up to the configured number
    LATEST = "latest"
    NONE = "none"  # the series alone (with the distributions of their current content)

    @classmethod
    def parse(cls, text: str) -> VersionsListed:
        try:
            return cls(text.strip().lower())
        except ValueError:
            # The value sent is not repeated: it may be anything a person typed.
            raise InvalidInput(messages.CATALOGUE_VERSIONS_INVALID) from None


class RdfFormat(StrEnum):
    JSON_LD = "json-ld"
    TURTLE = "turtle"
    RDF_XML = "xml"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    RdfFormat.JSON_LD: "application/ld+json",
    RdfFormat.TURTLE: "text/turtle; charset=utf-8",
    RdfFormat.RDF_XML: "application/rdf+xml",
}
DOWNLOAD_FORMATS = {form.extension: form for form in (vocab.CSV, vocab.PARQUET)}


@dataclass(frozen=True)
class Download:
    """A file of visible rows: its name, type, version, and its bytes in chunks (the rows
    are read, and access checked, before the first chunk)."""

    filename: str
    media_type: str
    snapshot_id: int
    chunks: Iterator[bytes]


class OpenData:
    def __init__(
        self,
        *,
        datasets: Datasets,
        reads: DatasetReads,
        info: CatalogueInfo,
        max_versions: int,
    ) -> None:
        self._datasets = datasets
        self._reads = reads
        self._info = info
        self._max_versions = max_versions

    def catalogue(self, *, versions: VersionsListed | str = VersionsListed.ALL) -> Graph:
        """The catalogue of the public datasets: what anyone may read, nothing else."""
        versions = VersionsListed.parse(versions)
        anyone = Reader.anonymous()
        entries: list[SeriesEntry] = []
        for dataset in self._datasets.list(reader=anyone):
            if dataset.access_rights is not AccessRights.PUBLIC:
                continue
            try:
                newest_first = self._reads.versions(dataset.id, reader=anyone)
            except UnknownTable:  # recorded but its table gone (dropped by hand): no version
                newest_first = []
            latest = newest_first[0] if newest_first else None
            listed = {
                VersionsListed.ALL: newest_first[: self._max_versions],
                VersionsListed.LATEST: newest_first[:1],
                VersionsListed.NONE: [],
            }[versions]
            entries.append(SeriesEntry(dataset, list(reversed(listed)), latest))
        return build_catalogue(self._info, entries)

    def catalogue_document(
        self, form: RdfFormat, *, versions: VersionsListed | str = VersionsListed.ALL
    ) -> bytes:
        return serialize(self.catalogue(versions=versions), form)

    def download(
        self, dataset_id: str, extension: str, *, reader: Reader, version: str | None = None
    ) -> Download:
        """The rows of a version (the latest by default) that ``reader`` may see, as a CSV
        or Parquet file."""
        form = DOWNLOAD_FORMATS[extension]
        visible = self._reads.read(
            dataset_id, reader=reader, choice=VersionChoice(snapshot_id=version)
        )
        snapshot_id = visible.version.snapshot_id
        chunks = (
            csv_chunks(visible.rows) if form is vocab.CSV else iter((parquet_bytes(visible.rows),))
        )
        return Download(
            filename=f"{dataset_id}-{snapshot_id}.{form.extension}",
            media_type=form.media_type + ("; charset=utf-8" if form is vocab.CSV else ""),
            snapshot_id=snapshot_id,
            chunks=chunks,
        )


def serialize(graph: Graph, form: RdfFormat) -> bytes:
    if form is RdfFormat.JSON_LD:
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        text = graph.serialize(format="json-ld", context=context, indent=2)
    else:
        text = graph.serialize(format=form.value)
    return text.encode("utf-8")
