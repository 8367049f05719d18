"""Kafka 4.3.1 single node (KRaft, broker + controller) from Maven Central jars."""

from __future__ import annotations

import base64
import logging
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from kafka.admin import KafkaAdminClient

from . import process
from .config import INFRA_DIR, KAFKA_VERSION, StackConfig, StackError
from .tooling import run_mvn

log = logging.getLogger(__name__)
NAME = "kafka"
MARKER = "kafka.Kafka"  # in the broker's command line: tells a live pid from a reused one
POM = INFRA_DIR / "kafka" / "pom.xml"
BROKER_LOG4J = INFRA_DIR / "kafka" / "log4j2.xml"
TOOLS_LOG4J = INFRA_DIR / "kafka" / "tools-log4j2.xml"
BROKER_HEAP = ("-Xms128m", "-Xmx512m")
TOOLS_HEAP = ("-Xmx512m",)


def libs_dir(cfg: StackConfig) -> Path:
    return cfg.kafka_home / "libs"


def resolve(cfg: StackConfig, java: Path) -> bool:
    """Copy the Kafka jars into the cache; False when they were already there."""
    done = cfg.kafka_home / ".resolved"
    if done.is_file():
        return False
    partial = cfg.kafka_home / "libs.partial"
    shutil.rmtree(partial, ignore_errors=True)
    cfg.kafka_home.mkdir(parents=True, exist_ok=True)
    run_mvn(
        "resolve kafka",
        [
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={partial}",
        ],
        cwd=cfg.kafka_home,
        java=java,
    )
    if not any(partial.glob(f"kafka_2.13-{KAFKA_VERSION}.jar")):
        raise StackError("resolve kafka", f"kafka_2.13-{KAFKA_VERSION}.jar missing after Maven run")
    shutil.rmtree(libs_dir(cfg), ignore_errors=True)
    partial.rename(libs_dir(cfg))
    done.write_text(f"kafka {KAFKA_VERSION}\n")
    return True


def java_command(
    cfg: StackConfig,
    java: Path,
    main: str,
    args: Sequence[str],
    *,
    heap: Sequence[str],
    log4j: Path,
) -> list[str]:
    return [
        str(java),
        *heap,
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={log4j}",
        f"-Dkafka.logs.dir={cfg.logs_dir}",
        "-cp",
        str(libs_dir(cfg) / "*"),
        main,
        *args,
    ]


def server_properties(cfg: StackConfig) -> str:
    plain, ctrl = cfg.kafka_port, cfg.kafka_controller_port
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{ctrl}",
        "listeners": f"PLAINTEXT://127.0.0.1:{plain},CONTROLLER://127.0.0.1:{ctrl}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{plain}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(cfg.kafka_data_dir),
        "num.partitions": "3",
        "default.replication.factor": "1",
        "auto.create.topics.enable": "false",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "num.network.threads": "2",
        "num.io.threads": "4",
    }
    return "".join(f"{key}={value}\n" for key, value in props.items())


def _write_properties(cfg: StackConfig) -> Path:
    path = cfg.run_dir / "kafka" / "server.properties"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(server_properties(cfg))
    return path


def cluster_id() -> str:
    """A random KRaft cluster id, never starting with "-": the storage tool would read it as an
    option ("--cluster-id: expected one argument", one format in 64). Kafka's own
    ``Uuid.randomUuid`` draws again for the same reason."""
    while True:
        drawn = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not drawn.startswith("-"):
            return drawn


def ensure_formatted(cfg: StackConfig, java: Path, props: Path) -> bool:
    """Format the KRaft storage once; False when the data folder was already formatted."""
    if (cfg.kafka_data_dir / "meta.properties").is_file():
        return False
    cmd = java_command(
        cfg,
        java,
        "kafka.tools.StorageTool",
        ["format", "-t", cluster_id(), "-c", str(props)],
        heap=TOOLS_HEAP,
        log4j=TOOLS_LOG4J,
    )
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if out.returncode != 0:
        raise StackError(
            "format kafka storage", f"StorageTool failed:\n{(out.stdout + out.stderr)[-3000:]}"
        )
    return True


def healthy(cfg: StackConfig) -> bool:
    """A metadata round trip through kafka-python's admin client succeeds."""
    if not process.port_in_use(cfg.kafka_port):
        return False
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=cfg.kafka_bootstrap,
            client_id="collectivia-stack-health",
            request_timeout_ms=5000,
        )
    except Exception:
        return False
    try:
        return bool(admin.describe_cluster().get("brokers"))
    except Exception:
        return False
    finally:
        admin.close()


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[
            (cfg.kafka_port, "COLLECTIVIA_KAFKA_PORT"),
            (cfg.kafka_controller_port, "COLLECTIVIA_KAFKA_CONTROLLER_PORT"),
        ],
        healthy=lambda: healthy(cfg),
        start_timeout=90,
    )


def start(cfg: StackConfig, java: Path) -> None:
    def launch() -> subprocess.Popen[bytes]:
        cfg.logs_dir.mkdir(parents=True, exist_ok=True)
        props = _write_properties(cfg)
        began = time.monotonic()
        formatted = ensure_formatted(cfg, java, props)
        state = "done" if formatted else "already formatted"
        log.info("format kafka storage: %s (%.1f s)", state, time.monotonic() - began)
        cmd = java_command(
            cfg, java, "kafka.Kafka", [str(props)], heap=BROKER_HEAP, log4j=BROKER_LOG4J
        )
        return process.start_detached(
            cmd,
            env=os.environ,
            log_file=cfg.log_file(NAME),
            pid_file=cfg.pid_file(NAME),
            cwd=cfg.run_dir,
        )

    process.ensure_started(server(cfg), launch)


def stop(cfg: StackConfig) -> bool:
    return process.stop(cfg.pid_file(NAME), MARKER)
