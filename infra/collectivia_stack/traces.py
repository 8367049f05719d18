"""Jaeger v2 (Apache-2.0), the trace backend of `up all`: the services export their spans to it
over OTLP and a newcomer opens its page to see a citizen's question as one trace. In-memory
storage, loopback only. Built once from the Go module proxy through the wrapper module
``infra/jaeger/`` (Jaeger's own module has a replace directive, so ``go install`` refuses it);
a change of the wrapper's pins rebuilds it.

``infra/stack.py resolve traces`` builds it without taking the launcher's lock (what
``make test`` runs in the background while the other checks run).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import process
from .config import INFRA_DIR, JAEGER_RELEASE, StackConfig, StackError
from .s3 import find_go

log = logging.getLogger(__name__)
NAME = "traces"
MARKER = "jaeger"
WRAPPER = INFRA_DIR / "jaeger"
COMMAND = "github.com/jaegertracing/jaeger/cmd/jaeger"
# What `jaeger version` says (the module's tags are v1.x; the release is v2.x).
VERSION_FLAG = f"-X github.com/jaegertracing/jaeger/internal/version.latestVersion={JAEGER_RELEASE}"
BUILD_TIMEOUT = 3600
# Jaeger's own UI is built from its JavaScript repository at release time, outside the Go
# module: the module serves a placeholder. A small page of ours reads the query API instead;
# COLLECTIVIA_JAEGER_UI_ASSETS points at a build of the real UI (jaeger-ui) where one is at hand.
UI_ASSETS = WRAPPER / "ui"
# The oldest go first: a question's trace is some 30 kB, so memory stays within ~300 MB.
MAX_TRACES = 10_000


def pins() -> str:
    """A digest of the wrapper's go.mod and go.sum: what the built binary was built from."""
    digest = hashlib.sha256()
    for name in ("go.mod", "go.sum"):
        digest.update((WRAPPER / name).read_bytes())
    return digest.hexdigest()


def built(cfg: StackConfig) -> bool:
    stamp = cfg.jaeger_home / ".resolved"
    try:
        return cfg.jaeger_binary.is_file() and stamp.read_text().split()[-1] == pins()
    except (OSError, IndexError):
        return False


def resolve(cfg: StackConfig) -> bool:
    """Build Jaeger into the cache unless built from the same pins; False when it was. Two
    processes asking at once: the second waits for the first's build (a lock in the cache)."""
    if built(cfg):
        return False
    cfg.cache_dir.mkdir(parents=True, exist_ok=True)
    with process.exclusive(cfg.cache_dir / f"jaeger-{JAEGER_RELEASE}.lock"):
        if built(cfg):
            return False
        _build(cfg)
    return True


def _build(cfg: StackConfig) -> None:
    partial = cfg.jaeger_home / "bin.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    env = dict(os.environ, GOFLAGS="-buildvcs=false -mod=readonly", CGO_ENABLED="0")
    # Niced to the lowest priority: on a small machine it builds on what the tests leave idle.
    cmd = [
        "nice",
        "-n",
        "19",
        find_go(),
        "build",
        "-trimpath",
        # Unoptimised: about a third less CPU to build (the Kubernetes tools do the same); a
        # local trace backend needs no compiler optimisations.
        "-gcflags=all=-N -l",
        f"-ldflags=-s -w {VERSION_FLAG}",
        "-o",
        str(partial / "jaeger"),
        COMMAND,
    ]
    began = time.monotonic()
    try:
        out = subprocess.run(
            cmd,
            cwd=WRAPPER,
            env=env,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError("build jaeger", "go build did not finish within an hour") from exc
    if out.returncode != 0 or not (partial / "jaeger").is_file():
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            "build jaeger",
            "go build failed (exit {}). Check network access to the Go module proxy (GOPROXY) "
            "and that Go is 1.24+.\nCommand (in {}): {}\n{}".format(
                out.returncode, WRAPPER, " ".join(cmd), "\n".join(lines)
            ),
        )
    final = cfg.jaeger_binary.parent
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    (cfg.jaeger_home / ".resolved").write_text(f"jaeger {JAEGER_RELEASE} {pins()}\n")
    log.info(
        "jaeger %s built in %.0f s (%.0f MB)",
        JAEGER_RELEASE,
        time.monotonic() - began,
        cfg.jaeger_binary.stat().st_size / 1e6,
    )


def configuration(cfg: StackConfig, ui_assets: Path = UI_ASSETS) -> str:
    """Jaeger's collector configuration: OTLP in (gRPC and HTTP), traces kept in memory,
    the UI and query API; the services' OTLP metrics are accepted and dropped (Jaeger keeps
    traces; Prometheus scrapes the services' /metrics). Loopback only, no self-metrics port."""
    return f"""\
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
    metrics:
      receivers: [otlp]
      exporters: [nop]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: info

extensions:
  jaeger_query:
    storage:
      traces: memory
    ui:
      assets_path: {json.dumps(str(ui_assets))}
    http:
      endpoint: 127.0.0.1:{cfg.jaeger_ui_port}
    grpc:
      endpoint: 127.0.0.1:{cfg.jaeger_query_grpc_port}
  jaeger_storage:
    backends:
      memory:
        memory:
          max_traces: {MAX_TRACES}

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:{cfg.jaeger_otlp_port}
      http:
        endpoint: 127.0.0.1:{cfg.jaeger_otlp_http_port}

processors:
  batch:
    timeout: 200ms

exporters:
  jaeger_storage_exporter:
    trace_storage: memory
  nop:
"""


def healthy(cfg: StackConfig) -> bool:
    """The query API answers (it starts after the storage and the receivers)."""
    try:
        with urllib.request.urlopen(  # noqa: S310 (loopback http URL)
            f"{cfg.jaeger_url}/api/v3/services", timeout=3
        ) as resp:
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[
            (cfg.jaeger_otlp_port, "COLLECTIVIA_JAEGER_OTLP_PORT"),
            (cfg.jaeger_otlp_http_port, "COLLECTIVIA_JAEGER_OTLP_HTTP_PORT"),
            (cfg.jaeger_ui_port, "COLLECTIVIA_JAEGER_UI_PORT"),
            (cfg.jaeger_query_grpc_port, "COLLECTIVIA_JAEGER_QUERY_GRPC_PORT"),
        ],
        healthy=lambda: healthy(cfg),
        start_timeout=30,
    )


def _launch(cfg: StackConfig) -> subprocess.Popen[bytes]:
    folder = cfg.run_dir / "jaeger"
    folder.mkdir(parents=True, exist_ok=True)
    cfg.logs_dir.mkdir(parents=True, exist_ok=True)
    config_file = folder / "config.yaml"
    ui_assets = Path(os.environ.get("COLLECTIVIA_JAEGER_UI_ASSETS") or UI_ASSETS)
    config_file.write_text(configuration(cfg, ui_assets), encoding="utf-8")
    cmd = [str(cfg.jaeger_binary), "--config", str(config_file)]
    return process.start_detached(
        cmd,
        env=dict(os.environ),
        log_file=cfg.log_file(NAME),
        pid_file=cfg.pid_file(NAME),
        cwd=folder,
    )


def start(cfg: StackConfig) -> None:
    process.ensure_started(server(cfg), lambda: _launch(cfg))


def stop(cfg: StackConfig) -> bool:
    return process.stop(cfg.pid_file(NAME), MARKER)
