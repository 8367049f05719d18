"""Keycloak 26.5.6 in dev mode with the collectivia realm imported at every start."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from . import process
from .config import INFRA_DIR, KEYCLOAK_VERSION, StackConfig, StackError
from .tooling import java_home_of, run_mvn

log = logging.getLogger(__name__)
NAME = "keycloak"
# In the command line of kc.sh and of the JVM it runs (or execs into after a re-augmentation).
MARKER = f"keycloak-{KEYCLOAK_VERSION}"
REALM_FILE = INFRA_DIR / "keycloak" / "realm-collectivia.json"
ARTIFACT = f"org.keycloak:keycloak-quarkus-dist:{KEYCLOAK_VERSION}:tar.gz"
HEAP = "-Xms64m -Xmx768m"
# Development only: bootstrap admin of the master realm, loopback-bound server.
DEV_ADMIN = ("admin", "admin")


def resolve(cfg: StackConfig, java: Path) -> bool:
    """Download and extract the server distribution; False when already in the cache."""
    done = cfg.keycloak_home / ".resolved"
    if done.is_file():
        return False
    downloads = cfg.cache_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    run_mvn(
        "resolve keycloak",
        ["dependency:copy", f"-Dartifact={ARTIFACT}", f"-DoutputDirectory={downloads}"],
        cwd=downloads,
        java=java,
    )
    archive = downloads / f"keycloak-quarkus-dist-{KEYCLOAK_VERSION}.tar.gz"
    if not archive.is_file():
        raise StackError("resolve keycloak", f"{archive} missing after the Maven run")
    shutil.rmtree(cfg.keycloak_home, ignore_errors=True)
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(cfg.cache_dir, filter="data")
    except (OSError, tarfile.TarError) as exc:
        raise StackError("resolve keycloak", f"cannot extract {archive}: {exc}") from exc
    kc_sh = cfg.keycloak_home / "bin" / "kc.sh"
    if not kc_sh.is_file():
        raise StackError("resolve keycloak", f"{kc_sh} missing after extraction")
    kc_sh.chmod(0o755)
    archive.unlink()
    done.write_text(f"keycloak {KEYCLOAK_VERSION}\n")
    return True


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:  # noqa: S310 (fixed http URL)
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def healthy(cfg: StackConfig) -> bool:
    """Management /health/ready answers 200 and the realm's OIDC discovery document is served."""
    return _ok(f"{cfg.keycloak_management_url}/health/ready") and _ok(
        f"{cfg.realm_url}/.well-known/openid-configuration"
    )


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[
            (cfg.keycloak_port, "COLLECTIVIA_KEYCLOAK_PORT"),
            (cfg.keycloak_management_port, "COLLECTIVIA_KEYCLOAK_MANAGEMENT_PORT"),
        ],
        healthy=lambda: healthy(cfg),
        start_timeout=180,
    )


def _launch(cfg: StackConfig, java: Path) -> subprocess.Popen[bytes]:
    imports = cfg.keycloak_home / "data" / "import"
    imports.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REALM_FILE, imports / REALM_FILE.name)
    env = dict(
        os.environ,
        JAVA_HOME=str(java_home_of(java)),
        JAVA_OPTS_KC_HEAP=HEAP,
        KC_BOOTSTRAP_ADMIN_USERNAME=DEV_ADMIN[0],
        KC_BOOTSTRAP_ADMIN_PASSWORD=DEV_ADMIN[1],
    )
    cmd = [
        str(cfg.keycloak_home / "bin" / "kc.sh"),
        "start-dev",
        "--db=dev-mem",  # fresh database each start: the realm always matches the JSON file
        "--import-realm",
        "--http-host=127.0.0.1",
        f"--http-port={cfg.keycloak_port}",
        f"--http-management-port={cfg.keycloak_management_port}",
        "--health-enabled=true",
    ]
    return process.start_detached(
        cmd, env=env, log_file=cfg.log_file(NAME), pid_file=cfg.pid_file(NAME), cwd=cfg.run_dir
    )


def start(cfg: StackConfig, java: Path) -> None:
    cfg.logs_dir.mkdir(parents=True, exist_ok=True)
    process.ensure_started(server(cfg), lambda: _launch(cfg, java))


def stop(cfg: StackConfig) -> bool:
    return process.stop(cfg.pid_file(NAME), MARKER)
