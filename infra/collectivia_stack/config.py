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

# Environment variable -> default port; the names appear in "port in use" errors.
PORT_VARS = {
    "kafka_port": ("COLLECTIVIA_KAFKA_PORT", 9092),
    "kafka_controller_port": ("COLLECTIVIA_KAFKA_CONTROLLER_PORT", 9093),
    "keycloak_port": ("COLLECTIVIA_KEYCLOAK_PORT", 8080),
    "keycloak_management_port": ("COLLECTIVIA_KEYCLOAK_MANAGEMENT_PORT", 9000),
}


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

    def pid_file(self, server: str) -> Path:
        return self.run_dir / f"{server}.pid"

    def log_file(self, server: str) -> Path:
        return self.logs_dir / f"{server}.log"
