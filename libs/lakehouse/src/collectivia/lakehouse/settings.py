"""Where a service's lakehouse is: the fields of its settings section (the data lake's and
the analytics' sections inherit them, each with its own prefix)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, Field, SecretStr, model_validator

from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.engines import EmbeddedDuckDb, QueryEngine, TrinoAddress, TrinoEngine
from collectivia.lakehouse.tables import Lakehouse


class LakehouseFields(BaseModel):
    # The Iceberg SQL catalog: SQLite embedded, or postgresql+psycopg2://... shared with Trino.
    catalog_url: str = Field("sqlite:///lake-catalog.db", min_length=8)
    # The catalog's name: other engines (Trino's iceberg.jdbc-catalog.catalog-name) must use
    # the same one to see the tables.
    catalog_name: str = Field("lake", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # A local folder, or s3://bucket/prefix on S3-compatible object storage.
    warehouse: str = Field("lake-warehouse", min_length=1)
    # The S3-compatible server of an s3:// warehouse (empty: AWS itself).
    s3_endpoint: str = ""
    # Its credentials; empty: the environment's (instance role, AWS_* variables).
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    # Given even for a self-hosted server, so that no request asks AWS for the bucket's region.
    s3_region: str = "us-east-1"

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

    def open_lakehouse(self, namespace: str) -> Lakehouse:
        return Lakehouse(catalog=open_catalog(self.location()), namespace=namespace)


class QueryEngineFields(BaseModel):
    # Who runs the queries over the tables: "duckdb" (embedded: the rows needed are read into
    # the process) or "trino" (a Trino cluster on the same catalog scans them itself).
    query_engine: Literal["duckdb", "trino"] = "duckdb"
    # The Trino coordinator, http(s)://host:port; required with query_engine "trino".
    trino_url: str = Field("", max_length=500)
    # Trino's name for the Iceberg catalog of these tables (its catalog properties file).
    trino_catalog: str = Field("lake", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    # The user Trino runs the queries as (its access control and query history name it).
    trino_user: str = Field("collectivia", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")
    # How long one request to Trino may wait for its answer, in seconds.
    trino_timeout_seconds: float = Field(30.0, gt=0, le=600)

    @model_validator(mode="after")
    def _trino_needs_its_address(self) -> Self:
        if self.query_engine == "trino":
            if not self.trino_url:
                raise ValueError(
                    "trino_url (http(s)://host:port of the coordinator) is required when "
                    "query_engine is trino"
                )
            self.trino_address().check()
        return self

    def trino_address(self) -> TrinoAddress:
        return TrinoAddress(
            url=self.trino_url,
            catalog=self.trino_catalog,
            user=self.trino_user,
            timeout_seconds=self.trino_timeout_seconds,
        )

    def open_query_engine(self) -> QueryEngine:
        if self.query_engine == "trino":
            return TrinoEngine(self.trino_address())
        return EmbeddedDuckDb()
