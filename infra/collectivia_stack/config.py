"""Locations, ports and versions of the dev stack, read from environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
INFRA_DIR = REPO_ROOT / "infra"
KAFKA_VERSION = "4.3.1"
KEYCLOAK_VERSION = "26.5.6"
REALM = "collectivia"
# The data lake's scale-out path (not part of `up all`): PostgreSQL from the machine's
# packages, versitygw built from the Go module proxy, Trino from Maven Central.
VERSITYGW_VERSION = "v1.8.0"
TRINO_VERSION = "476"
# The trace backend of `up all`: Jaeger v2 (the module's v1.75.0 tag is the v2.12.0 release),
# built from the Go module proxy through the wrapper module infra/jaeger/ (its pins).
JAEGER_RELEASE = "v2.12.0"
TRINO_MIN_JAVA = 24

# Environment variable -> default port; the names appear in "port in use" errors.
PORT_VARS = {
    "kafka_port": ("COLLECTIVIA_KAFKA_PORT", 9092),
    "kafka_controller_port": ("COLLECTIVIA_KAFKA_CONTROLLER_PORT", 9093),
    "keycloak_port": ("COLLECTIVIA_KEYCLOAK_PORT", 8080),
    "keycloak_management_port": ("COLLECTIVIA_KEYCLOAK_MANAGEMENT_PORT", 9000),
    "postgres_port": ("COLLECTIVIA_POSTGRES_PORT", 55432),
    "s3_port": ("COLLECTIVIA_S3_PORT", 7070),
    "trino_port": ("COLLECTIVIA_TRINO_PORT", 8095),
    "jaeger_otlp_port": ("COLLECTIVIA_JAEGER_OTLP_PORT", 4317),
    "jaeger_otlp_http_port": ("COLLECTIVIA_JAEGER_OTLP_HTTP_PORT", 4318),
    "jaeger_ui_port": ("COLLECTIVIA_JAEGER_UI_PORT", 16686),
    "jaeger_query_grpc_port": ("COLLECTIVIA_JAEGER_QUERY_GRPC_PORT", 16685),
}


@dataclass(frozen=True)
class LakeCredentials:
    """Fixed development credentials of the lake's scale-out servers (loopback only; never
    in production)."""

    # PostgreSQL: the role that owns the Iceberg catalog database.
    postgres_user: str = "lake"
    postgres_password: str = "lake-dev-secret"  # noqa: S105 (dev only)
    postgres_database: str = "lake_catalog"
    # versitygw: its root user, and the bucket of the Iceberg warehouse.
    s3_access_key_id: str = "lake-dev"
    s3_secret_access_key: str = "lake-dev-secret"  # noqa: S105 (dev only)
    s3_region: str = "us-east-1"
    bucket: str = "lake-warehouse"
    # The Iceberg JDBC catalog keys its rows by catalog name: pyiceberg's SqlCatalog name and
    # Trino's iceberg.jdbc-catalog.catalog-name must be equal; Trino's catalog is named so too.
    catalog_name: str = "lake"


LAKE = LakeCredentials()


class StackError(Exception):
    """A step of the launcher failed; the message says which one and what to do."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"{step}: {message}")
        self.step = step


def _port(env: Mapping[str, str], field: str) -> int:
    var, default = PORT_VARS[field]
    raw = env.get(var, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise StackError("read configuration", f"{var}={raw!r} is not a TCP port (1-65535)")
    return port


@dataclass(frozen=True)
class StackConfig:
    cache_dir: Path
    run_dir: Path
    kafka_port: int
    kafka_controller_port: int
    keycloak_port: int
    keycloak_management_port: int
    postgres_port: int = 55432
    s3_port: int = 7070
    trino_port: int = 8095
    jaeger_otlp_port: int = 4317
    jaeger_otlp_http_port: int = 4318
    jaeger_ui_port: int = 16686
    jaeger_query_grpc_port: int = 16685

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StackConfig:
        env = os.environ if env is None else env
        return cls(
            cache_dir=Path(env.get("COLLECTIVIA_CACHE_DIR") or REPO_ROOT / ".cache").resolve(),
            run_dir=Path(env.get("COLLECTIVIA_RUN_DIR") or REPO_ROOT / ".run").resolve(),
            kafka_port=_port(env, "kafka_port"),
            kafka_controller_port=_port(env, "kafka_controller_port"),
            keycloak_port=_port(env, "keycloak_port"),
            keycloak_management_port=_port(env, "keycloak_management_port"),
            postgres_port=_port(env, "postgres_port"),
            s3_port=_port(env, "s3_port"),
            trino_port=_port(env, "trino_port"),
            jaeger_otlp_port=_port(env, "jaeger_otlp_port"),
            jaeger_otlp_http_port=_port(env, "jaeger_otlp_http_port"),
            jaeger_ui_port=_port(env, "jaeger_ui_port"),
            jaeger_query_grpc_port=_port(env, "jaeger_query_grpc_port"),
        )

    @property
    def logs_dir(self) -> Path:
        return self.run_dir / "logs"

    @property
    def kafka_home(self) -> Path:
        return self.cache_dir / f"kafka-{KAFKA_VERSION}"

    @property
    def kafka_data_dir(self) -> Path:
        return self.run_dir / "kafka-data"

    @property
    def keycloak_home(self) -> Path:
        return self.cache_dir / f"keycloak-{KEYCLOAK_VERSION}"

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def keycloak_url(self) -> str:
        return f"http://127.0.0.1:{self.keycloak_port}"

    @property
    def keycloak_management_url(self) -> str:
        return f"http://127.0.0.1:{self.keycloak_management_port}"

    @property
    def realm_url(self) -> str:
        return f"{self.keycloak_url}/realms/{REALM}"

    @property
    def postgres_data_dir(self) -> Path:
        return self.run_dir / "postgres-data"

    @property
    def versitygw_home(self) -> Path:
        return self.cache_dir / f"versitygw-{VERSITYGW_VERSION}"

    @property
    def versitygw_binary(self) -> Path:
        return self.versitygw_home / "bin" / "versitygw"

    @property
    def s3_data_dir(self) -> Path:
        return self.run_dir / "s3-data"

    @property
    def trino_home(self) -> Path:
        return self.cache_dir / f"trino-server-{TRINO_VERSION}"

    @property
    def trino_dir(self) -> Path:
        """etc/ (written at every start) and data/ (node data folder) of the Trino server."""
        return self.run_dir / "trino"

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def trino_url(self) -> str:
        return f"http://127.0.0.1:{self.trino_port}"

    @property
    def warehouse(self) -> str:
        return f"s3://{LAKE.bucket}/warehouse"

    def postgres_url(self, scheme: str = "postgresql+psycopg2") -> str:
        """SQLAlchemy URL of the catalog database (pyiceberg's SqlCatalog ``uri``)."""
        return (
            f"{scheme}://{LAKE.postgres_user}:{LAKE.postgres_password}"
            f"@127.0.0.1:{self.postgres_port}/{LAKE.postgres_database}"
        )

    @property
    def postgres_jdbc_url(self) -> str:
        return f"jdbc:postgresql://127.0.0.1:{self.postgres_port}/{LAKE.postgres_database}"

    @property
    def jaeger_home(self) -> Path:
        return self.cache_dir / f"jaeger-{JAEGER_RELEASE}"

    @property
    def jaeger_binary(self) -> Path:
        return self.jaeger_home / "bin" / "jaeger"

    @property
    def jaeger_otlp_endpoint(self) -> str:
        """OTLP/gRPC: what the services' COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT is set to."""
        return f"http://127.0.0.1:{self.jaeger_otlp_port}"

    @property
    def jaeger_url(self) -> str:
        """Jaeger's UI and query API (/api/v3/traces/<trace id>)."""
        return f"http://127.0.0.1:{self.jaeger_ui_port}"

    def pid_file(self, server: str) -> Path:
        return self.run_dir / f"{server}.pid"

    def log_file(self, server: str) -> Path:
        return self.logs_dir / f"{server}.log"
