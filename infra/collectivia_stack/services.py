"""The CollectivIA services themselves, run from the repository's virtual environment.

Each service is a Python process configured only through its environment variables, as in
production; here they point at the native Kafka and Keycloak and keep data in the run folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from . import process, traces
from .config import INFRA_DIR, REPO_ROOT, StackConfig, StackError


@dataclass(frozen=True)
class Service:
    name: str
    module: str
    env_prefix: str
    http_port: int
    grpc_port: int

    def ports(self, env: Mapping[str, str]) -> tuple[int, int]:
        try:
            return (
                int(env.get(f"{self.env_prefix}HTTP_PORT", self.http_port)),
                int(env.get(f"{self.env_prefix}GRPC_PORT", self.grpc_port)),
            )
        except ValueError as error:
            raise StackError(f"start {self.name}", f"bad port variable: {error}") from None


SERVICES = (
    Service(
        name="ethics-register",
        module="collectivia.ethics_register.main",
        env_prefix="COLLECTIVIA_ETHICS_REGISTER_",
        http_port=8010,
        grpc_port=50061,
    ),
    Service(
        name="citizen-chat",
        module="collectivia.citizen_chat.main",
        env_prefix="COLLECTIVIA_CITIZEN_CHAT_",
        http_port=8020,
        grpc_port=50062,
    ),
    Service(
        name="agent-assistant",
        module="collectivia.agent_assistant.main",
        env_prefix="COLLECTIVIA_AGENT_ASSISTANT_",
        http_port=8030,
        grpc_port=50063,
    ),
    Service(
        name="data-lake",
        module="collectivia.data_lake.main",
        env_prefix="COLLECTIVIA_DATA_LAKE_",
        http_port=8040,
        grpc_port=50064,
    ),
    Service(
        name="officials-analytics",
        module="collectivia.officials_analytics.main",
        env_prefix="COLLECTIVIA_OFFICIALS_ANALYTICS_",
        http_port=8050,
        grpc_port=50066,
    ),
)


def service_named(name: str) -> Service:
    return next(service for service in SERVICES if service.name == name)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback URL)
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def service_url(service: Service) -> str:
    return f"http://127.0.0.1:{service.ports(os.environ)[0]}"


DEMO_PUBLIC_CONTACTS = (
    "11 boulevard Solidarité, 57070 Metz",
    "algorithmes@demo.collectivia.fr",
    "donnees@demo.collectivia.fr",
    "eau@demo.collectivia.fr",
    "@demo.collectivia.fr",  # its services' mailboxes, not its agents' own addresses
)


def _environment(cfg: StackConfig, service: Service) -> dict[str, str]:
    http_port, grpc_port = service.ports(os.environ)
    env = dict(os.environ)
    env.setdefault("COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS", cfg.kafka_bootstrap)
    env.setdefault("COLLECTIVIA_KEYCLOAK_URL", cfg.keycloak_url)
    if traces.running_pid(cfg) is not None:
        # Spans to the local Jaeger (`up traces`), one trace per request across the services.
        env.setdefault("COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT", cfg.jaeger_otlp_endpoint)
    # The demo collectivity's own public contacts: not personal data, left unmasked.
    env.setdefault("COLLECTIVIA_PRIVACY_PUBLIC_CONTACTS", json.dumps(DEMO_PUBLIC_CONTACTS))
    env.setdefault(f"{service.env_prefix}HTTP_PORT", str(http_port))
    env.setdefault(f"{service.env_prefix}GRPC_PORT", str(grpc_port))
    env.setdefault(
        f"{service.env_prefix}DATABASE_URL", f"sqlite:///{cfg.run_dir / service.name}.db"
    )
    if service.name == "ethics-register":
        _register_environment(env)
    if service.name == "citizen-chat":
        _chat_environment(cfg, env)
    if service.name == "agent-assistant":
        _assistant_environment(env)
    if service.name == "data-lake":
        _lake_environment(cfg, env)
    if service.name == "officials-analytics":
        _analytics_environment(cfg, env)
    return env


def _register_environment(env: dict[str, str]) -> None:
    """The register looks the data sources' dataset ids up in the lake where it runs. The lake
    starts after the register: it is only asked when an entry goes to review, once all run."""
    _, lake_grpc = service_named("data-lake").ports(env)
    env.setdefault("COLLECTIVIA_ETHICS_REGISTER_LAKE_GRPC_TARGET", f"127.0.0.1:{lake_grpc}")


def _chat_environment(cfg: StackConfig, env: dict[str, str]) -> None:
    """The chat reads the demo pages, keeps its vectors in the cache (a second start embeds
    nothing) and its index in the run folder, and finds the register where it runs."""
    register_http, register_grpc = SERVICES[0].ports(env)
    env.setdefault("COLLECTIVIA_CITIZEN_CHAT_KNOWLEDGE_DIR", str(INFRA_DIR / "demo" / "knowledge"))
    env.setdefault(
        "COLLECTIVIA_CITIZEN_CHAT_EMBEDDING_CACHE",
        str(cfg.cache_dir / "citizen-chat" / "embeddings.db"),
    )
    env.setdefault("COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH", str(cfg.run_dir / "citizen-chat-qdrant"))
    env.setdefault("COLLECTIVIA_CITIZEN_CHAT_REGISTER_GRPC_TARGET", f"127.0.0.1:{register_grpc}")
    env.setdefault("COLLECTIVIA_CITIZEN_CHAT_REGISTER_URL", f"http://127.0.0.1:{register_http}")
    env.setdefault(
        "COLLECTIVIA_CITIZEN_CHAT_REGISTER_PUBLIC_URL", f"http://127.0.0.1:{register_http}"
    )


def _assistant_environment(env: dict[str, str]) -> None:
    """The assistant finds the register (gate, system look-up) and the chat (Search) where
    they run."""
    register_http, register_grpc = SERVICES[0].ports(env)
    _, chat_grpc = SERVICES[1].ports(env)
    prefix = "COLLECTIVIA_AGENT_ASSISTANT_"
    env.setdefault(f"{prefix}REGISTER_GRPC_TARGET", f"127.0.0.1:{register_grpc}")
    env.setdefault(f"{prefix}REGISTER_URL", f"http://127.0.0.1:{register_http}")
    env.setdefault(f"{prefix}CHAT_GRPC_TARGET", f"127.0.0.1:{chat_grpc}")


def _lake_environment(cfg: StackConfig, env: dict[str, str]) -> None:
    """The embedded lake: its Iceberg catalog (SQLite) and warehouse in the run folder."""
    prefix = "COLLECTIVIA_DATA_LAKE_"
    env.setdefault(f"{prefix}CATALOG_URL", f"sqlite:///{cfg.run_dir / 'data-lake-catalog.db'}")
    env.setdefault(f"{prefix}WAREHOUSE", str(cfg.run_dir / "data-lake-warehouse"))
    env.setdefault(f"{prefix}QUARANTINE_FOLDER", str(cfg.run_dir / "data-lake-quarantine"))
    shared_schemas = REPO_ROOT.parent / "shared" / "lake" / "schemas"
    # The suite's own reference schemas (the member communes), always; the national ones as
    # CI and the demo have them.
    folders = [str(INFRA_DIR / "demo" / "schemas")]
    if shared_schemas.is_dir():
        folders.insert(0, str(shared_schemas))
    env.setdefault(f"{prefix}SCHEMA_FOLDERS", json.dumps(folders))


def _analytics_environment(cfg: StackConfig, env: dict[str, str]) -> None:
    """The analytics tables live in the lake's catalog (a namespace of their own); the
    forecasts ask the register's gate and link its public pages."""
    prefix = "COLLECTIVIA_OFFICIALS_ANALYTICS_"
    env.setdefault(f"{prefix}CATALOG_URL", f"sqlite:///{cfg.run_dir / 'data-lake-catalog.db'}")
    env.setdefault(f"{prefix}WAREHOUSE", str(cfg.run_dir / "data-lake-warehouse"))
    register_http, register_grpc = SERVICES[0].ports(env)
    env.setdefault(f"{prefix}REGISTER_GRPC_TARGET", f"127.0.0.1:{register_grpc}")
    env.setdefault(f"{prefix}REGISTER_PUBLIC_URL", f"http://127.0.0.1:{register_http}")


def start(cfg: StackConfig, service: Service) -> None:
    http_port, grpc_port = service.ports(os.environ)
    server = process.Server(
        name=service.name,
        pid_file=cfg.pid_file(service.name),
        log_file=cfg.log_file(service.name),
        marker=service.module,
        ports=[
            (http_port, f"{service.env_prefix}HTTP_PORT"),
            (grpc_port, f"{service.env_prefix}GRPC_PORT"),
        ],
        # Ready: started, its consumer placed on its partitions (/healthz: merely alive).
        healthy=lambda: _healthy(f"http://127.0.0.1:{http_port}/readyz"),
        start_timeout=90,
    )

    def launch() -> subprocess.Popen[bytes]:
        return process.start_detached(
            [sys.executable, "-m", service.module],
            env=_environment(cfg, service),
            log_file=server.log_file,
            pid_file=server.pid_file,
            cwd=cfg.run_dir,
        )

    process.ensure_started(server, launch)


def run_command(cfg: StackConfig, service: Service, command: str) -> str:
    """One of the service's maintenance commands, in its environment, until it ends."""
    result = subprocess.run(
        [sys.executable, "-m", service.module, command],
        env=_environment(cfg, service),
        cwd=cfg.run_dir,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stderr or result.stdout)[-2000:]
        raise StackError(f"{service.name} {command}", output)
    return result.stdout + result.stderr


def stop(cfg: StackConfig, service: Service) -> bool:
    return process.stop(cfg.pid_file(service.name), service.module)


def running_pid(cfg: StackConfig, service: Service) -> int | None:
    return process.read_pid(cfg.pid_file(service.name), service.module)


def healthy(service: Service) -> bool:
    return _healthy(f"{service_url(service)}/healthz")
