"""The Kubernetes toolchain (helm, the control plane, kubectl, etcd, kwok), built from the Go
module proxy through the wrapper modules of ``infra/kube/`` into ``<cache>/kube/bin``.

Each tool has a stamp (``<cache>/kube/stamps/<tool>``) naming its version and a digest of its
wrapper module and build flags: a change of either rebuilds it, nothing else does. A file lock
serialises builders, so `make test`'s background build and a test that needs a tool never build
the same thing twice: the second one waits, then finds the stamps fresh.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .config import INFRA_DIR, StackConfig, StackError
from .s3 import find_go

log = logging.getLogger(__name__)
WRAPPERS_DIR = INFRA_DIR / "kube"
KUBERNETES_VERSION = "v1.37.2"
HELM_VERSION = "v4.3.2"
ETCD_VERSION = "v3.6.16"
KWOK_VERSION = "v0.8.0"
BUILD_TIMEOUT_S = 3600
# `-p N` and GOMAXPROCS for the builds (e.g. 1 beside a serial test run); Go's default if unset.
JOBS_VAR = "COLLECTIVIA_KUBE_BUILD_JOBS"
_POLL_S = 2.0
# Unoptimised, uninlined code: about 30 % less compile CPU (etcd cold on one core: 63 s against
# 89 s) for binaries about 25 % larger and slower, which a test cluster of five simulated
# nodes never notices; what matters is that a fresh CI machine builds them beside the tests.
GCFLAGS = "all=-N -l"


def _version_flags(package: str, version: str) -> tuple[str, ...]:
    major, minor = version.lstrip("v").split(".")[:2]
    return tuple(
        f"-X {package}.{name}={value}"
        for name, value in (
            ("gitVersion", version),
            ("gitMajor", major),
            ("gitMinor", minor),
            ("gitTreeState", "clean"),
        )
    )


# kubectl and the components print these (`kubectl version`, /version); kwokctl reads them.
_KUBE_FLAGS = _version_flags("k8s.io/component-base/version", KUBERNETES_VERSION) + (
    _version_flags("k8s.io/client-go/pkg/version", KUBERNETES_VERSION)
)
_KWOK_FLAGS = (
    f"-X sigs.k8s.io/kwok/pkg/consts.Version={KWOK_VERSION.lstrip('v')}",
    # The Kubernetes version that kwokctl configures its components for: the one built here.
    f"-X sigs.k8s.io/kwok/pkg/consts.KubeVersion={KUBERNETES_VERSION.lstrip('v')}",
)


@dataclass(frozen=True)
class Tool:
    """One binary: which wrapper module (a folder of infra/kube/) builds which package."""

    name: str
    version: str
    wrapper: str
    package: str
    flags: tuple[str, ...] = ()


# Build order: helm first (chart rendering needs nothing else), the small ones, then the
# control plane (about two thirds of the CPU time).
TOOLS = (
    Tool(
        "helm",
        HELM_VERSION,
        "helm",
        "helm.sh/helm/v4/cmd/helm",
        (f"-X helm.sh/helm/v4/internal/version.version={HELM_VERSION}",),
    ),
    Tool("kwok", KWOK_VERSION, "kwok", "sigs.k8s.io/kwok/cmd/kwok", _KWOK_FLAGS),
    Tool("kwokctl", KWOK_VERSION, "kwok", "sigs.k8s.io/kwok/cmd/kwokctl", _KWOK_FLAGS),
    Tool("etcd", ETCD_VERSION, "etcd", "collectivia.local/kube/etcd"),
    *(
        Tool(name, KUBERNETES_VERSION, "kubernetes", f"k8s.io/kubernetes/cmd/{name}", _KUBE_FLAGS)
        for name in ("kube-apiserver", "kube-scheduler", "kube-controller-manager", "kubectl")
    ),
)
TOOL_NAMES = tuple(tool.name for tool in TOOLS)


def kube_home(cfg: StackConfig) -> Path:
    return cfg.cache_dir / "kube"


def bin_dir(cfg: StackConfig) -> Path:
    return kube_home(cfg) / "bin"


def tool_path(cfg: StackConfig, name: str) -> Path:
    return bin_dir(cfg) / name


def _ldflags(tool: Tool) -> str:
    return " ".join(("-s", "-w", *tool.flags))  # -s -w: no symbol table, no DWARF (smaller)


def stamp_text(tool: Tool) -> str:
    """What a fresh stamp says: the version, and a digest of everything the build reads."""
    digest = hashlib.sha256(f"{GCFLAGS}\n{_ldflags(tool)}".encode())
    for name in ("go.mod", "go.sum", "main.go"):
        path = WRAPPERS_DIR / tool.wrapper / name
        if path.is_file():
            digest.update(path.read_bytes())
    return f"{tool.name} {tool.version} {digest.hexdigest()[:16]}\n"


def _stamp(cfg: StackConfig, tool: Tool) -> Path:
    return kube_home(cfg) / "stamps" / tool.name


def is_fresh(cfg: StackConfig, tool: Tool) -> bool:
    stamp = _stamp(cfg, tool)
    return (
        tool_path(cfg, tool.name).is_file()
        and stamp.is_file()
        and stamp.read_text() == stamp_text(tool)
    )


def _select(only: Sequence[str] | None) -> list[Tool]:
    if only is None:
        return list(TOOLS)
    unknown = sorted(set(only) - set(TOOL_NAMES))
    if unknown:
        raise StackError(
            "build kube tools", f"unknown tool(s) {unknown}; known: {', '.join(TOOL_NAMES)}"
        )
    return [tool for tool in TOOLS if tool.name in only]


@contextmanager
def _build_lock(cfg: StackConfig) -> Iterator[bool]:
    """Whether this process got the builders' lock (never waits for it)."""
    lock_file = kube_home(cfg) / "build.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_kube_tools(*, cfg: StackConfig | None = None, only: Sequence[str] | None = None) -> Path:
    """The folder holding the tools (all, or those named in ``only``), building the missing or
    stale ones; idempotent, and safe when several processes call it at once: one builds, the
    others poll the stamps, so a caller that wants helm alone returns as soon as helm is built
    even while another process goes on with the control plane."""
    cfg = cfg or StackConfig.from_env()
    wanted = _select(only)
    waiting_since: float | None = None
    for wrapper in dict.fromkeys(tool.wrapper for tool in wanted):
        group = [tool for tool in wanted if tool.wrapper == wrapper]
        while not all(is_fresh(cfg, tool) for tool in group):
            with _build_lock(cfg) as mine:
                if mine:
                    # Another process may have built them just before this one got the lock.
                    stale = [tool for tool in group if not is_fresh(cfg, tool)]
                    if stale:
                        _build(cfg, stale)
                    continue
            if waiting_since is None:
                waiting_since = time.monotonic()
                log.info("kube tools: another process is building them; waiting for %s", wrapper)
            time.sleep(_POLL_S)
    if waiting_since is not None:
        log.info("kube tools: waited %.0f s for another build", time.monotonic() - waiting_since)
    return bin_dir(cfg)


def _go_env() -> dict[str, str]:
    env = dict(os.environ, CGO_ENABLED="0", GOFLAGS="-buildvcs=false")
    jobs = os.environ.get(JOBS_VAR, "").strip()
    if jobs:
        if not jobs.isdigit() or int(jobs) < 1:
            raise StackError("build kube tools", f"{JOBS_VAR}={jobs!r} is not a positive integer")
        env["GOMAXPROCS"] = jobs
    return env


def _build(cfg: StackConfig, tools: Sequence[Tool]) -> None:
    """One `go build` per wrapper module (its binaries share the compiled packages)."""
    wrapper = WRAPPERS_DIR / tools[0].wrapper
    partial = kube_home(cfg) / f"build-{tools[0].wrapper}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    bin_dir(cfg).mkdir(parents=True, exist_ok=True)
    env = _go_env()
    jobs = ["-p", env["GOMAXPROCS"]] if "GOMAXPROCS" in env else []
    nice = ["nice", "-n", "19"] if shutil.which("nice") else []
    # One ldflags per wrapper: its tools share their flags (the same version variables).
    cmd = [
        *nice,
        find_go(),
        "build",
        "-trimpath",
        *jobs,
        f"-gcflags={GCFLAGS}",
        f"-ldflags={_ldflags(tools[0])}",
        "-o",
        f"{partial}/",
        *(tool.package for tool in tools),
    ]
    names = ", ".join(tool.name for tool in tools)
    log.info("kube tools: building %s (%s) ...", names, " ".join(cmd))
    began, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(
            cmd,
            cwd=wrapper,
            env=env,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError(
            "build kube tools", f"go build of {names} did not finish in {BUILD_TIMEOUT_S} s"
        ) from exc
    if out.returncode != 0:
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            "build kube tools",
            "go build of {} failed (exit {}). Check access to the Go module proxy (GOPROXY) and "
            "that Go is 1.26+.\nCommand (in {}): {}\n{}".format(
                names, out.returncode, wrapper, " ".join(cmd), "\n".join(lines)
            ),
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for tool in tools:
        # go build names each binary after its package's last element: the tool's name.
        os.replace(partial / tool.name, tool_path(cfg, tool.name))
        stamp = _stamp(cfg, tool)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(stamp_text(tool))
    shutil.rmtree(partial, ignore_errors=True)
    log.info(
        "kube tools: built %s in %.0f s wall, %.0f s CPU, peak child RSS %.0f MiB",
        names,
        time.monotonic() - began,
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        after.ru_maxrss / 1024,
    )
