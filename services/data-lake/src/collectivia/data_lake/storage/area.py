"""The storage area: the Iceberg catalog and warehouse every other area writes and reads."""

from __future__ import annotations

from pydantic import Field

from collectivia.data_lake.settings import DataLakeSection
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.lakehouse.settings import LakehouseFields
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class StorageSettings(DataLakeSection, LakehouseFields):
    # The Iceberg namespace (Trino's schema) holding one table per dataset.
    namespace: str = Field("collectivia", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # Versions younger than this are kept by the expire-snapshots command.
    snapshot_retention_days: int = Field(365, ge=1, le=36500)
    # The expire-snapshots command keeps at least this many versions of every dataset.
    snapshot_keep_last: int = Field(10, ge=1, le=10000)


def open_lakehouse(settings: StorageSettings) -> Lakehouse:
    return settings.open_lakehouse(settings.namespace)


def build(context: AreaContext) -> Lakehouse:
    lakehouse = context.supplied(Lakehouse) or open_lakehouse(context.section(StorageSettings))
    context.provide(TableMaintenance(lakehouse=lakehouse))
    return lakehouse


AREA = Area(
    name="storage",
    summary="The Iceberg catalog and warehouse (SQLite and a folder embedded; PostgreSQL and "
    "S3 at scale, readable by Trino), snapshot expiry, compaction and erasure.",
    build=build,
    settings=StorageSettings,
)
