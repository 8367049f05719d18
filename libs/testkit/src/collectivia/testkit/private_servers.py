"""A Kafka or a Keycloak of a test's own, on other ports, for the tests that stop them while
the suite is in use: the shared servers other tests use are never touched.

Each is started by the repository's launcher (``infra/stack.py``) with its own run folder
and ports (the ``COLLECTIVIA_*_PORT`` variables); the Keycloak also gets a home of its own
(its ``data/`` folder holds a transaction log that two servers must not share), linked to the
cached distribution's jars.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from collectivia.testkit.processes import free_port
from collectivia.testkit.servers import ServerStartError, repository_root

KEYCLOAK_VERSION = "26.5.6"  # infra/collectivia_stack/config.py: the cached distribution


@dataclass
class _Launched:
    """One server of the launcher, started and stopped with the same environment."""

    server: str  # "kafka" or "keycloak"
    environment: dict[str, str]

    def _stack(self, *args: str) -> None:
        root = repository_root()
        command = [sys.executable, str(root / "infra" / "stack.py"), *args, self.server]
        result = subprocess.run(
            command,
            cwd=root,
            env={**os.environ, **self.environment},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ServerStartError(
                f"`{' '.join(args)} {self.server}` failed:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )

    def start(self) -> None:
        """Start it (or find it running) and wait until it is healthy."""
        self._stack("up")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL: it is gone when this returns."""
        self._stack("down")


@dataclass
class PrivateKafka:
    bootstrap_servers: str
    launched: _Launched

    def start(self) -> None:
        self.launched.start()

    def stop(self) -> None:
        self.launched.stop()

    def restart(self) -> None:
        self.stop()
        self.start()

    def reachable(self) -> bool:
        """Whether its broker port accepts a connection."""
        host, port = self.bootstrap_servers.rsplit(":", 1)
        return _accepts(host, int(port))


@dataclass
class PrivateKeycloak:
    url: str
    launched: _Launched
    admin_username: str = "admin"
    admin_password: str = "admin"

    def start(self) -> None:
        self.launched.start()

    def stop(self) -> None:
        self.launched.stop()

    def reachable(self) -> bool:
        """Whether its HTTP port accepts a connection."""
        return _accepts("127.0.0.1", int(self.url.rsplit(":", 1)[1]))


def _accepts(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def start_private_kafka(folder: Path) -> PrivateKafka:
    """A single-node Kafka with the suite's topics, its data in ``folder``, on free ports."""
    port = free_port()
    environment = {
        "COLLECTIVIA_RUN_DIR": str(folder),
        "COLLECTIVIA_KAFKA_PORT": str(port),
        "COLLECTIVIA_KAFKA_CONTROLLER_PORT": str(free_port()),
    }
    kafka = PrivateKafka(f"127.0.0.1:{port}", _Launched("kafka", environment))
    kafka.start()
    return kafka


def _keycloak_home(cache: Path) -> None:
    """A Keycloak home in ``cache`` sharing the cached distribution's jars: ``bin/`` copied
    (kc.sh finds its home from its own real path), ``data/`` its own."""
    shared = repository_root() / ".cache" / f"keycloak-{KEYCLOAK_VERSION}"
    if not (shared / ".resolved").is_file():
        raise ServerStartError(f"{shared} is not resolved: run `infra/stack.py up keycloak`")
    home = cache / f"keycloak-{KEYCLOAK_VERSION}"
    home.mkdir(parents=True, exist_ok=True)
    for entry in shared.iterdir():
        target = home / entry.name
        if target.exists() or entry.name == "data":
            continue
        if entry.name == "bin":
            shutil.copytree(entry, target, symlinks=True)
        else:
            target.symlink_to(entry)
    (home / "data").mkdir(exist_ok=True)


def start_private_keycloak(folder: Path) -> PrivateKeycloak:
    """A dev-mode Keycloak with the ``collectivia`` realm, its home and logs in ``folder``,
    on free ports. Keys are new at each start (in-memory database)."""
    cache = folder / "cache"
    _keycloak_home(cache)
    port = free_port()
    environment = {
        "COLLECTIVIA_CACHE_DIR": str(cache),
        "COLLECTIVIA_RUN_DIR": str(folder / "run"),
        "COLLECTIVIA_KEYCLOAK_PORT": str(port),
        "COLLECTIVIA_KEYCLOAK_MANAGEMENT_PORT": str(free_port()),
    }
    keycloak = PrivateKeycloak(f"http://127.0.0.1:{port}", _Launched("keycloak", environment))
    keycloak.start()
    return keycloak
