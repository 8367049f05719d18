"""Loads without Kafka or HTTP: the real SCDL schema, a real Iceberg catalog and database in
a temporary folder, and publishers that record or fail — what the HTTP tests cannot make
happen (a broker or a write that fails) and the in-process delivery path of the contracts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pytest
from google.protobuf.message import Message
from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake.database import Base
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import DatasetCreate
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import DatasetUpdates
from collectivia.data_lake.ingestion.models import ErasureRow, LoadRow, QuarantinedLoad
from collectivia.data_lake.ingestion.quarantine import Quarantine, QuarantineFiles
from collectivia.data_lake.ingestion.service import LoadLimits, Loads, pseudonym
from collectivia.data_lake.ingestion.uploads import UploadTooLarge
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.events.v1 import lake_pb2
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.tables import Lakehouse, Partitioning, Version
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    DependencyUnavailable,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from collectivia.platform.events.outbox.models import OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox, pending_events

SCHEMAS = Path(__file__).resolve().parents[4].parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"
VALID = (SUBVENTIONS / "exemple-valide.csv").read_bytes()
INVALID = (SUBVENTIONS / "exemple-invalide-erreurs-cellules.csv").read_bytes()
STEWARD = Reader(
    roles=frozenset({"data-steward"}), communes=(), client_id="cli", subject="steward-1"
)
OPERATOR = Reader(roles=frozenset(), communes=(), client_id="eau-dsp", subject="operator-1")


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[tuple[str, Message]] = []

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "announced in the transaction that records the version"
        self.published.append((key, payload))
        return "event-id"


class BrokenLakehouse(Lakehouse):
    def write(self, dataset_id: str, rows: pa.Table, **options: Any) -> Version:
        raise OSError("disque plein")


@pytest.fixture(scope="module")
def schemas() -> SchemaCatalogue:
    return SchemaCatalogue.load([SCHEMAS])


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    create_tables(
        engine,
        [
            Base.metadata.tables[model.__tablename__]
            for model in (DatasetRow, LoadRow, QuarantinedLoad, ErasureRow)
        ]
        + [cast(Table, OutboxRecord.__table__)],
    )
    yield create_session_factory(engine)
    engine.dispose()


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
    publisher: Any,
    lakehouse: Lakehouse | None = None,
    max_bytes: int = 1_000_000,
) -> tuple[Loads, Datasets, Quarantine]:
    datasets = Datasets(sessions=sessions)
    quarantine = Quarantine(sessions=sessions, files=QuarantineFiles(tmp_path / "quarantine"))
    loads = Loads(
        sessions=sessions,
        datasets=datasets,
        lakehouse=lakehouse or lakehouse_in(tmp_path),
        schemas=schemas,
        updates=DatasetUpdates(outbox=publisher),
        quarantine=quarantine,
        limits=LoadLimits(
            max_bytes=max_bytes, max_rows=1000, max_uncompressed_bytes=10_000_000, max_errors=50
        ),
    )
    return loads, datasets, quarantine


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


def test_an_accepted_load_is_announced(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    publisher = RecordingPublisher()
    loads, datasets, _ = loads_with(tmp_path, sessions, schemas, publisher)
    declare(
        datasets, "subventions", partitioning=[{"column": "dateConvention", "transform": "month"}]
    )
    outcome = loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    assert outcome.accepted and outcome.load.announced
    assert outcome.version is not None
    assert outcome.load.submitted_by == pseudonym("steward-1")
    [(key, event)] = publisher.published
    assert key == "subventions"
    assert isinstance(event, lake_pb2.DatasetUpdated)
    assert event.snapshot_id == str(outcome.version.snapshot_id)
    assert event.total_rows == 29
    assert datasets.describe("subventions").latest_snapshot_id == event.snapshot_id


def test_a_load_and_its_announcement_are_one_transaction(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    """Kafka plays no part in accepting a load: the announcement waits in the outbox, written
    with the load's record, for the relay."""
    loads, datasets, _ = loads_with(tmp_path, sessions, schemas, Outbox("data-lake"))
    declare(datasets, "subventions")
    outcome = loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    assert outcome.accepted and outcome.load.announced
    [recorded] = loads.history("subventions", by=STEWARD)
    assert (recorded.status, recorded.announced) == ("accepted", True)
    [event] = pending_events(sessions)
    assert isinstance(event, lake_pb2.DatasetUpdated)
    assert event.snapshot_id == str(recorded.snapshot_id)


def test_a_failed_write_leaves_nothing_accepted(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    publisher = RecordingPublisher()
    broken = lakehouse_in(tmp_path, BrokenLakehouse)
    loads, datasets, quarantine = loads_with(tmp_path, sessions, schemas, publisher, broken)
    declare(datasets, "subventions")
    with pytest.raises(DependencyUnavailable):
        loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    [recorded] = loads.history("subventions", by=STEWARD)
    assert (recorded.status, recorded.accepted, recorded.snapshot_id) == ("failed", False, None)
    assert datasets.describe("subventions").latest_snapshot_id is None
    assert publisher.published == []
    assert quarantine.entries(by=STEWARD) == []


def test_a_refused_file_is_quarantined_and_replaced_only_by_its_own_dataset(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    loads, datasets, quarantine = loads_with(tmp_path, sessions, schemas, RecordingPublisher())
    declare(datasets, "subventions")
    declare(datasets, "autres-subventions")
    refused = loads.submit(dataset_id="subventions", filename="e.csv", content=INVALID, by=STEWARD)
    assert not refused.accepted
    assert refused.issues and refused.load.quarantine_id
    entry_id = refused.load.quarantine_id
    assert quarantine.files.read(entry_id) == INVALID
    loads.submit(dataset_id="autres-subventions", filename="s.csv", content=VALID, by=STEWARD)
    assert quarantine.get(entry_id, by=STEWARD).status == "pending"
    loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    assert quarantine.get(entry_id, by=STEWARD).status == "replaced"
    assert quarantine.files.read(entry_id) is None


def test_what_cannot_be_loaded_raises_before_reading(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    loads, datasets, _ = loads_with(
        tmp_path, sessions, schemas, RecordingPublisher(), max_bytes=100
    )
    declare(datasets, "subventions")
    declare(datasets, "capteurs", kind="telemetry")
    with pytest.raises(PermissionDenied):
        loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=OPERATOR)
    with pytest.raises(NotFound):
        loads.submit(dataset_id="inconnu", filename="s.csv", content=VALID, by=STEWARD)
    with pytest.raises(RuleViolation) as not_a_table:
        loads.submit(dataset_id="capteurs", filename="s.csv", content=VALID, by=STEWARD)
    assert not_a_table.value.rule == "chargement-de-tables"
    with pytest.raises(UploadTooLarge):
        loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    assert loads.history("subventions", by=STEWARD) == []


def test_an_operators_delivery_must_be_for_the_datasets_contract(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    publisher = RecordingPublisher()
    loads, datasets, _ = loads_with(tmp_path, sessions, schemas, publisher)
    declare(datasets, "subventions-dsp", contract_id="dsp-eau-2024")
    with pytest.raises(RuleViolation) as other:
        loads.submit_delivery(
            dataset_id="subventions-dsp",
            filename="s.csv",
            content=VALID,
            by=OPERATOR,
            contract_id="dsp-transports",
        )
    assert other.value.rule == "livraison-du-contrat"
    delivered = loads.submit_delivery(
        dataset_id="subventions-dsp",
        filename="s.csv",
        content=VALID,
        by=OPERATOR,
        contract_id="dsp-eau-2024",
    )
    assert delivered.accepted
    assert delivered.load.contract_id == "dsp-eau-2024"
    assert delivered.load.submitted_by == pseudonym("operator-1")
    [(_, event)] = publisher.published
    assert isinstance(event, lake_pb2.DatasetUpdated)
    assert event.contract_id == "dsp-eau-2024"


def test_partitioning_is_taken_from_the_dataset(
    tmp_path: Path, sessions: sessionmaker[Any], schemas: SchemaCatalogue
) -> None:
    lakehouse = lakehouse_in(tmp_path)
    loads, datasets, _ = loads_with(tmp_path, sessions, schemas, RecordingPublisher(), lakehouse)
    declare(
        datasets, "subventions", partitioning=[{"column": "dateConvention", "transform": "month"}]
    )
    loads.submit(dataset_id="subventions", filename="s.csv", content=VALID, by=STEWARD)
    spec = lakehouse.table("subventions").spec()
    assert [field.name for field in spec.fields] == ["dateConvention_month"]
    assert Partitioning("dateConvention", "month")  # the storage's own description
