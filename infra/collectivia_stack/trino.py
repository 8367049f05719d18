"""Trino 476, the lake's scale-out query engine: one coordinator that is its own worker,
reading the Iceberg tables pyiceberg writes (JDBC catalog on PostgreSQL, files on versitygw).

The server tarball comes once from Maven Central (through Maven, like Keycloak) into the
cache, pruned to the Iceberg plugin; etc/ is written under ``<run>/trino`` at every start, so
a port change takes effect. Trino 476 needs Java 24+: a JDK of its own, found apart from the
Java 17 that runs Kafka and Maven.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from . import process
from .config import LAKE, TRINO_MIN_JAVA, TRINO_VERSION, StackConfig, StackError
from .tooling import java_home_of, java_major, run_mvn

log = logging.getLogger(__name__)
NAME = "trino"
MAIN_CLASS = "io.trino.server.TrinoServer"
MARKER = MAIN_CLASS
ARTIFACT = f"io.trino:trino-server:{TRINO_VERSION}:tar.gz"
# The distribution ships some 60 plugins; loading only these halves the start time.
PLUGINS = ("iceberg",)
JVM_CONFIG = (
    "-server",
    "-Xms256M",
    "-Xmx1536M",
    "-XX:+UseG1GC",
    "-XX:G1HeapRegionSize=32M",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:ReservedCodeCacheSize=256M",
    "-XX:PerMethodRecompilationCutoff=10000",
    "-XX:PerBytecodeRecompilationCutoff=10000",
    "-XX:+EnableDynamicAgentLoading",
    "-Djdk.attach.allowAttachSelf=true",
    "-Djdk.nio.maxCachedBufferSize=2000000",
    "-Dfile.encoding=UTF-8",
    # Java 24+ warns about these, used by Trino's libraries (JNA, JOL): allowed, no warning.
    "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow",
)
_INSTALL_JAVA = (
    f"Trino {TRINO_VERSION} needs Java {TRINO_MIN_JAVA}+: install a JDK {TRINO_MIN_JAVA} or "
    "newer (e.g. Eclipse Temurin 25) and set COLLECTIVIA_TRINO_JAVA_HOME to it (the folder "
    "holding bin/java); it is also found in /usr/lib/jvm or as JAVA_HOME"
)


def _java_candidates() -> list[Path]:
    homes = [os.environ.get("JAVA_HOME", "")]
    found = [Path(home) / "bin" / "java" for home in homes if home]
    on_path = shutil.which("java")
    if on_path:
        found.append(Path(on_path).resolve())
    for root in (Path("/usr/lib/jvm"), Path("/opt/java")):
        if root.is_dir():
            found += sorted(root.glob("*/bin/java"), reverse=True)
    return found


def find_java() -> Path:
    """A Java 24+ runtime: COLLECTIVIA_TRINO_JAVA_HOME, else the newest of JAVA_HOME, java on
    PATH and the JDKs under /usr/lib/jvm."""
    override = os.environ.get("COLLECTIVIA_TRINO_JAVA_HOME")
    if override:
        java = Path(override) / "bin" / "java"
        if not java.is_file():
            raise StackError("check trino java", f"{java} does not exist; {_INSTALL_JAVA}")
        major = java_major(java)
        if major < TRINO_MIN_JAVA:
            raise StackError("check trino java", f"{java} is Java {major}; {_INSTALL_JAVA}")
        return java
    best: tuple[int, Path] | None = None
    seen: set[Path] = set()
    for java in _java_candidates():
        real = java.resolve()
        if real in seen or not real.is_file():
            continue
        seen.add(real)
        try:
            major = java_major(real)
        except StackError:
            continue
        if major >= TRINO_MIN_JAVA and (best is None or major > best[0]):
            best = (major, real)
    if best is None:
        raise StackError("check trino java", f"no Java {TRINO_MIN_JAVA}+ found; {_INSTALL_JAVA}")
    return best[1]


def resolve(cfg: StackConfig, maven_java: Path) -> bool:
    """Download (through Maven) and extract the server, keeping only PLUGINS; False when it
    was already in the cache."""
    done = cfg.trino_home / ".resolved"
    if done.is_file():
        return False
    downloads = cfg.cache_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / f"trino-server-{TRINO_VERSION}.tar.gz"
    if not archive.is_file():
        run_mvn(
            "resolve trino",
            ["dependency:copy", f"-Dartifact={ARTIFACT}", f"-DoutputDirectory={downloads}"],
            cwd=downloads,
            java=maven_java,
        )
        if not archive.is_file():
            raise StackError("resolve trino", f"{archive} missing after the Maven run")
        # Maven keeps a second copy (some 800 MB) in its local repository: not needed again.
        shutil.rmtree(
            Path.home() / ".m2" / "repository" / "io" / "trino" / "trino-server" / TRINO_VERSION,
            ignore_errors=True,
        )
    partial = cfg.cache_dir / f"trino-server-{TRINO_VERSION}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(partial, filter="data")
    except (OSError, tarfile.TarError) as exc:
        raise StackError("resolve trino", f"cannot extract {archive}: {exc}") from exc
    top = partial / f"trino-server-{TRINO_VERSION}"
    if not (top / "lib").is_dir() or not all((top / "plugin" / p).is_dir() for p in PLUGINS):
        raise StackError("resolve trino", f"{archive} does not hold lib/ and {PLUGINS}")
    for plugin in (top / "plugin").iterdir():
        if plugin.name not in PLUGINS:
            shutil.rmtree(plugin)
    shutil.rmtree(cfg.trino_home, ignore_errors=True)
    top.rename(cfg.trino_home)
    shutil.rmtree(partial, ignore_errors=True)
    archive.unlink()
    done.write_text(f"trino-server {TRINO_VERSION}, plugins {', '.join(PLUGINS)}\n")
    return True


def _properties(props: dict[str, str]) -> str:
    return "".join(f"{key}={value}\n" for key, value in props.items())


def node_properties(cfg: StackConfig) -> dict[str, str]:
    return {
        "node.environment": "collectivia_dev",
        "node.id": "collectivia-dev-coordinator",
        "node.data-dir": str(cfg.trino_dir / "data"),
        "node.bind-ip": "127.0.0.1",
        "node.internal-address": "127.0.0.1",
    }


def config_properties(cfg: StackConfig) -> dict[str, str]:
    etc = cfg.trino_dir / "etc"
    return {
        "coordinator": "true",
        "node-scheduler.include-coordinator": "true",
        "http-server.http.port": str(cfg.trino_port),
        "discovery.uri": cfg.trino_url,
        # Sized for a 2-core, small-heap dev machine (-Xmx1536M): 1 GiB for queries.
        "query.max-memory": "768MB",
        "query.max-memory-per-node": "768MB",
        "memory.heap-headroom-per-node": "384MB",
        "task.concurrency": "2",
        "http-server.log.enabled": "false",
        "plugin.dir": str(cfg.trino_home / "plugin"),
        "catalog.config-dir": str(etc / "catalog"),
        "catalog.management": "static",
    }


def catalog_properties(cfg: StackConfig) -> dict[str, str]:
    """The `lake` catalog: Iceberg, JDBC catalog on PostgreSQL, native S3 file system."""
    return {
        "connector.name": "iceberg",
        "iceberg.catalog.type": "jdbc",
        "iceberg.jdbc-catalog.catalog-name": LAKE.catalog_name,
        "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
        "iceberg.jdbc-catalog.connection-url": cfg.postgres_jdbc_url,
        "iceberg.jdbc-catalog.connection-user": LAKE.postgres_user,
        "iceberg.jdbc-catalog.connection-password": LAKE.postgres_password,
        "iceberg.jdbc-catalog.default-warehouse-dir": cfg.warehouse,
        "fs.native-s3.enabled": "true",
        "s3.endpoint": cfg.s3_endpoint,
        "s3.region": LAKE.s3_region,
        "s3.path-style-access": "true",
        "s3.aws-access-key": LAKE.s3_access_key_id,
        "s3.aws-secret-key": LAKE.s3_secret_access_key,
    }


LOG_PROPERTIES = {"io.trino": "INFO", "org.apache.iceberg": "WARN"}


def write_etc(cfg: StackConfig, java: Path) -> Path:
    """etc/ as Trino's own launcher reads it (`bin/launcher run --etc-dir <run>/trino/etc
    --data-dir <run>/trino/data` works too); the launch below passes the same settings."""
    etc = cfg.trino_dir / "etc"
    (etc / "catalog").mkdir(parents=True, exist_ok=True)
    (cfg.trino_dir / "data").mkdir(parents=True, exist_ok=True)
    (etc / "node.properties").write_text(_properties(node_properties(cfg)))
    (etc / "jvm.config").write_text("\n".join(JVM_CONFIG) + "\n")
    (etc / "config.properties").write_text(_properties(config_properties(cfg)))
    (etc / "log.properties").write_text(_properties(LOG_PROPERTIES))
    catalog = etc / "catalog" / f"{LAKE.catalog_name}.properties"
    catalog.write_text(_properties(catalog_properties(cfg)))
    catalog.chmod(0o600)  # it holds the dev passwords
    (etc / "java-home").write_text(f"{java_home_of(java)}\n")
    return etc


def java_command(cfg: StackConfig, java: Path, etc: Path) -> list[str]:
    return [
        str(java),
        *JVM_CONFIG,
        *(f"-D{key}={value}" for key, value in node_properties(cfg).items()),
        f"-Dconfig={etc / 'config.properties'}",
        f"-Dlog.levels-file={etc / 'log.properties'}",
        "-cp",
        str(cfg.trino_home / "lib" / "*"),
        MAIN_CLASS,
    ]


def info(cfg: StackConfig) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"{cfg.trino_url}/v1/info", timeout=3) as resp:  # noqa: S310
            answer = json.load(resp)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def healthy(cfg: StackConfig) -> bool:
    """/v1/info answers and says the server is no longer starting."""
    answer = info(cfg)
    return answer is not None and answer.get("starting") is False


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[(cfg.trino_port, "COLLECTIVIA_TRINO_PORT")],
        healthy=lambda: healthy(cfg),
        start_timeout=240,
    )


def start(cfg: StackConfig, java: Path) -> None:
    def launch() -> subprocess.Popen[bytes]:
        cfg.logs_dir.mkdir(parents=True, exist_ok=True)
        etc = write_etc(cfg, java)
        return process.start_detached(
            java_command(cfg, java, etc),
            env=dict(os.environ, JAVA_HOME=str(java_home_of(java))),
            log_file=cfg.log_file(NAME),
            pid_file=cfg.pid_file(NAME),
            cwd=cfg.trino_dir / "data",
        )

    process.ensure_started(server(cfg), launch)


def stop(cfg: StackConfig) -> bool:
    return process.stop(cfg.pid_file(NAME), MARKER, timeout=30)
