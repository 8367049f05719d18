"""Opening the Iceberg catalog: a SQL catalog (SQLite embedded, PostgreSQL at scale) and a
warehouse in a local folder or on S3-compatible object storage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyiceberg.catalog.sql import SqlCatalog


@dataclass(frozen=True)
class CatalogLocation:
    # SQLAlchemy URL of the catalog's database (sqlite:///..., postgresql+psycopg2://...).
    catalog_url: str
    # Must equal the name other engines give the same JDBC catalog (Trino keys tables by it).
    catalog_name: str
    # A local folder, or s3://bucket/prefix.
    warehouse: str
    s3_endpoint: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = "us-east-1"

    @property
    def on_object_storage(self) -> bool:
        return self.warehouse.startswith("s3://")


def open_catalog(location: CatalogLocation) -> SqlCatalog:
    properties: dict[str, str] = {"uri": location.catalog_url}
    if location.on_object_storage:
        properties["warehouse"] = location.warehouse
        properties["s3.region"] = location.s3_region
        if location.s3_endpoint:
            properties["s3.endpoint"] = location.s3_endpoint
            # Self-hosted S3 servers answer on one host: bucket in the path, not the name.
            properties["s3.force-virtual-addressing"] = "false"
        if location.s3_access_key_id:
            properties["s3.access-key-id"] = location.s3_access_key_id
            properties["s3.secret-access-key"] = location.s3_secret_access_key
    else:
        folder = Path(location.warehouse).expanduser().resolve()
        folder.mkdir(parents=True, exist_ok=True)
        properties["warehouse"] = folder.as_uri()
    if location.catalog_url.startswith("sqlite:"):
        _create_sqlite_folder(location.catalog_url)
    return SqlCatalog(location.catalog_name, **properties)


def _create_sqlite_folder(url: str) -> None:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:" and not url.startswith("sqlite:///:memory:"):
        Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
