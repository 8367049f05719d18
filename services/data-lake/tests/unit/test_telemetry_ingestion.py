"""Telemetry without gRPC or Kafka: readings checked column by column with a French reason
for each refused one, batches stored all or nothing and acknowledged once stored, a batch
sent again stored once (even after a crash between its record and its commit), and the
announcements and aggregates published every interval rather than every commit."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from google.protobuf.message import Message
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake.contracts.models import (
    ContractDatasetRow,
    ContractRow,
    DeliveryPeriodRow,
    DeliveryRow,
)
from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.contracts.schemas import ContractCreate
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import DatasetCreate
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import DatasetUpdates
from collectivia.data_lake.telemetry.area import DEFAULT_MEASURES
from collectivia.data_lake.telemetry.models import (
    HourlyAggregateRow,
    QuarantinedReadingRow,
    TelemetryBatchRow,
    TelemetryDatasetRow,
    TouchedPeriodRow,
)
from collectivia.data_lake.telemetry.publication import TelemetryPublication, aggregate_key
from collectivia.data_lake.telemetry.readings import ReadingRules, check_readings
from collectivia.data_lake.telemetry.service import (
    PENDING,
    BatchAck,
    IncomingBatch,
    TelemetryIngestion,
    TelemetryLimits,
)
from collectivia.data_lake.telemetry.wire import readings_table
from collectivia.events.v1 import lake_pb2 as events_pb2
from collectivia.lake.v1 import lake_pb2
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput, PermissionDenied
from collectivia.testkit.french import assert_french

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
STEWARD = Reader(roles=frozenset({"data-steward"}), communes=(), client_id="cli", subject="s-1")
WATER = Reader(
    roles=frozenset({"dsp-operator"}), communes=(), client_id="operator-eau-demo", subject="sa-1"
)
WASTE = Reader(
    roles=frozenset({"dsp-operator"}), communes=(), client_id="operator-dechets-demo", subject="x"
)
DATASET = "eau-telemetrie"
RULES = ReadingRules(DEFAULT_MEASURES, future_skew=timedelta(minutes=5), max_age=timedelta(days=90))


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[tuple[str, Message]] = []

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "written with the data it announces"
        self.published.append((key, payload))
        return "event-id"

    def of(self, kind: type[Message]) -> list[tuple[str, Any]]:
        return [(key, event) for key, event in self.published if isinstance(event, kind)]


def reading(
    sensor: str = "CPT-001",
    measure: str = "debit",
    value: float = 12.5,
    unit: str = "m3/h",
    at: datetime | None = NOW - timedelta(minutes=30),
    commune: str = "57463",
) -> lake_pb2.TelemetryReading:
    message = lake_pb2.TelemetryReading(
        sensor_id=sensor, measure=measure, value=value, unit=unit, commune=commune
    )
    if at is not None:
        message.measured_at.FromDatetime(at)
    return message


def batch(
    batch_id: str, *readings: lake_pb2.TelemetryReading, dataset: str = DATASET
) -> IncomingBatch:
    return IncomingBatch(dataset, batch_id, readings_table(list(readings)))


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    tables = (
        DatasetRow,
        ContractRow,
        ContractDatasetRow,
        DeliveryRow,
        DeliveryPeriodRow,
        TelemetryBatchRow,
        QuarantinedReadingRow,
        TouchedPeriodRow,
        TelemetryDatasetRow,
        HourlyAggregateRow,
    )
    create_tables(engine, [cast(Table, t.__table__) for t in tables])
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    location = CatalogLocation(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}",
        catalog_name="lake",
        warehouse=str(tmp_path / "warehouse"),
    )
    return Lakehouse(catalog=open_catalog(location), namespace="collectivia")


@pytest.fixture
def datasets(sessions: sessionmaker[Any]) -> Datasets:
    datasets = Datasets(sessions=sessions)
    for dataset_id, kind in ((DATASET, "telemetry"), ("eau-volumes", "table")):
        datasets.create(
            DatasetCreate(
                id=dataset_id,
                title=f"Jeu {dataset_id}",
                description="Les mesures du réseau d'eau potable.",
                kind=kind,
                publisher="Métropole de démonstration",
                contact_name="Service de la donnée",
                contact_email="donnees@collectivite.example",
                owner_department="eau",
                steward="Thomas Petit",
                provider="Eaux de la Métropole",
                contract_id="dsp-eau",
                commune_column="commune",
            ),
            by=STEWARD,
        )
    return datasets


@pytest.fixture
def registry(sessions: sessionmaker[Any], datasets: Datasets) -> ContractRegistry:
    registry = ContractRegistry(sessions=sessions, datasets=datasets)
    registry.declare(
        ContractCreate(
            id="dsp-eau",
            title="Délégation du service public de l'eau potable",
            public_service="eau-potable",
            operator_client_id="operator-eau-demo",
            operator_name="Eaux de la Métropole SAS",
            starts_on="2025-01-01",
            ends_on="2036-12-31",
            datasets=[
                {"dataset_id": DATASET, "frequency": "continuous"},
                {"dataset_id": "eau-volumes", "frequency": "monthly", "deadline_days": 15},
            ],
        ),
        by=STEWARD,
    )
    return registry


def limits(max_commit_readings: int = 100_000) -> TelemetryLimits:
    return TelemetryLimits(
        max_batch_readings=1000,
        max_commit_readings=max_commit_readings,
        read_ahead_batches=4,
        future_skew=timedelta(minutes=5),
        max_age=timedelta(days=90),
        default_measures=DEFAULT_MEASURES,
    )


@pytest.fixture
def ingestion(
    sessions: sessionmaker[Any],
    datasets: Datasets,
    registry: ContractRegistry,
    lakehouse: Lakehouse,
) -> TelemetryIngestion:
    return TelemetryIngestion(
        sessions=sessions,
        datasets=datasets,
        registry=registry,
        lakehouse=lakehouse,
        limits=limits(),
        clock=lambda: NOW,
    )


def stored_rows(lakehouse: Lakehouse) -> pa.Table:
    return lakehouse.read(DATASET)


def test_each_refused_reading_gets_its_own_french_reason() -> None:
    readings = readings_table(
        [
            reading(),
            reading(sensor="capteur avec espaces"),
            reading(measure="vitesse"),
            reading(value=math.nan),
            reading(measure="pression", value=250.0, unit="bar"),
            reading(measure="pression", value=4.2, unit="kPa"),
            reading(at=None),
            reading(at=NOW + timedelta(hours=2)),
            reading(at=NOW - timedelta(days=400)),
            reading(commune="Metz"),
            reading(sensor="CPT-002", measure="niveau", value=3.4, unit="m", commune=""),
        ]
    )
    checked = check_readings(readings, RULES, now=NOW)
    assert checked.accepted.num_rows == 2
    assert checked.accepted.column("commune").to_pylist() == ["57463", None]
    reasons = {r.index: r.reason for r in checked.rejected}
    assert sorted(reasons) == list(range(1, 10))
    for reason in reasons.values():
        assert_french(reason)
    assert "Identifiant de capteur invalide" in reasons[1]
    assert "Grandeur inconnue : « vitesse »" in reasons[2]
    assert "non numérique" in reasons[3]
    assert reasons[4] == ("Valeur 250 hors de la plage plausible de « pression » (0 à 25 bar).")
    assert "« kPa » inattendue" in reasons[5]
    assert "absente" in reasons[6]
    assert "futur" in reasons[7]
    assert "trop ancienne" in reasons[8]
    assert "Code commune invalide" in reasons[9]
    assert checked.rejected[0].reading["sensor_id"] == "capteur avec espaces"


def test_batches_are_appended_partitioned_by_month_and_acknowledged(
    ingestion: TelemetryIngestion, lakehouse: Lakehouse, sessions: sessionmaker[Any]
) -> None:
    acks = ingestion.store(
        [
            batch("b-1", reading(), reading(value=-3.0), reading(at=NOW - timedelta(days=20))),
            batch("b-2", reading(measure="niveau", value=4.0, unit="m")),
        ],
        operator=WATER,
    )
    assert [(a.batch_id, a.accepted, a.duplicate) for a in acks] == [
        ("b-1", 2, False),
        ("b-2", 1, False),
    ]
    assert [index for index, _ in acks[0].rejected] == [1]
    # One commit for both batches: the same snapshot holds them.
    assert acks[0].snapshot_id is not None and acks[0].snapshot_id == acks[1].snapshot_id
    rows = stored_rows(lakehouse)
    assert rows.num_rows == 3
    assert sorted(rows.column("batch_id").to_pylist()) == ["b-1", "b-1", "b-2"]
    spec = lakehouse.table(DATASET).spec()
    assert [(f.name, str(f.transform)) for f in spec.fields] == [("measured_at_month", "month")]
    # April and May: two partitions.
    assert len(lakehouse.table(DATASET).inspect.files()) == 2
    with sessions() as session:
        quarantined = session.scalars(select(QuarantinedReadingRow)).all()
    assert [(q.batch_id, q.position, q.value) for q in quarantined] == [("b-1", 1, -3.0)]
    assert "plage plausible" in quarantined[0].reason


def test_a_batch_sent_again_is_acknowledged_as_before_and_stored_once(
    ingestion: TelemetryIngestion, lakehouse: Lakehouse
) -> None:
    (first,) = ingestion.store([batch("b-1", reading(), reading(value=-1.0))], operator=WATER)
    again, twice, fresh, twice_fresh = ingestion.store(
        [
            batch("b-1", reading(), reading(value=-1.0)),
            batch("b-1", reading()),
            batch("b-2", reading()),
            batch("b-2", reading()),
        ],
        operator=WATER,
    )
    assert again == BatchAck("b-1", 1, first.rejected, True, first.snapshot_id)
    assert twice.duplicate and twice.accepted == 1
    assert (fresh.duplicate, twice_fresh.duplicate) == (False, True)
    assert twice_fresh.snapshot_id == fresh.snapshot_id
    assert stored_rows(lakehouse).num_rows == 2


def test_a_stream_cut_mid_way_keeps_what_was_acknowledged_only(
    ingestion: TelemetryIngestion, lakehouse: Lakehouse
) -> None:
    def cut_stream() -> Iterator[IncomingBatch]:
        yield batch("b-1", reading(), reading())
        yield batch("b-2", reading())
        raise ConnectionResetError("le réseau du capteur a coupé")

    acks: list[BatchAck] = []
    with pytest.raises(ConnectionResetError):
        for ack in ingestion.ingest(cut_stream(), operator=WATER):
            acks.append(ack)
    stored = stored_rows(lakehouse).num_rows if lakehouse.has_table(DATASET) else 0
    assert stored == sum(a.accepted for a in acks)
    # Sent again after the cut: what was stored is a duplicate, the rest is stored now.
    again = list(
        ingestion.ingest(
            iter([batch("b-1", reading(), reading()), batch("b-2", reading())]), operator=WATER
        )
    )
    assert [a.duplicate for a in again] == [a.batch_id in {k.batch_id for k in acks} for a in again]
    assert stored_rows(lakehouse).num_rows == 3


def test_the_stream_groups_waiting_batches_into_fewer_commits(
    sessions: sessionmaker[Any],
    datasets: Datasets,
    registry: ContractRegistry,
    lakehouse: Lakehouse,
) -> None:
    ingestion = TelemetryIngestion(
        sessions=sessions,
        datasets=datasets,
        registry=registry,
        lakehouse=lakehouse,
        limits=limits(max_commit_readings=4),
        clock=lambda: NOW,
    )
    batches = [batch(f"b-{i}", reading(), reading()) for i in range(10)]
    acks = list(ingestion.ingest(iter(batches), operator=WATER))
    assert [a.batch_id for a in acks] == [f"b-{i}" for i in range(10)]
    assert all(a.accepted == 2 and a.snapshot_id for a in acks)
    # At most two batches (4 readings) a commit; never more commits than batches.
    snapshots = [a.snapshot_id for a in acks]
    assert all(snapshots.count(s) <= 2 for s in snapshots)
    assert len(lakehouse.versions(DATASET)) == len(set(snapshots))
    assert stored_rows(lakehouse).num_rows == 20


def test_only_the_contract_operator_streams_telemetry_datasets(
    ingestion: TelemetryIngestion, lakehouse: Lakehouse
) -> None:
    with pytest.raises(PermissionDenied) as other:
        ingestion.store([batch("b-1", reading())], operator=WASTE)
    assert "operator-dechets-demo" in other.value.detail
    assert_french(other.value.detail)
    with pytest.raises(PermissionDenied):
        ingestion.store([batch("b-1", reading(), dataset="eau-volumes")], operator=WATER)
    with pytest.raises(PermissionDenied):
        ingestion.store([batch("b-1", reading())], operator=STEWARD)
    # A malformed batch ends the stream; those before it are stored and acknowledged.
    acks: list[BatchAck] = []
    with pytest.raises(InvalidInput) as malformed:
        for ack in ingestion.ingest(
            iter([batch("b-1", reading()), batch("lot avec espaces", reading())]), operator=WATER
        ):
            acks.append(ack)
    assert [a.batch_id for a in acks] == ["b-1"]
    assert_french(malformed.value.detail)
    assert stored_rows(lakehouse).num_rows == 1


def test_a_crash_between_record_and_commit_is_resolved_when_the_batch_comes_again(
    ingestion: TelemetryIngestion,
    lakehouse: Lakehouse,
    sessions: sessionmaker[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Crash(BaseException):
        pass

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise Crash

    # Committed, but the process died before confirming: the resend is a duplicate.
    with monkeypatch.context() as patch:
        patch.setattr(ingestion, "_confirm", crash)
        with pytest.raises(Crash):
            ingestion.store([batch("b-1", reading())], operator=WATER)
    with sessions() as session:
        assert session.scalars(select(TelemetryBatchRow.state)).all() == [PENDING]
    (again,) = ingestion.store([batch("b-1", reading())], operator=WATER)
    assert again.duplicate and again.snapshot_id == lakehouse.latest_version(DATASET).snapshot_id
    # Died before its commit: forgotten, stored when sent again.
    with monkeypatch.context() as patch:
        patch.setattr(ingestion, "_append", crash)
        with pytest.raises(Crash):
            ingestion.store([batch("b-2", reading(), reading(value=-1.0))], operator=WATER)
    (stored,) = ingestion.store([batch("b-2", reading(), reading(value=-1.0))], operator=WATER)
    assert not stored.duplicate and stored.accepted == 1
    assert stored_rows(lakehouse).num_rows == 2
    with sessions() as session:
        assert len(session.scalars(select(QuarantinedReadingRow)).all()) == 1


def test_announcements_and_aggregates_are_published_per_interval(
    ingestion: TelemetryIngestion,
    sessions: sessionmaker[Any],
    datasets: Datasets,
    lakehouse: Lakehouse,
) -> None:
    publisher = RecordingPublisher()
    publication = TelemetryPublication(
        sessions=sessions,
        datasets=datasets,
        lakehouse=lakehouse,
        updates=DatasetUpdates(outbox=publisher),
        outbox=publisher,
    )
    ten = datetime(2026, 5, 10, 10, 0, tzinfo=UTC)
    ingestion.store(
        [batch("b-1", reading(at=ten + timedelta(minutes=5), value=10.0))], operator=WATER
    )
    ingestion.store(
        [
            batch(
                "b-2",
                reading(at=ten + timedelta(minutes=15), value=20.0),
                reading(sensor="CPT-002", at=ten + timedelta(minutes=20), value=7.0, commune=""),
                reading(at=ten + timedelta(minutes=70), value=50.0),
            )
        ],
        operator=WATER,
    )
    flushed = publication.flush()
    # 10:00, 11:00 and their day.
    assert (flushed.announced, flushed.aggregates) == (1, 3)
    ((key, updated),) = publisher.of(events_pb2.DatasetUpdated)
    assert (key, updated.mode, updated.rows_added, updated.total_rows) == (DATASET, "append", 4, 4)
    assert updated.contract_id == "dsp-eau"
    aggregates = dict(publisher.of(events_pb2.TelemetryAggregated))
    hour = aggregates[aggregate_key(DATASET, "hour", ten)]
    day = aggregates[aggregate_key(DATASET, "day", ten.replace(hour=0))]
    assert hour.period == "hour" and hour.period_start.ToDatetime(UTC) == ten
    cpt1 = next(a for a in hour.aggregates if a.sensor_id == "CPT-001")
    assert (cpt1.count, cpt1.minimum, cpt1.maximum, cpt1.mean, cpt1.total) == (
        2,
        10.0,
        20.0,
        15.0,
        30.0,
    )
    assert (cpt1.measure, cpt1.unit, cpt1.commune) == ("debit", "m3/h", "57463")
    assert {a.sensor_id: a.commune for a in day.aggregates} == {"CPT-001": "57463", "CPT-002": ""}
    # The day is made of its hours.
    cpt1_day = next(a for a in day.aggregates if a.sensor_id == "CPT-001")
    assert (cpt1_day.count, cpt1_day.minimum, cpt1_day.maximum, cpt1_day.total) == (
        3,
        10.0,
        50.0,
        80.0,
    )
    assert cpt1_day.mean == pytest.approx(80 / 3)
    # Nothing new: nothing published.
    assert publication.flush() == type(flushed)(0, 0)
    # A late reading for 10:00 republishes that hour and its day, not the others.
    ingestion.store(
        [batch("b-3", reading(at=ten + timedelta(minutes=50), value=30.0))], operator=WATER
    )
    publisher.published.clear()
    assert publication.flush() == type(flushed)(1, 2)
    late_hour = dict(publisher.of(events_pb2.TelemetryAggregated))[
        aggregate_key(DATASET, "hour", ten)
    ]
    cpt1 = next(a for a in late_hour.aggregates if a.sensor_id == "CPT-001")
    assert (cpt1.count, cpt1.maximum) == (3, 30.0)
    late_day = dict(publisher.of(events_pb2.TelemetryAggregated))[
        aggregate_key(DATASET, "day", ten.replace(hour=0))
    ]
    cpt1_day = next(a for a in late_day.aggregates if a.sensor_id == "CPT-001")
    assert (cpt1_day.count, cpt1_day.total) == (4, 110.0)
    ((_, updated),) = publisher.of(events_pb2.DatasetUpdated)
    assert (updated.rows_added, updated.total_rows) == (1, 5)


def test_the_arrow_conversion_keeps_every_field() -> None:
    at = datetime(2026, 5, 10, 10, 0, 0, 123456, tzinfo=UTC)
    table = readings_table([reading(at=at, commune="2A004")])
    assert table.to_pylist() == [
        {
            "sensor_id": "CPT-001",
            "measure": "debit",
            "value": 12.5,
            "unit": "m3/h",
            "measured_at": at,
            "commune": "2A004",
        }
    ]
    assert readings_table([]).num_rows == 0
    # A bogus time (beyond the protobuf range) is refused, never wrapped into a plausible one.
    far, before = reading(at=None), reading(at=None)
    far.measured_at.seconds, before.measured_at.seconds = 2**62, -(2**62)
    far.measured_at.nanos = before.measured_at.nanos = 999_999_999
    reasons = [
        r.reason for r in check_readings(readings_table([far, before]), RULES, now=NOW).rejected
    ]
    assert "futur" in reasons[0] and "trop ancienne" in reasons[1]
    assert pc.sum(readings_table([reading()] * 3).column("value")).as_py() == 37.5
