"""The real Kafka and Keycloak for tests: started natively (no Docker needed) by the
repository's launcher, or with testcontainers where a Docker engine answers.

``COLLECTIVIA_TEST_SERVERS`` chooses: ``native``, ``docker`` or ``auto`` (the default:
Docker when an engine answers, native otherwise).

The data lake's scale-out path (PostgreSQL catalog, versitygw S3 warehouse, Trino) is always
native: ``infra/stack.py up lake-scale-out``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger(__name__)

KAFKA_IMAGE = "apache/kafka:4.3.1"
KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.5.6"
# The lake's development credentials (infra/collectivia_stack/config.py, LakeCredentials):
# the PostgreSQL role `lake` and versitygw's root user share this password.
LAKE_DEV_SECRET = "lake-dev-secret"


class ServerStartError(RuntimeError):
    pass


def repository_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "infra" / "stack.py").is_file():
            return candidate
    raise ServerStartError("infra/stack.py not found above the current directory")


def realm_file(root: Path | None = None) -> Path:
    return (root or repository_root()) / "infra" / "keycloak" / "realm-collectivia.json"


def _stack(*args: str) -> None:
    root = repository_root()
    command = [sys.executable, str(root / "infra" / "stack.py"), *args]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServerStartError(
            f"`{' '.join(args)}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )


def docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False, timeout=20)
    return probe.returncode == 0


def server_mode() -> str:
    mode = os.environ.get("COLLECTIVIA_TEST_SERVERS", "auto")
    if mode not in {"auto", "native", "docker"}:
        raise ServerStartError(f"COLLECTIVIA_TEST_SERVERS={mode!r}: use auto, native or docker")
    if mode == "auto":
        return "docker" if docker_available() else "native"
    return mode


class KafkaServer(Protocol):
    bootstrap_servers: str

    def restart(self) -> None: ...

    def stop(self) -> None: ...


class KeycloakServer(Protocol):
    url: str
    # Administrator of the master realm (dev only), for tests that reshape the realm.
    admin_username: str
    admin_password: str

    def stop(self) -> None: ...


@dataclass
class NativeKafka:
    bootstrap_servers: str = field(
        default_factory=lambda: f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}"
    )

    def restart(self) -> None:
        _stack("restart", "kafka")

    def stop(self) -> None:
        """Left running: the next test run (or `make down`) deals with it."""


@dataclass
class NativeKeycloak:
    url: str = field(
        default_factory=lambda: (
            f"http://127.0.0.1:{os.environ.get('COLLECTIVIA_KEYCLOAK_PORT', '8080')}"
        )
    )
    admin_username: str = "admin"
    admin_password: str = "admin"

    def stop(self) -> None:
        """Left running, like Kafka."""


@dataclass
class DockerKafka:
    container: Any
    bootstrap_servers: str = ""

    def restart(self) -> None:
        self.container.get_wrapped_container().restart(timeout=20)

    def stop(self) -> None:
        self.container.stop()


@dataclass
class DockerKeycloak:
    container: Any
    url: str = ""
    admin_username: str = ""
    admin_password: str = ""

    def stop(self) -> None:
        self.container.stop()


def start_kafka() -> KafkaServer:
    if server_mode() == "native":
        _stack("up", "kafka")
        return NativeKafka()
    from testcontainers.kafka import KafkaContainer

    port = int(os.environ.get("COLLECTIVIA_KAFKA_PORT", "9092"))
    # Fixed host port: a restarted broker must come back at the address it advertises.
    container = KafkaContainer(KAFKA_IMAGE).with_kraft().with_bind_ports(9093, port)
    container.start()
    kafka = DockerKafka(container, container.get_bootstrap_server())
    _stack_topics(kafka.bootstrap_servers)
    return kafka


def _stack_topics(bootstrap: str) -> None:
    _stack("topics", "--bootstrap", bootstrap)


@dataclass(frozen=True)
class LakeScaleOut:
    """The lake's scale-out path, running: an Iceberg SQL catalog on PostgreSQL, its warehouse
    on an S3-compatible server (versitygw) and Trino reading the same tables. The credentials
    are the fixed development ones of ``infra/collectivia_stack/config.py`` (LakeCredentials);
    ports follow the launcher's variables (COLLECTIVIA_POSTGRES_PORT, _S3_PORT, _TRINO_PORT)."""

    # pyiceberg's SqlCatalog name, equal to Trino's iceberg.jdbc-catalog.catalog-name: the
    # Iceberg JDBC catalog keys its rows by this name.
    catalog_name: str
    catalog_url: str  # SQLAlchemy URL (psycopg2 driver): pyiceberg's SqlCatalog ``uri``
    warehouse: str  # s3://lake-warehouse/warehouse
    s3_endpoint: str
    s3_access_key_id: str
    s3_secret_access_key: str
    s3_region: str
    trino_host: str
    trino_port: int
    trino_catalog: str  # Trino's catalog name for these tables

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> LakeScaleOut:
        env = dict(os.environ) if env is None else env
        postgres_port = int(env.get("COLLECTIVIA_POSTGRES_PORT", "55432"))
        s3_port = int(env.get("COLLECTIVIA_S3_PORT", "7070"))
        return cls(
            catalog_name="lake",
            catalog_url=(
                f"postgresql+psycopg2://lake:{LAKE_DEV_SECRET}@127.0.0.1:{postgres_port}/lake_catalog"
            ),
            warehouse="s3://lake-warehouse/warehouse",
            s3_endpoint=f"http://127.0.0.1:{s3_port}",
            s3_access_key_id="lake-dev",
            s3_secret_access_key=LAKE_DEV_SECRET,
            s3_region="us-east-1",
            trino_host="127.0.0.1",
            trino_port=int(env.get("COLLECTIVIA_TRINO_PORT", "8095")),
            trino_catalog="lake",
        )

    def catalog_properties(self) -> dict[str, str]:
        """Properties of ``pyiceberg.catalog.sql.SqlCatalog(self.catalog_name, **props)``:
        the catalog database, the warehouse, and PyArrow's S3 file system pointed at versitygw
        (path-style requests; the region given, so pyiceberg never asks AWS for it)."""
        return {
            "uri": self.catalog_url,
            "warehouse": self.warehouse,
            "py-io-impl": "pyiceberg.io.pyarrow.PyArrowFileIO",
            "s3.endpoint": self.s3_endpoint,
            "s3.access-key-id": self.s3_access_key_id,
            "s3.secret-access-key": self.s3_secret_access_key,
            "s3.region": self.s3_region,
            "s3.force-virtual-addressing": "false",
        }

    def trino_connection(self, schema: str | None = None, user: str = "collectivia-tests") -> Any:
        """A DB-API connection (``trino.dbapi``) to Trino, on this catalog (and schema)."""
        import trino.dbapi

        return trino.dbapi.connect(  # type: ignore[no-untyped-call]
            host=self.trino_host,
            port=self.trino_port,
            user=user,
            catalog=self.trino_catalog,
            schema=schema,
            http_scheme="http",
        )


def start_lake_scale_out() -> LakeScaleOut:
    """PostgreSQL, versitygw and Trino, started by the launcher (reused when already up; the
    first run on a machine builds versitygw and downloads Trino, about 1.5 min)."""
    _stack("up", "lake-scale-out")
    return LakeScaleOut.from_env()


def start_postgres() -> str:
    """PostgreSQL alone, started by the launcher (reused when already up): the SQLAlchemy
    URL of its development database (the lake's catalog one; tests use a schema of their
    own in it)."""
    _stack("up", "postgres")
    return LakeScaleOut.from_env().catalog_url


def start_keycloak() -> KeycloakServer:
    if server_mode() == "native":
        _stack("up", "keycloak")
        return NativeKeycloak()
    from testcontainers.keycloak import KeycloakContainer

    container = KeycloakContainer(KEYCLOAK_IMAGE).with_realm_import_file(str(realm_file()))
    container.start()
    return DockerKeycloak(container, container.get_url(), container.username, container.password)
