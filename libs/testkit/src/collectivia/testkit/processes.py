"""A service started through its public entry point — its ``collectivia-<name>`` command, in
a process of its own, configured by environment variables only, as in production — for the
tests of the services that talk to it. Nothing of the service is imported here: tests reach
it through HTTP, gRPC and events.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from collectivia.testkit.servers import KafkaServer, KeycloakServer


class ServiceStartError(RuntimeError):
    pass


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    base_url: str
    grpc_target: str
    # What the process wrote (JSON logs), for the failure messages.
    log: Path

    def log_tail(self, characters: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-characters:]


def env_prefix(name: str) -> str:
    """``ethics-register`` -> ``COLLECTIVIA_ETHICS_REGISTER_``."""
    return "COLLECTIVIA_" + name.upper().replace("-", "_") + "_"


# Ports handed to services in this process, never handed twice.
_HANDED_OUT: set[int] = set()
_PORT_CHOICE = random.SystemRandom()


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default
    return int(low), int(high)


def free_port() -> int:
    """A port no one listens on, below the kernel's ephemeral range: a port the kernel chose
    for a probe may be handed to another process's outgoing connection (a test beside, a
    service's own Kafka client) before the service binds it (« Address already in use »)."""
    low, _ = _ephemeral_range()
    for _ in range(500):
        port = _PORT_CHOICE.randrange(20000, max(low, 20001))
        if port in _HANDED_OUT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    raise RuntimeError("no free port below the ephemeral range")


def platform_environment(kafka: KafkaServer, keycloak: KeycloakServer) -> dict[str, str]:
    """The shared variables of a service under test: the real Kafka and Keycloak, consumers
    starting at the end of the topics, quick dead-lettering, no clock leeway on tokens."""
    return {
        "COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "COLLECTIVIA_KAFKA_AUTO_OFFSET_RESET": "latest",
        "COLLECTIVIA_KAFKA_MAX_DELIVERY_ATTEMPTS": "2",
        "COLLECTIVIA_KAFKA_RETRY_BACKOFF_SECONDS": "0.05",
        "COLLECTIVIA_KEYCLOAK_URL": keycloak.url,
        "COLLECTIVIA_KEYCLOAK_LEEWAY_SECONDS": "0",
        "COLLECTIVIA_TELEMETRY_LOG_LEVEL": "INFO",
    }


def service_environment(name: str, folder: Path, **settings: str) -> dict[str, str]:
    """A service's own variables: free ports, its database in ``folder``, a fresh consumer
    group, and ``settings`` (``system_id="..."`` -> ``COLLECTIVIA_<NAME>_SYSTEM_ID``)."""
    prefix = env_prefix(name)
    values = {
        "http_port": str(free_port()),
        "grpc_port": str(free_port()),
        "database_url": f"sqlite:///{folder / (name + '.db')}",
        "consumer_group": f"{name}-test-{uuid.uuid4().hex[:8]}",
        **settings,
    }
    return {prefix + key.upper(): value for key, value in values.items()}


def register_settings(register: ServiceProcess) -> dict[str, str]:
    """A service's settings that point it at ``register`` (gate, API, public pages), for
    ``service_environment``."""
    return {
        "register_grpc_target": register.grpc_target,
        "register_url": register.base_url,
        "register_public_url": register.base_url,
    }


def lake_settings(lake: ServiceProcess) -> dict[str, str]:
    """A service's settings that point it at ``lake`` (its gRPC ``DataLakeService``), for
    ``service_environment``."""
    return {"lake_grpc_target": lake.grpc_target}


def entry_point(name: str) -> list[str]:
    """The service's command beside this interpreter (the workspace's virtual environment)."""
    command = Path(sys.executable).parent / f"collectivia-{name}"
    if command.is_file():
        return [str(command)]
    found = shutil.which(f"collectivia-{name}")
    if found is None:
        raise ServiceStartError(f"collectivia-{name} is not installed in this environment")
    return [found]


@contextmanager
def running_process(
    name: str,
    environment: Mapping[str, str],
    *,
    folder: Path,
    ready_timeout: float = 120.0,
) -> Iterator[ServiceProcess]:
    """Start ``collectivia-<name>`` with ``environment`` (over this process's own), wait
    until ``/readyz`` answers 200, stop it (SIGTERM, then SIGKILL) when the block ends."""
    prefix = env_prefix(name)
    env = {**os.environ, **environment}
    http_port, grpc_port = env[prefix + "HTTP_PORT"], env[prefix + "GRPC_PORT"]
    log = folder / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            entry_point(name), env=env, stdout=output, stderr=subprocess.STDOUT, cwd=folder
        )
    running = ServiceProcess(name, f"http://127.0.0.1:{http_port}", f"127.0.0.1:{grpc_port}", log)
    try:
        _wait_ready(process, running, ready_timeout)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_ready(process: subprocess.Popen[bytes], running: ServiceProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceStartError(
                f"{running.name} exited with {process.returncode}:\n{running.log_tail()}"
            )
        if _answers(f"{running.base_url}/readyz"):
            return
        time.sleep(0.2)
    raise ServiceStartError(f"{running.name} not ready in {timeout:.0f} s:\n{running.log_tail()}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URL)
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False
