"""The launcher's lake scale-out components (PostgreSQL, versitygw, Trino): configuration
and prerequisite checks, no server needed."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from collectivia.testkit.servers import LakeScaleOut
from infra.collectivia_stack import cli, postgres, trino
from infra.collectivia_stack.config import LAKE, StackConfig, StackError

PORTS = {
    "COLLECTIVIA_POSTGRES_PORT": "15432",
    "COLLECTIVIA_S3_PORT": "17070",
    "COLLECTIVIA_TRINO_PORT": "18095",
}


def _cfg(tmp_path: Path, **env: str) -> StackConfig:
    return StackConfig.from_env(
        {
            "COLLECTIVIA_RUN_DIR": str(tmp_path / "run"),
            "COLLECTIVIA_CACHE_DIR": str(tmp_path),
            **env,
        }
    )


def test_the_lake_group_is_apart_from_all() -> None:
    assert cli._targets("lake-scale-out") == ["postgres", "s3", "trino"]
    assert cli._targets("all") == ["kafka", "keycloak", "traces", "services"]
    assert cli._targets("trino") == ["trino"]


def test_ports_default_and_follow_their_variables(tmp_path: Path) -> None:
    default = _cfg(tmp_path)
    assert (default.postgres_port, default.s3_port, default.trino_port) == (55432, 7070, 8095)
    moved = _cfg(tmp_path, **PORTS)
    assert moved.postgres_url() == (
        "postgresql+psycopg2://lake:lake-dev-secret@127.0.0.1:15432/lake_catalog"
    )
    assert moved.s3_endpoint == "http://127.0.0.1:17070"
    assert moved.trino_url == "http://127.0.0.1:18095"
    with pytest.raises(StackError, match="COLLECTIVIA_TRINO_PORT"):
        _cfg(tmp_path, COLLECTIVIA_TRINO_PORT="eighty")


def test_the_test_kit_matches_the_launcher(tmp_path: Path) -> None:
    """The testkit mirrors the launcher's dev credentials: the two must not drift apart."""
    cfg = _cfg(tmp_path, **PORTS)
    kit = LakeScaleOut.from_env(PORTS)
    assert kit.catalog_name == LAKE.catalog_name == kit.trino_catalog
    assert kit.catalog_url == cfg.postgres_url()
    assert kit.warehouse == cfg.warehouse
    assert kit.warehouse.startswith(f"s3://{LAKE.bucket}/")
    assert (kit.s3_endpoint, kit.s3_region) == (cfg.s3_endpoint, LAKE.s3_region)
    assert (kit.s3_access_key_id, kit.s3_secret_access_key) == (
        LAKE.s3_access_key_id,
        LAKE.s3_secret_access_key,
    )
    assert (kit.trino_host, kit.trino_port) == ("127.0.0.1", cfg.trino_port)


def _properties(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_trino_etc_points_the_iceberg_catalog_at_postgres_and_s3(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, **PORTS)
    etc = trino.write_etc(cfg, Path("/opt/jdk/bin/java"))
    catalog = _properties(etc / "catalog" / "lake.properties")
    assert catalog["connector.name"] == "iceberg"
    assert catalog["iceberg.catalog.type"] == "jdbc"
    # Rows of the JDBC catalog are keyed by this name: pyiceberg's SqlCatalog uses it too.
    assert catalog["iceberg.jdbc-catalog.catalog-name"] == "lake"
    assert catalog["iceberg.jdbc-catalog.connection-url"] == (
        "jdbc:postgresql://127.0.0.1:15432/lake_catalog"
    )
    assert catalog["s3.endpoint"] == "http://127.0.0.1:17070"
    assert catalog["fs.native-s3.enabled"] == catalog["s3.path-style-access"] == "true"
    assert (etc / "catalog" / "lake.properties").stat().st_mode & 0o077 == 0
    config = _properties(etc / "config.properties")
    assert config["http-server.http.port"] == "18095"
    assert config["discovery.uri"] == "http://127.0.0.1:18095"
    node = _properties(etc / "node.properties")
    assert node["node.bind-ip"] == node["node.internal-address"] == "127.0.0.1"
    command = trino.java_command(cfg, Path("/opt/jdk/bin/java"), etc)
    assert command[0] == "/opt/jdk/bin/java"
    assert command[-1] == trino.MAIN_CLASS
    assert "-Dnode.bind-ip=127.0.0.1" in command
    assert any(arg.startswith("-Xmx") for arg in command)


def test_trino_refuses_a_java_older_than_24(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLECTIVIA_TRINO_JAVA_HOME", "/nonexistent-jdk")
    with pytest.raises(StackError, match="Java 24"):
        trino.find_java()


def test_missing_postgres_binaries_say_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLLECTIVIA_POSTGRES_BIN_DIR", str(tmp_path))
    assert postgres.find_bin_dir() is None
    with pytest.raises(StackError, match="apt-get install postgresql"):
        postgres.resolve(_cfg(tmp_path))


def test_env_prints_the_data_lake_settings_for_the_scale_out_path(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        cli.env(_cfg(tmp_path), cli._targets("lake-scale-out"))
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in out.getvalue().splitlines()
    )
    assert exports["COLLECTIVIA_DATA_LAKE_CATALOG_NAME"] == "lake"
    assert exports["COLLECTIVIA_DATA_LAKE_WAREHOUSE"] == "s3://lake-warehouse/warehouse"
    assert exports["COLLECTIVIA_DATA_LAKE_S3_ENDPOINT"] == "http://127.0.0.1:7070"
    assert exports["COLLECTIVIA_TRINO_URL"] == "http://127.0.0.1:8095"
    assert "COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS" not in exports
