"""PostgreSQL from the machine's packages: the Iceberg catalog database of the lake's
scale-out path (pyiceberg's SqlCatalog and Trino's Iceberg JDBC catalog share it).

A cluster of its own in ``<run>/postgres-data``, TCP on 127.0.0.1 only, no Unix socket,
password (SCRAM) authentication; created once with the ``lake`` role and its ``lake_catalog``
database. PostgreSQL refuses to run as root: as root, it runs as the ``postgres`` user.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import process
from .config import LAKE, StackConfig, StackError

log = logging.getLogger(__name__)
NAME = "postgres"
MARKER = "postgres-data"  # in the postmaster's command line (-D <run>/postgres-data)
PACKAGES_ROOT = Path("/usr/lib/postgresql")  # Debian/Ubuntu: /usr/lib/postgresql/<major>/bin
SERVER_USER = "postgres"  # the system user of Debian's package, used when we are root
_INSTALL = (
    "install the PostgreSQL server (Debian/Ubuntu: `sudo apt-get install postgresql`, "
    "macOS: `brew install postgresql`) or set COLLECTIVIA_POSTGRES_BIN_DIR to the folder "
    "holding initdb, postgres and pg_ctl"
)


def _has_server(folder: Path) -> bool:
    return all((folder / tool).is_file() for tool in ("initdb", "postgres", "pg_ctl"))


def _candidates() -> list[Path]:
    override = os.environ.get("COLLECTIVIA_POSTGRES_BIN_DIR")
    if override:
        return [Path(override)]
    found = []
    if PACKAGES_ROOT.is_dir():
        majors = [d for d in PACKAGES_ROOT.iterdir() if d.name.isdigit()]
        found += [d / "bin" for d in sorted(majors, key=lambda d: int(d.name), reverse=True)]
    on_path = shutil.which("postgres") or shutil.which("initdb")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    return found


def find_bin_dir() -> Path | None:
    """The newest server binaries folder: COLLECTIVIA_POSTGRES_BIN_DIR, Debian's packages
    (/usr/lib/postgresql/<major>/bin), or initdb/postgres on PATH."""
    return next((d for d in _candidates() if _has_server(d)), None)


def _apt_install() -> None:
    """As root with apt-get (CI, a fresh Debian machine): install Debian's server, without the
    `main` cluster its package would otherwise create and start on port 5432."""
    log.info("install postgresql: not found; installing Debian's package (apt-get) ...")
    began = time.monotonic()
    drop_in = Path("/etc/postgresql-common/createcluster.d/collectivia-no-main-cluster.conf")
    drop_in.parent.mkdir(parents=True, exist_ok=True)
    if not drop_in.exists():
        drop_in.write_text(
            "# Written by CollectivIA's infra/stack.py: it runs its own cluster in .run/.\n"
            "create_main_cluster = false\n"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
    ):
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise StackError(
                "install postgresql",
                f"`{' '.join(cmd)}` failed:\n{(out.stdout + out.stderr)[-2000:]}\n{_INSTALL}",
            )
    log.info("install postgresql: done (%.1f s)", time.monotonic() - began)


def resolve(cfg: StackConfig) -> Path:
    """The server binaries folder; installed with apt-get when missing and we are root on a
    machine that has it, else a clear error."""
    del cfg  # nothing is cached: the binaries are the machine's
    found = find_bin_dir()
    if found is not None:
        return found
    if os.environ.get("COLLECTIVIA_POSTGRES_BIN_DIR") or os.geteuid() != 0:
        raise StackError("check postgresql", f"no PostgreSQL server binaries found: {_INSTALL}")
    if shutil.which("apt-get") is None:
        raise StackError("check postgresql", f"no PostgreSQL server binaries found: {_INSTALL}")
    _apt_install()
    found = find_bin_dir()
    if found is None:
        raise StackError("install postgresql", f"apt-get ran but no server binaries: {_INSTALL}")
    return found


def server_user() -> str | None:
    """The user the server runs as: None (ourselves), or `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise StackError(
            "start postgres",
            f"running as root, and PostgreSQL refuses to run as root: create a `{SERVER_USER}` "
            "system user (Debian's postgresql package does) or run as another user",
        ) from None
    return SERVER_USER


def data_dir(cfg: StackConfig, user: str | None) -> Path:
    """The cluster's folder: in the run folder, unless the server runs as another user (we
    are root): that user may not be able to reach a checkout under a private folder (a
    mktemp, a home), so the cluster lives in the system's temporary folder instead, one per
    run folder."""
    if user is None:
        return cfg.postgres_data_dir
    digest = hashlib.sha256(str(cfg.run_dir).encode()).hexdigest()[:12]
    parent = Path(tempfile.gettempdir()) / f"collectivia-{digest}"
    parent.mkdir(mode=0o755, exist_ok=True)
    return parent / cfg.postgres_data_dir.name


def _chown(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _run(step: str, cmd: list[str], *, user: str | None, stdin: str | None = None) -> str:
    out: subprocess.CompletedProcess[str] = subprocess.run(
        cmd,
        input=stdin,
        cwd="/",  # the server's user may not be allowed into ours
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **process.as_user(user),
    )
    if out.returncode != 0:
        raise StackError(step, f"`{' '.join(cmd)}` failed:\n{(out.stdout + out.stderr)[-3000:]}")
    return out.stdout + out.stderr


def _settings(cfg: StackConfig) -> list[str]:
    """Server settings given on the command line at every start (the port can change)."""
    settings = {
        "listen_addresses": "127.0.0.1",
        "port": str(cfg.postgres_port),
        "unix_socket_directories": "",  # TCP only: nothing lands in /var/run/postgresql
        "max_connections": "60",
        "shared_buffers": "64MB",
        "password_encryption": "scram-sha-256",
    }
    return [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]


HBA = """\
# CollectivIA dev cluster (infra/stack.py): loopback TCP only, passwords (SCRAM).
# TYPE  DATABASE  USER  ADDRESS        METHOD
host    all       all   127.0.0.1/32   scram-sha-256
"""


def ensure_cluster(cfg: StackConfig, bin_dir: Path, user: str | None) -> bool:
    """initdb once, then create the catalog role and database in single-user mode; False when
    the cluster already existed. Built in a .partial folder: an interrupted run starts over."""
    data = data_dir(cfg, user)
    if (data / "PG_VERSION").is_file():
        return False
    partial = data.with_name(data.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, mode=0o700)
    _chown(partial, user)
    _run(
        "initdb postgres",
        [
            str(bin_dir / "initdb"),
            "-D",
            str(partial),
            "-U",
            "postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--auth=trust",  # replaced below: only the lake role logs in, over TCP
        ],
        user=user,
    )
    (partial / "pg_hba.conf").write_text(HBA)
    _chown(partial / "pg_hba.conf", user)
    bootstrap = (
        f"CREATE ROLE {LAKE.postgres_user} LOGIN PASSWORD '{LAKE.postgres_password}';\n"
        f"CREATE DATABASE {LAKE.postgres_database} OWNER {LAKE.postgres_user};\n"
    )
    _run(
        "create the lake catalog database",
        [str(bin_dir / "postgres"), "--single", "-D", str(partial), *_settings(cfg), "postgres"],
        user=user,
        stdin=bootstrap,
    )
    shutil.rmtree(data, ignore_errors=True)
    partial.rename(data)
    return True


def healthy(cfg: StackConfig) -> bool:
    """pg_isready: the server accepts connections to the catalog database on 127.0.0.1."""
    if not process.port_in_use(cfg.postgres_port):
        return False
    bin_dir = find_bin_dir()
    if bin_dir is None or not (bin_dir / "pg_isready").is_file():
        return True  # the port answers; nothing better to ask without pg_isready
    cmd = [
        str(bin_dir / "pg_isready"),
        "-q",
        "-h",
        "127.0.0.1",
        "-p",
        str(cfg.postgres_port),
        "-d",
        LAKE.postgres_database,
        "-U",
        LAKE.postgres_user,
        "-t",
        "3",
    ]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=10, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[(cfg.postgres_port, "COLLECTIVIA_POSTGRES_PORT")],
        healthy=lambda: healthy(cfg),
        start_timeout=60,
    )


def start(cfg: StackConfig, bin_dir: Path) -> None:
    user = server_user()

    def launch() -> subprocess.Popen[bytes]:
        cfg.logs_dir.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        created = ensure_cluster(cfg, bin_dir, user)
        state = "created" if created else "already there"
        log.info("postgres cluster: %s (%.1f s)", state, time.monotonic() - began)
        data = data_dir(cfg, user)
        cmd = [str(bin_dir / "postgres"), "-D", str(data), *_settings(cfg)]
        return process.start_detached(
            cmd,
            env={**os.environ, "LC_ALL": "C"},
            log_file=cfg.log_file(NAME),
            pid_file=cfg.pid_file(NAME),
            cwd=data.parent,
            user=user,
        )

    process.ensure_started(server(cfg), launch)


def stop(cfg: StackConfig) -> bool:
    """A fast shutdown through pg_ctl (open sessions are ended, not waited for); the plain
    SIGTERM/SIGKILL of the other servers when pg_ctl cannot do it."""
    pid = running_pid(cfg)
    if pid is None:
        return False
    bin_dir = find_bin_dir()
    if bin_dir is not None:
        cmd = [str(bin_dir / "pg_ctl"), "stop", "-D", str(data_dir(cfg, server_user()))]
        cmd += ["-m", "fast", "-w", "-t", "30"]
        try:
            _run("stop postgres", cmd, user=server_user())
        except (StackError, subprocess.TimeoutExpired) as exc:
            log.warning("%s: falling back to signals", exc)
        else:
            if not process.pid_alive(pid, MARKER):
                cfg.pid_file(NAME).unlink(missing_ok=True)
                return True
    return process.stop(cfg.pid_file(NAME), MARKER) or True


def major_version(bin_dir: Path) -> str:
    out = subprocess.run(
        [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"(\d+(?:\.\d+)?)", out.stdout)
    return match.group(1) if match else "?"
