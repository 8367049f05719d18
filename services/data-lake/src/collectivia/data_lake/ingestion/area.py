"""The ingestion area: files loaded into datasets through validation at the door, refused
files in quarantine, new versions announced, erasures of a person's rows; and the batches of
rows the suite's services publish on Kafka (records-submitted), appended the same way."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import Field

from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.ingestion import views
from collectivia.data_lake.ingestion.announcements import DatasetUpdates
from collectivia.data_lake.ingestion.erasure import Erasures
from collectivia.data_lake.ingestion.handlers import RecordsSubmittedHandler
from collectivia.data_lake.ingestion.models import (
    ErasureRow,
    LoadRow,
    QuarantinedLoad,
    RecordBatchRow,
)
from collectivia.data_lake.ingestion.quarantine import Quarantine, QuarantineFiles
from collectivia.data_lake.ingestion.service import LoadLimits, Loads
from collectivia.data_lake.settings import DataLakeSection
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import DATASET_UPDATED, RECORDS_SUBMITTED
from collectivia.platform.events.outbox.writer import Outbox

log = logging.getLogger(__name__)

# The suite's copy of the national open-data schemas (SCDL, Etalab, data.gouv.fr), beside
# the repository: relative to the working directory `make up` and the tests run in.
SHARED_SCHEMAS = "../shared/lake/schemas"
# The suite's services that may publish rows for the lake (records-submitted): all but the
# lake itself, which has its own ways in.
SUITE_PRODUCERS = ("agent-assistant", "citizen-chat", "ethics-register", "officials-analytics")


class IngestionSettings(DataLakeSection):
    # Folders of Table Schemas: every schema.json below one is a schema, named by its folder
    # path ("scdl/subventions"). A JSON list in the environment:
    # COLLECTIVIA_DATA_LAKE_SCHEMA_FOLDERS='["/srv/collectivia/schemas"]'. Default: the
    # shared national schemas (../shared/lake/schemas from the working directory) when
    # present, else none (then every load is refused: "schema-inconnu").
    schema_folders: list[str] = Field(default_factory=lambda: [SHARED_SCHEMAS])
    # The largest file accepted (bytes, as sent); larger uploads get 413 and are not read.
    upload_max_bytes: int = Field(200_000_000, ge=1)
    # The most data rows a file may have.
    upload_max_rows: int = Field(2_000_000, ge=1)
    # The most an XLSX (or Parquet) file may unpack to: a small zip can unpack to gigabytes.
    upload_max_uncompressed_bytes: int = Field(1_000_000_000, ge=1)
    # The most issues a validation report lists (it says when it stops early).
    report_max_errors: int = Field(1000, ge=1, le=100_000)
    # Where refused files wait for correction (deleted once replaced or discarded). Shared
    # by the replicas (a mounted volume) when there are several.
    quarantine_folder: str = Field("lake-quarantine", min_length=1)
    # The services (their names, the events' source) whose batches of rows published on
    # Kafka (fr.collectivia.lake.records-submitted.v1) are appended to table datasets, any
    # dataset that declares a known schema; others' batches are dead-lettered. A JSON list
    # in the environment; [] closes this way in.
    record_producers: list[str] = Field(default_factory=lambda: list(SUITE_PRODUCERS))

    def limits(self) -> LoadLimits:
        return LoadLimits(
            max_bytes=self.upload_max_bytes,
            max_rows=self.upload_max_rows,
            max_uncompressed_bytes=self.upload_max_uncompressed_bytes,
            max_errors=self.report_max_errors,
        )


def build(context: AreaContext) -> Loads:
    settings = context.section(IngestionSettings)
    updates = context.supplied(DatasetUpdates) or DatasetUpdates(outbox=context.get(Outbox))
    context.provide(updates)
    schemas = context.supplied(SchemaCatalogue)
    if schemas is None:
        folders = [Path(folder).resolve() for folder in settings.schema_folders]
        missing = [str(folder) for folder in folders if not folder.is_dir()]
        if missing:
            log.warning("schema folders not found, skipped: %s", missing)
        schemas = SchemaCatalogue.load(folder for folder in folders if folder.is_dir())
        context.provide(schemas)
    if not schemas.names():
        log.warning(
            "no Table Schema found in %s: every load will be refused", settings.schema_folders
        )
    quarantine = Quarantine(
        sessions=context.sessions, files=QuarantineFiles(Path(settings.quarantine_folder))
    )
    context.provide(quarantine)
    datasets = context.get(Datasets)
    lakehouse = context.get(Lakehouse)
    context.provide(
        Erasures(
            sessions=context.sessions,
            datasets=datasets,
            lakehouse=lakehouse,
            maintenance=context.get(TableMaintenance),
            quarantine=quarantine,
            updates=updates,
        )
    )
    return Loads(
        sessions=context.sessions,
        datasets=datasets,
        lakehouse=lakehouse,
        schemas=schemas,
        updates=updates,
        quarantine=quarantine,
        limits=settings.limits(),
        record_producers=settings.record_producers,
    )


AREA = Area(
    name="ingestion",
    summary="Files (CSV, XLSX, JSON, Parquet) loaded into datasets: validated at the door "
    "against their Table Schema, written all or nothing as a new version and announced; "
    "refused files kept in quarantine with their French report; a person's rows erased "
    "from every version of a personal-data dataset; batches of rows published on Kafka by "
    "the suite's services, validated the same way and appended.",
    build=build,
    routers=(views.router,),
    tables=(LoadRow, QuarantinedLoad, ErasureRow, RecordBatchRow),
    subscriptions=(Subscription(RECORDS_SUBMITTED, handler=RecordsSubmittedHandler),),
    publishes=(DATASET_UPDATED,),
    settings=IngestionSettings,
)
