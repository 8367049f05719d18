"""The real Kafka and Keycloak for tests: started natively (no Docker needed) by the
repository's launcher, or with testcontainers where a Docker engine answers.

``COLLECTIVIA_TEST_SERVERS`` chooses: ``native``, ``docker`` or ``auto`` (the default:
Docker when an engine answers, native otherwise).
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


def start_keycloak() -> KeycloakServer:
    if server_mode() == "native":
        _stack("up", "keycloak")
        return NativeKeycloak()
    from testcontainers.keycloak import KeycloakContainer

    container = KeycloakContainer(KEYCLOAK_IMAGE).with_realm_import_file(str(realm_file()))
    container.start()
    return DockerKeycloak(container, container.get_url(), container.username, container.password)
