"""The storage area: the Iceberg catalog and warehouse every other area writes and reads."""

from __future__ import annotations

from pydantic import Field, SecretStr

from collectivia.data_lake.settings import DataLakeSection
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class StorageSettings(DataLakeSection):
    # The Iceberg SQL catalog: SQLite embedded, or postgresql+psycopg2://... shared with Trino.
    catalog_url: str = Field("sqlite:///lake-catalog.db", min_length=8)
    # The catalog's name: other engines (Trino's iceberg.jdbc-catalog.catalog-name) must use
    # the same one to see the tables.
    catalog_name: str = Field("lake", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # The Iceberg namespace (Trino's schema) holding one table per dataset.
    namespace: str = Field("collectivia", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # A local folder, or s3://bucket/prefix on S3-compatible object storage.
    warehouse: str = Field("lake-warehouse", min_length=1)
    # The S3-compatible server of an s3:// warehouse (empty: AWS itself).
    s3_endpoint: str = ""
    # Its credentials; empty: the environment's (instance role, AWS_* variables).
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    # Given even for a self-hosted server, so that no request asks AWS for the bucket's region.
    s3_region: str = "us-east-1"
    # Versions younger than this are kept by the expire-snapshots command.
    snapshot_retention_days: int = Field(365, ge=1, le=36500)
    # The expire-snapshots command keeps at least this many versions of every dataset.
    snapshot_keep_last: int = Field(10, ge=1, le=10000)

    def location(self) -> CatalogLocation:
        return CatalogLocation(
            catalog_url=self.catalog_url,
            catalog_name=self.catalog_name,
            warehouse=self.warehouse,
            s3_endpoint=self.s3_endpoint,
            s3_access_key_id=self.s3_access_key_id,
            s3_secret_access_key=self.s3_secret_access_key.get_secret_value(),
            s3_region=self.s3_region,
        )


def open_lakehouse(settings: StorageSettings) -> Lakehouse:
    return Lakehouse(catalog=open_catalog(settings.location()), namespace=settings.namespace)


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
