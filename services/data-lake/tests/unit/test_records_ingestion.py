"""Batches of rows from the suite's services (records-submitted) without Kafka: the real SCDL
subventions schema, a real Iceberg catalog and database in a temporary folder. A valid batch
is appended as one version and announced; an invalid one is quarantined and nothing of it is
written; a batch delivered again is stored once; what can never be stored is refused; and the
handler translates the event (Struct rows, its source) or dead-letters it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from google.protobuf.struct_pb2 import Struct
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake.database import Base
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import DatasetCreate
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import DatasetUpdates
from collectivia.data_lake.ingestion.handlers import RecordsSubmittedHandler
from collectivia.data_lake.ingestion.models import (
    ErasureRow,
    LoadRow,
    QuarantinedLoad,
    RecordBatchRow,
)
from collectivia.data_lake.ingestion.quarantine import Quarantine, QuarantineFiles
from collectivia.data_lake.ingestion.records import RecordBatch
from collectivia.data_lake.ingestion.service import LoadLimits, Loads
from collectivia.data_lake.validation.readers import ReadLimits, read_table
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.data_lake.validation.validator import validate
from collectivia.events.v1 import lake_pb2
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.tables import Lakehouse, Version
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    DependencyUnavailable,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from collectivia.platform.events.catalogue import RECORDS_SUBMITTED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

SCHEMAS = Path(__file__).resolve().parents[4].parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"
STEWARD = Reader(
    roles=frozenset({"data-steward"}), communes=(), client_id="cli", subject="steward-1"
)
PRODUCER = "agent-assistant"


def rows_of(name: str) -> list[dict[str, Any]]:
    """An example file's rows as a service would send them: empty cells left out."""
    text = (SUBVENTIONS / name).read_text(encoding="utf-8")
    return [{k: v for k, v in row.items() if v} for row in csv.DictReader(io.StringIO(text))]


VALID = rows_of("exemple-valide.csv")
INVALID = rows_of("exemple-invalide-erreurs-cellules.csv")


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[tuple[str, Message]] = []

    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        self.published.append((key, payload))
        return "event-id"

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "written with the data it announces"
        return self.publish(payload, key=key, subject=subject)


class FlakyLakehouse(Lakehouse):
    """Its first write fails (a full disk), the next ones work."""

    failures = 1

    def write(self, dataset_id: str, rows: pa.Table, **options: Any) -> Version:
        if self.failures:
            self.failures -= 1
            raise OSError("disque plein")
        return super().write(dataset_id, rows, **options)


class ForgetfulDatasets(Datasets):
    """Fails right after the version is committed, before anything records it (a crash)."""

    def record_version(self, dataset_id: str, version: Version, *, schema_version: str) -> None:
        raise RuntimeError("arrêt brutal")


@pytest.fixture(scope="module")
def schemas() -> SchemaCatalogue:
    return SchemaCatalogue.load([SCHEMAS])


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    models = (DatasetRow, LoadRow, QuarantinedLoad, ErasureRow, RecordBatchRow)
    create_tables(engine, [Base.metadata.tables[model.__tablename__] for model in models])
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def datasets(sessions: sessionmaker[Any]) -> Datasets:
    datasets = Datasets(sessions=sessions)
    declare(datasets, "subventions")
    return datasets


def lakehouse_in(folder: Path, cls: type[Lakehouse] = Lakehouse) -> Lakehouse:
    location = CatalogLocation(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}",
        catalog_name="lake",
        warehouse=str(folder / "warehouse"),
    )
    return cls(catalog=open_catalog(location), namespace="collectivia")


def loads_with(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    *,
    datasets: Datasets | None = None,
    lakehouse: Lakehouse | None = None,
    producers: tuple[str, ...] = (PRODUCER,),
) -> Loads:
    return Loads(
        sessions=sessions,
        datasets=datasets or Datasets(sessions=sessions),
        lakehouse=lakehouse or lakehouse_in(tmp_path),
        schemas=schemas,
        updates=DatasetUpdates(outbox=publisher),
        quarantine=quarantine_in(tmp_path, sessions),
        limits=LoadLimits(
            max_bytes=1_000_000, max_rows=1000, max_uncompressed_bytes=10_000_000, max_errors=50
        ),
        record_producers=producers,
    )


def quarantine_in(tmp_path: Path, sessions: sessionmaker[Any]) -> Quarantine:
    return Quarantine(sessions=sessions, files=QuarantineFiles(tmp_path / "quarantine"))


def declare(datasets: Datasets, dataset_id: str, **fields: Any) -> None:
    body: dict[str, Any] = {
        "id": dataset_id,
        "title": "Subventions",
        "description": "Les subventions attribuées par la collectivité.",
        "publisher": "Eurométropole de démonstration",
        "contact_name": "Service de la donnée",
        "contact_email": "donnees@collectivite.example",
        "access_rights": "public",
        "schema_name": "scdl/subventions",
        "owner_department": "finances",
        "steward": "Thomas Petit",
        "provider": "Eurométropole de démonstration",
        **fields,
    }
    datasets.create(DatasetCreate(**body), by=STEWARD)


def batch(
    batch_id: str,
    rows: list[dict[str, Any]] = VALID,
    *,
    dataset_id: str = "subventions",
    producer: str = PRODUCER,
) -> RecordBatch:
    return RecordBatch(dataset_id=dataset_id, batch_id=batch_id, producer=producer, records=rows)


def count(sessions: sessionmaker[Any], model: type[Any]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_valid_batch_is_appended_as_one_version_and_announced(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    first = loads.submit_records(batch("2024-06"))
    second = loads.submit_records(batch("2024-07", VALID[:3]))
    assert first.accepted and second.accepted and not second.duplicate
    assert second.version is not None
    assert (second.version.operation, second.version.rows_added) == ("records", 3)
    assert second.version.total_rows == len(VALID) + 3
    lakehouse = lakehouse_in(tmp_path)
    assert [v.operation for v in lakehouse.versions("subventions")] == ["records", "records"]
    table = lakehouse.read("subventions")
    assert table.num_rows == len(VALID) + 3
    assert table.column("montant").type == pa.float64()
    assert sorted(table.column("montant").to_pylist())[-1] == max(
        float(row["montant"]) for row in VALID
    )
    assert datasets.describe("subventions").latest_snapshot_id == str(second.version.snapshot_id)
    [(key, _), (_, two)] = publisher.published
    assert key == "subventions"
    assert isinstance(two, lake_pb2.DatasetUpdated)
    assert (two.mode, two.rows_added, two.total_rows) == ("append", 3, len(VALID) + 3)
    assert two.snapshot_id == str(second.version.snapshot_id)
    recorded = {load.id: load for load in loads.history("subventions", by=STEWARD)}
    load = recorded[second.load.id]
    assert (load.status, load.submitted_by, load.announced) == ("accepted", PRODUCER, True)
    assert load.filename == "lot-agent-assistant-2024-07.json"
    assert load.snapshot_id == str(second.version.snapshot_id)


def test_a_batch_is_appended_after_a_steward_s_file_and_keeps_its_rows(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    content = (SUBVENTIONS / "exemple-valide.csv").read_bytes()
    loaded = loads.submit(dataset_id="subventions", filename="s.csv", content=content, by=STEWARD)
    appended = loads.submit_records(batch("complement", VALID[:2]))
    assert loaded.version is not None and appended.version is not None
    assert appended.version.rows_removed == 0
    assert appended.version.total_rows == loaded.version.total_rows + 2
    versions = lakehouse_in(tmp_path).versions("subventions")
    assert [v.operation for v in versions] == ["load", "records"]


def test_numbers_and_booleans_are_read_as_a_json_file_s(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    typed = [
        {**row, "montant": float(row["montant"]), "pourcentageSubvention": 1.0} for row in VALID[:2]
    ]
    outcome = loads.submit_records(batch("typed", typed))
    assert outcome.accepted, outcome.issues
    table = lakehouse_in(tmp_path).read("subventions")
    assert table.column("montant").to_pylist() == [float(row["montant"]) for row in VALID[:2]]
    assert table.column("pourcentageSubvention").to_pylist() == [1.0, 1.0]


def test_an_invalid_batch_is_quarantined_and_nothing_of_it_is_written(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    before = loads.submit_records(batch("good", VALID[:5]))
    # One invalid row among valid ones: the whole batch is refused.
    mixed = [*VALID[5:10], {**VALID[10], "dateConvention": "31/12/2024"}]
    refused = loads.submit_records(batch("mixed", mixed))
    assert not refused.accepted and refused.version is None
    assert [(i.row, i.column) for i in refused.issues] == [(6, "dateConvention")]
    assert "aucune de ses lignes n'a été ajoutée" in refused.detail
    assert refused.load.quarantine_id and refused.load.quarantine_id in refused.detail
    assert before.version is not None
    assert lakehouse_in(tmp_path).latest_version("subventions") == before.version
    assert datasets.describe("subventions").latest_snapshot_id == str(before.version.snapshot_id)
    assert len(publisher.published) == 1
    # Quarantine keeps the batch's rows as a JSON file, which the lake reads to the same verdict.
    quarantine = quarantine_in(tmp_path, sessions)
    [entry] = quarantine.entries(by=STEWARD)
    assert (entry.dataset_id, entry.status, entry.submitted_by) == (
        "subventions",
        "pending",
        PRODUCER,
    )
    filename, content = quarantine.original(entry.id, by=STEWARD)
    assert filename == "lot-agent-assistant-mixed.json"
    assert json.loads(content) == mixed
    limits = ReadLimits(max_bytes=1_000_000, max_rows=1000, max_uncompressed_bytes=10_000_000)
    raw = read_table(filename=filename, content=content, limits=limits)
    verdict = validate(raw, schemas.get("scdl/subventions"))
    assert [(e.row, e.column) for e in verdict.report.errors] == [(6, "dateConvention")]
    # A later batch appended does not replace the refused one: it stays to be corrected.
    loads.submit_records(batch("later", VALID[:1]))
    assert [e.status for e in quarantine.entries(by=STEWARD)] == ["pending"]


def test_the_example_s_invalid_rows_are_reported_and_a_formula_refuses_the_batch(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    refused = loads.submit_records(batch("exemple-invalide", INVALID))
    assert not refused.accepted and refused.load.status == "rejected"
    assert refused.load.error_count >= 5
    formula = loads.submit_records(batch("formule", [{**VALID[0], "objet": "=HYPERLINK(1)"}]))
    assert not formula.accepted
    assert [i.rule for i in formula.issues] == ["fichier-refuse"]
    assert not lakehouse_in(tmp_path).has_table("subventions")
    assert publisher.published == []
    assert count(sessions, QuarantinedLoad) == 2


def test_a_batch_delivered_again_is_stored_once(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    first = loads.submit_records(batch("b-1", VALID[:4]))
    again = loads.submit_records(batch("b-1", VALID[:4]))
    assert again.duplicate and again.version is None
    assert again.load.id == first.load.id and again.load.accepted
    refused = loads.submit_records(batch("b-2", INVALID))
    refused_again = loads.submit_records(batch("b-2", INVALID))
    assert refused_again.duplicate and refused_again.load.id == refused.load.id
    # Another producer's batch of the same id, or the same id for another dataset, is another.
    declare(datasets, "autres-subventions")
    other = loads_with(tmp_path, sessions, schemas, publisher, producers=(PRODUCER, "citizen-chat"))
    assert not other.submit_records(batch("b-1", VALID[:1], producer="citizen-chat")).duplicate
    assert not other.submit_records(
        batch("b-1", VALID[:1], dataset_id="autres-subventions")
    ).duplicate
    assert lakehouse_in(tmp_path).latest_version("subventions").total_rows == 5
    assert len(publisher.published) == 3
    assert count(sessions, QuarantinedLoad) == 1
    assert count(sessions, RecordBatchRow) == 4


def test_a_failed_write_is_tried_again_under_the_same_load(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    flaky = lakehouse_in(tmp_path, FlakyLakehouse)
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets, lakehouse=flaky)
    with pytest.raises(DependencyUnavailable):
        loads.submit_records(batch("retry", VALID[:2]))
    [failed] = loads.history("subventions", by=STEWARD)
    assert (failed.status, failed.snapshot_id) == ("failed", None)
    assert count(sessions, RecordBatchRow) == 0  # not stored: the retry is not a duplicate
    retried = loads.submit_records(batch("retry", VALID[:2]))
    assert retried.accepted and not retried.duplicate
    [load] = loads.history("subventions", by=STEWARD)
    assert (load.id, load.status) == (failed.id, "accepted")


def test_a_batch_committed_but_not_recorded_is_not_appended_twice(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    forgetful = ForgetfulDatasets(sessions=sessions)
    crashing = loads_with(tmp_path, sessions, schemas, publisher, datasets=forgetful)
    with pytest.raises(RuntimeError):
        crashing.submit_records(batch("crash", VALID[:3]))
    assert lakehouse_in(tmp_path).latest_version("subventions").total_rows == 3
    assert count(sessions, LoadRow) == 0
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    recovered = loads.submit_records(batch("crash", VALID[:3]))
    assert recovered.accepted and recovered.version is not None
    assert len(lakehouse_in(tmp_path).versions("subventions")) == 1
    assert recovered.version.total_rows == 3
    assert datasets.describe("subventions").row_count == 3
    [(_, announced)] = publisher.published
    assert isinstance(announced, lake_pb2.DatasetUpdated) and announced.mode == "append"


def test_what_can_never_be_stored_is_refused_before_anything_is_recorded(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    declare(datasets, "sans-schema", schema_name="")
    declare(datasets, "compteurs", kind="telemetry", schema_name="")
    with pytest.raises(NotFound):
        loads.submit_records(batch("x", dataset_id="inconnu"))
    with pytest.raises(PermissionDenied, match="producteur-de-lignes"):
        loads.submit_records(batch("x", producer="ethics-register"))
    with pytest.raises(InvalidInput):
        loads.submit_records(batch("x", producer=""))
    with pytest.raises(InvalidInput):
        loads.submit_records(batch("un lot/../mal nommé"))
    with pytest.raises(InvalidInput, match="aucune ligne"):
        loads.submit_records(batch("vide", []))
    with pytest.raises(RuleViolation, match="schema-requis"):
        loads.submit_records(batch("x", dataset_id="sans-schema"))
    with pytest.raises(RuleViolation, match="chargement-de-tables"):
        loads.submit_records(batch("x", dataset_id="compteurs"))
    closed = loads_with(tmp_path, sessions, schemas, publisher, producers=())
    with pytest.raises(PermissionDenied):
        closed.submit_records(batch("x"))
    assert count(sessions, LoadRow) == count(sessions, RecordBatchRow) == 0
    assert publisher.published == []


def received(payload: Message, *, source: str = PRODUCER) -> ReceivedEvent:
    cloud_event = CloudEvent(
        id="event-1",
        source=source,
        type=RECORDS_SUBMITTED.ce_type,
        time=datetime.now(UTC),
        data_content_type=RECORDS_SUBMITTED.content_type,
    )
    return ReceivedEvent(cloud_event, payload, RECORDS_SUBMITTED.topic, 0, 0)


def submitted(
    batch_id: str, rows: list[dict[str, Any]], **fields: Any
) -> lake_pb2.RecordsSubmitted:
    message = lake_pb2.RecordsSubmitted(
        **{"dataset_id": "subventions", "batch_id": batch_id, "producer": PRODUCER, **fields}
    )
    for row in rows:
        record = Struct()
        record.update(row)
        message.records.append(record)
    return message


def test_the_handler_stores_the_event_s_rows(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    loads = loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    handler = RecordsSubmittedHandler(loads)
    rows = [{**row, "montant": float(row["montant"]), "idRAE": None} for row in VALID[:3]]
    handler(received(submitted("kafka-1", rows)))
    assert lakehouse_in(tmp_path).latest_version("subventions").total_rows == 3
    with sessions() as session:
        stored = session.get(RecordBatchRow, ("subventions", PRODUCER, "kafka-1"))
        assert stored is not None and stored.event_id == "event-1"
    # Invalid rows are a refused load, not a broken event: no dead letter.
    handler(received(submitted("kafka-2", INVALID)))
    assert count(sessions, QuarantinedLoad) == 1


def test_the_handler_dead_letters_what_can_never_be_stored(
    tmp_path: Path,
    sessions: sessionmaker[Any],
    schemas: SchemaCatalogue,
    publisher: RecordingPublisher,
    datasets: Datasets,
) -> None:
    handler = RecordsSubmittedHandler(
        loads_with(tmp_path, sessions, schemas, publisher, datasets=datasets)
    )
    with pytest.raises(InvalidEvent, match="another producer"):
        handler(received(submitted("k", VALID[:1]), source="citizen-chat"))
    with pytest.raises(InvalidEvent, match="inconnu"):
        handler(received(submitted("k", VALID[:1], dataset_id="inconnu")))
    with pytest.raises(InvalidEvent, match="aucune ligne"):
        handler(received(submitted("k", [])))
    with pytest.raises(InvalidEvent, match="expected RecordsSubmitted"):
        handler(received(lake_pb2.DatasetUpdated(dataset_id="subventions")))
    assert count(sessions, LoadRow) == 0
