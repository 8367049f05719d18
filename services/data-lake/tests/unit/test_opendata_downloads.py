"""Downloads as files: CSV in UTF-8 with one header line, written batch by batch; Parquet
read back as the same rows."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq

from collectivia.data_lake.opendata.downloads import csv_chunks, parquet_bytes
from collectivia.data_lake.opendata.service import RdfFormat
from collectivia.data_lake.opendata.views import negotiate

ROWS = pa.table(
    {
        "commune": ["57463", "57480", "57463"],
        "beneficiaire": ["Chorale « La Clé »", "Théâtre", "Club d'échecs"],
        "montant": pa.array([1200.5, None, 300.0], pa.float64()),
    }
)


def test_a_large_table_streams_in_chunks_under_one_header() -> None:
    rows = pa.concat_tables([ROWS] * 1000)
    chunks = list(csv_chunks(rows, batch_rows=700))
    assert len(chunks) == 5
    text = b"".join(chunks).decode("utf-8")
    read = list(csv.DictReader(io.StringIO(text)))
    assert len(read) == 3000
    assert text.count('"commune"') == 1
    assert read[0] == {
        "commune": "57463",
        "beneficiaire": "Chorale « La Clé »",
        "montant": "1200.5",
    }
    assert read[1]["montant"] == ""


def test_an_empty_version_is_its_header_alone() -> None:
    text = b"".join(csv_chunks(ROWS.schema.empty_table())).decode("utf-8")
    assert text.strip() == '"commune","beneficiaire","montant"'


def test_parquet_gives_back_the_same_rows_and_types() -> None:
    back = pq.read_table(io.BytesIO(parquet_bytes(ROWS)))
    assert back.equals(ROWS)


def test_the_catalogue_format_follows_accept() -> None:
    assert negotiate(None) is RdfFormat.JSON_LD
    assert negotiate("*/*") is RdfFormat.JSON_LD
    assert negotiate("text/turtle") is RdfFormat.TURTLE
    assert negotiate("application/ld+json;q=0.5, text/turtle;q=0.9") is RdfFormat.TURTLE
    assert negotiate("text/turtle, application/ld+json") is RdfFormat.TURTLE
    assert negotiate("application/rdf+xml") is RdfFormat.RDF_XML
    assert negotiate("text/html, application/json;q=0.1") is RdfFormat.JSON_LD
    assert negotiate("text/turtle;q=abc") is RdfFormat.JSON_LD
