"""An image started as a pod would start it: its own entry point and user, /tmp a fresh
tmpfs, on the machine's network (buildah's chroot isolation), pointed at the local Kafka and
Keycloak. Ready when /readyz answers (started, its consumer placed on its partitions); then
stopped, and its root file system searched for anything written outside /tmp and the data
folder (the pods mount the root read-only)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import StackConfig
from ..services import Service
from .base import DATA_DIR
from .buildah import Buildah

READY_TIMEOUT_SECONDS = 180
STOP_TIMEOUT_SECONDS = 20
# Written by the pod's mounts, or by buildah itself (/run/.containerenv, /etc/hosts).
WRITABLE = (
    "tmp/",
    DATA_DIR.lstrip("/") + "/",
    "run/",
    "etc/hosts",
    "etc/resolv.conf",
    "etc/hostname",
)
SKIPPED_TOP = frozenset({"proc", "sys", "dev"})
METRIC = "http_server_request_duration_seconds"


@dataclass
class StartReport:
    started: bool = False
    seconds_to_alive: float | None = None
    seconds_to_ready: float | None = None
    # From SIGTERM (what the kubelet sends) to the process's end, and its exit code.
    seconds_to_stop: float | None = None
    exit_code: int | None = None
    # GET /metrics is Prometheus text with the HTTP request-duration histogram the chart's
    # autoscalers and alert rules read.
    serves_metrics: bool = False
    uid: int | None = None
    written_outside: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    log_tail: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def smoke_environment(service: Service, cfg: StackConfig) -> dict[str, str]:
    """Loopback ports of its own (never the running suite's), a consumer group of its own
    that starts at the end of each topic (it reads, and takes nothing from, the suite's)."""
    prefix = service.env_prefix
    return {
        f"{prefix}HTTP_HOST": "127.0.0.1",
        f"{prefix}HTTP_PORT": str(free_port()),
        f"{prefix}GRPC_PORT": str(free_port()),
        f"{prefix}FLIGHT_PORT": str(free_port()),
        f"{prefix}CONSUMER_GROUP": f"images-smoke-{service.name}-{os.getpid()}",
        "COLLECTIVIA_KAFKA_AUTO_OFFSET_RESET": "latest",
        "COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS": cfg.kafka_bootstrap,
        "COLLECTIVIA_KEYCLOAK_URL": cfg.keycloak_url,
    }


def start_and_stop(
    buildah: Buildah, container: str, command: Sequence[str], env: Mapping[str, str], log: Path
) -> StartReport:
    report = StartReport()
    port = int(env[next(key for key in env if key.endswith("_HTTP_PORT"))])
    marker = time.time()
    run = buildah.command("run", "--isolation", "chroot", "--mount", "type=tmpfs,destination=/tmp")
    run += [part for key, value in env.items() for part in ("-e", f"{key}={value}")]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*run, container, "--", *command],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        began = time.monotonic()
        try:
            _wait_ready(report, process, port, began)
        finally:
            _stop(process, report)
    report.log_tail = log.read_text(errors="replace")[-2000:]
    report.uid = _uid(buildah, container)
    report.written_outside = _written_since(buildah.mount(container), marker)
    if report.uid in (None, 0):
        report.problems.append(f"runs as uid {report.uid}, not an unprivileged user")
    if report.written_outside:
        report.problems.append("writes outside /tmp and the data folder: read-only root breaks")
    if not report.started:
        report.problems.append("never became ready (/readyz)")
    return report


def _wait_ready(
    report: StartReport, process: subprocess.Popen[bytes], port: int, began: float
) -> None:
    while time.monotonic() - began < READY_TIMEOUT_SECONDS and process.poll() is None:
        if report.seconds_to_alive is None and _answers(port, "/healthz"):
            report.seconds_to_alive = round(time.monotonic() - began, 2)
        if _answers(port, "/readyz"):
            report.seconds_to_ready = round(time.monotonic() - began, 2)
            report.seconds_to_alive = report.seconds_to_alive or report.seconds_to_ready
            report.started = True
            _body(port, "/openapi.json")  # one request the histogram counts
            report.serves_metrics = METRIC in _body(port, "/metrics")
            return
        time.sleep(0.25)


def _body(port: int, path: str) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return bytes(response.read()).decode(errors="replace")
    except (urllib.error.URLError, OSError, ValueError):
        return ""


def _answers(port: int, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _stop(process: subprocess.Popen[bytes], report: StartReport) -> None:
    """SIGTERM to the service's own process, as the kubelet sends it to a container's first
    process; the whole group killed only if it has not ended within the grace period."""
    if process.poll() is not None:
        report.exit_code = process.returncode
        return
    began = time.monotonic()
    target = _service_pid(process.pid)
    if target is None:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        os.kill(target, signal.SIGTERM)
    try:
        report.exit_code = process.wait(STOP_TIMEOUT_SECONDS)
        report.seconds_to_stop = round(time.monotonic() - began, 2)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        report.problems.append(f"still running {STOP_TIMEOUT_SECONDS} s after SIGTERM")


def _service_pid(root: int) -> int | None:
    """The first process below buildah's that runs the venv's Python: the entry point."""
    pending = [root]
    while pending:
        pid = pending.pop(0)
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        if pid != root and command == b"/opt/venv/bin/python":
            return pid
        pending.extend(int(child) for child in children)
    return None


# Every module of the suite's packages in the image, imported: a dependency the service uses
# but does not declare (the workspace's venv installs every package together; an image only
# the service's) fails here even on a path that starting does not take.
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import collectivia
failed = []
def record(name):
    failed.append(f"{name}: {sys.exc_info()[1]!r}")
for module in pkgutil.walk_packages(collectivia.__path__, "collectivia.", onerror=record):
    try:
        importlib.import_module(module.name)
    except Exception as error:
        failed.append(f"{module.name}: {error!r}")
print("\\n".join(failed))
"""


def import_problems(buildah: Buildah, container: str) -> list[str]:
    result = subprocess.run(
        buildah.command("run", "--isolation", "chroot", "--mount", "type=tmpfs,destination=/tmp",
                        container, "--", "/opt/venv/bin/python", "-c", IMPORT_EVERYTHING),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        return [f"importing its modules failed: {result.stderr[-500:]}"]
    failed = [line for line in result.stdout.splitlines() if line.strip()]
    return [f"does not import: {line[:300]}" for line in failed[:10]]


def _uid(buildah: Buildah, container: str) -> int | None:
    """The user the image's processes get (its USER), as the process itself reads it."""
    result = subprocess.run(
        buildah.command(
            "run",
            "--isolation",
            "chroot",
            container,
            "--",
            "/opt/venv/bin/python",
            "-c",
            "import os; print(os.getuid())",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return int(result.stdout.strip()) if result.returncode == 0 else None


def _written_since(root: Path, marker: float) -> list[str]:
    return sorted(
        relative for relative in _changed(root, marker) if not relative.startswith(WRITABLE)
    )[:20]


def _changed(root: Path, marker: float) -> Iterator[str]:
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [name for name in dirs if name not in SKIPPED_TOP]
        for name in names:
            path = Path(folder) / name
            if path.lstat().st_mtime >= marker:
                yield str(path.relative_to(root))
