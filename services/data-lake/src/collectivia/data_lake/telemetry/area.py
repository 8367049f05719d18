"""The telemetry area: operators' readings streamed over gRPC into the datasets' Iceberg
tables, their aggregates and announcements; and the service's gRPC ``DataLakeService``
(GetDataset, ListDatasets, IngestTelemetry), served from here because its one streaming
method is this area's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field

from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.contracts.schemas import MeasureRange
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion.announcements import DatasetUpdates
from collectivia.data_lake.settings import DataLakeSection, DataLakeSettings
from collectivia.data_lake.telemetry.grpc_servicer import DataLakeServicer
from collectivia.data_lake.telemetry.models import (
    HourlyAggregateRow,
    QuarantinedReadingRow,
    TelemetryBatchRow,
    TelemetryDatasetRow,
    TouchedPeriodRow,
)
from collectivia.data_lake.telemetry.publication import PublicationWatch, TelemetryPublication
from collectivia.data_lake.telemetry.service import TelemetryIngestion, TelemetryLimits
from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area, GrpcEndpoint, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DATASET_UPDATED, TELEMETRY_AGGREGATED
from collectivia.platform.events.outbox.writer import Outbox

# Water networks' usual measures, for datasets whose contract declares none.
DEFAULT_MEASURES = (
    MeasureRange(measure="debit", unit="m3/h", minimum=0, maximum=10_000),
    MeasureRange(measure="pression", unit="bar", minimum=0, maximum=25),
    MeasureRange(measure="niveau", unit="m", minimum=0, maximum=50),
    MeasureRange(measure="consommation", unit="m3", minimum=0, maximum=1_000_000),
    MeasureRange(measure="temperature", unit="°C", minimum=-40, maximum=60),
    MeasureRange(measure="chlore", unit="mg/L", minimum=0, maximum=10),
    MeasureRange(measure="turbidite", unit="NFU", minimum=0, maximum=1000),
)


class TelemetrySettings(DataLakeSection):
    # The most readings in one batch (a batch is stored all or nothing).
    telemetry_max_batch_readings: int = Field(50_000, ge=1, le=1_000_000)
    # Batches waiting together are stored in one commit up to this many readings.
    telemetry_max_commit_readings: int = Field(100_000, ge=1, le=5_000_000)
    # Batches read ahead of the commit being written.
    telemetry_read_ahead_batches: int = Field(4, ge=1, le=64)
    # How far in the future (clock skew) a reading may be dated.
    telemetry_future_skew_seconds: int = Field(300, ge=0, le=86_400)
    # How old a reading may be (a sensor's buffer sent late), in days.
    telemetry_max_age_days: int = Field(90, ge=1, le=3650)
    # How often new readings are announced and the touched periods' aggregates published.
    telemetry_publish_interval_seconds: float = Field(10.0, ge=0.1, le=3600.0)
    # The measures (unit, plausible range) of the datasets whose contract declares none; a
    # JSON list in the environment (COLLECTIVIA_DATA_LAKE_TELEMETRY_MEASURES).
    telemetry_measures: list[MeasureRange] = Field(default_factory=lambda: list(DEFAULT_MEASURES))

    def limits(self) -> TelemetryLimits:
        return TelemetryLimits(
            max_batch_readings=self.telemetry_max_batch_readings,
            max_commit_readings=self.telemetry_max_commit_readings,
            read_ahead_batches=self.telemetry_read_ahead_batches,
            future_skew=timedelta(seconds=self.telemetry_future_skew_seconds),
            max_age=timedelta(days=self.telemetry_max_age_days),
            default_measures=tuple(self.telemetry_measures),
        )


@dataclass(frozen=True)
class Telemetry:
    ingestion: TelemetryIngestion
    publication: TelemetryPublication
    datasets: Datasets
    public_url: str
    settings: TelemetrySettings


def build(context: AreaContext) -> Telemetry:
    settings = context.section(TelemetrySettings)
    datasets = context.get(Datasets)
    lakehouse = context.get(Lakehouse)
    ingestion = TelemetryIngestion(
        sessions=context.sessions,
        datasets=datasets,
        registry=context.get(ContractRegistry),
        lakehouse=lakehouse,
        limits=settings.limits(),
    )
    publication = TelemetryPublication(
        sessions=context.sessions,
        datasets=datasets,
        lakehouse=lakehouse,
        updates=context.get(DatasetUpdates),
        outbox=context.get(Outbox),
    )
    context.provide(ingestion)
    context.provide(publication)
    return Telemetry(
        ingestion=ingestion,
        publication=publication,
        datasets=datasets,
        public_url=str(context.get(DataLakeSettings).public_url),
        settings=settings,
    )


def servicer(telemetry: Telemetry) -> DataLakeServicer:
    return DataLakeServicer(
        datasets=telemetry.datasets,
        ingestion=telemetry.ingestion,
        public_url=telemetry.public_url,
    )


def publish(telemetry: Telemetry) -> PublicationWatch:
    return PublicationWatch.started(
        telemetry.publication, telemetry.settings.telemetry_publish_interval_seconds
    )


def max_receive_bytes(telemetry: Telemetry) -> int:
    # A reading weighs about 60 bytes on the wire; room for the largest batch and more.
    return max(4 * 1024 * 1024, telemetry.settings.telemetry_max_batch_readings * 100)


AREA = Area(
    name="telemetry",
    summary="IoT telemetry from DSP operators (gRPC IngestTelemetry, a stream of batches): "
    "readings checked column by column, refused ones quarantined one by one, the rest "
    "appended to the dataset's Iceberg table and acknowledged once stored; hourly and daily "
    "aggregates; GetDataset and ListDatasets.",
    build=build,
    tables=(
        TelemetryBatchRow,
        QuarantinedReadingRow,
        TouchedPeriodRow,
        TelemetryDatasetRow,
        HourlyAggregateRow,
    ),
    publishes=(DATASET_UPDATED, TELEMETRY_AGGREGATED),
    grpc=(
        GrpcEndpoint(
            service=lake_pb2.DESCRIPTOR.services_by_name["DataLakeService"],
            add_to_server=lake_pb2_grpc.add_DataLakeServiceServicer_to_server,
            servicer=servicer,
            max_receive_bytes=max_receive_bytes,
        ),
    ),
    workers=(Worker("telemetry-publication", start=publish),),
    settings=TelemetrySettings,
)
