"""CLI: up|down|restart|status|env|topics|resolve [TARGET]; kafka-class MAIN.

TARGET: kafka, keycloak, traces, services, postgres, s3, trino, or a group: `all` (the
default: Kafka, Keycloak, the trace backend and the services, what `make up` runs) or
`lake-scale-out` (PostgreSQL, versitygw and Trino: the data lake's scale-out path, started only
when asked for). `kube`: a local Kubernetes control plane with simulated CPU and GPU node
pools (kwok), for the chart's tests; `resolve kube` builds its toolchain only.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from . import (
    demo_data,
    kafka,
    keycloak,
    kube,
    kube_cluster,
    lake_demo,
    postgres,
    process,
    s3,
    services,
    traces,
    trino,
)
from .config import JAEGER_RELEASE, LAKE, StackConfig, StackError
from .tooling import find_java, find_mvn
from .topics import load_catalogue
from .topics_apply import apply_catalogue

log = logging.getLogger("collectivia.stack")
SERVERS = ("kafka", "keycloak")
LAKE_SERVERS = ("postgres", "s3", "trino")  # in start order: Trino's catalog needs the others
TRACES = "traces"  # Jaeger: the services started after it export their spans to it
KUBE = "kube"  # never in a group: the chart's tests and `make kube-tools` ask for it
TARGETS = (*SERVERS, TRACES, "services", *LAKE_SERVERS, KUBE)
GROUPS = {"all": [*SERVERS, TRACES, "services"], "lake-scale-out": list(LAKE_SERVERS)}


def _targets(target: str) -> list[str]:
    return list(GROUPS.get(target, [target]))


def _resolve(cfg: StackConfig, java: Path, server: str) -> None:
    began = time.monotonic()
    resolver, home = (
        (kafka.resolve, cfg.kafka_home)
        if server == "kafka"
        else (keycloak.resolve, cfg.keycloak_home)
    )
    fetched = False
    if not (home / ".resolved").is_file():
        find_mvn()
        log.info("resolve %s: downloading through Maven into %s ...", server, cfg.cache_dir)
        fetched = resolver(cfg, java)
    log.info(
        "resolve %s: %s (%.1f s)", server, "done" if fetched else "cached", time.monotonic() - began
    )


def _apply_topics(cfg: StackConfig, bootstrap: str | None = None) -> None:
    began = time.monotonic()
    specs = load_catalogue()
    report = apply_catalogue(bootstrap or cfg.kafka_bootstrap, specs)
    log.info(
        "apply topics: %d topics, %d created, %d updated, %d unchanged (%.1f s)",
        len(specs),
        len(report.created),
        len(report.updated),
        len(report.unchanged),
        time.monotonic() - began,
    )


def _resolve_lake(cfg: StackConfig, servers: Sequence[str]) -> dict[str, Path]:
    """Find, build or download what the lake's servers run (cached); the versitygw build and
    the Trino download run side by side. Returns the PostgreSQL binaries and Trino's Java."""
    found: dict[str, Path] = {}

    def timed(server: str, work: Callable[[], bool]) -> None:
        began = time.monotonic()
        fetched = work()
        log.info(
            "resolve %s: %s (%.1f s)",
            server,
            "done" if fetched else "cached",
            time.monotonic() - began,
        )

    def resolve_postgres() -> bool:
        found["postgres"] = postgres.resolve(cfg)
        return False

    def resolve_s3() -> bool:
        if not (cfg.versitygw_home / ".resolved").is_file():
            log.info("resolve s3: building versitygw with go install into %s ...", cfg.cache_dir)
        return s3.resolve(cfg)

    def resolve_trino() -> bool:
        found["trino"] = trino.find_java()
        if (cfg.trino_home / ".resolved").is_file():
            return False
        maven_java = find_java()
        find_mvn()
        log.info("resolve trino: downloading through Maven into %s ...", cfg.cache_dir)
        return trino.resolve(cfg, maven_java)

    work = {"postgres": resolve_postgres, "s3": resolve_s3, "trino": resolve_trino}
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        futures = [pool.submit(timed, server, work[server]) for server in servers]
    for future in futures:
        future.result()
    return found


def _up_lake(cfg: StackConfig, servers: Sequence[str]) -> None:
    found = _resolve_lake(cfg, servers)
    first = [server for server in servers if server != "trino"]
    if first:
        # PostgreSQL and versitygw side by side, then Trino, whose catalog reads both.
        starters: dict[str, Callable[[], None]] = {
            "postgres": lambda: postgres.start(cfg, found["postgres"]),
            "s3": partial(s3.start, cfg),
        }
        with ThreadPoolExecutor(max_workers=len(first)) as pool:
            futures = [pool.submit(starters[server]) for server in first]
        for future in futures:
            future.result()
    if "trino" in servers:
        trino.start(cfg, found["trino"])


def _resolve_traces(cfg: StackConfig) -> None:
    began = time.monotonic()
    if not traces.built(cfg):
        log.info(
            "resolve traces: building Jaeger %s with go build into %s ...",
            JAEGER_RELEASE,
            cfg.cache_dir,
        )
    fetched = traces.resolve(cfg)
    log.info(
        "resolve traces: %s (%.1f s)", "done" if fetched else "cached", time.monotonic() - began
    )


def _up_traces(cfg: StackConfig) -> None:
    _resolve_traces(cfg)
    traces.start(cfg)


def _start(cfg: StackConfig, java: Path, server: str) -> None:
    if server == "kafka":
        kafka.start(cfg, java)
        _apply_topics(cfg)
    else:
        keycloak.start(cfg, java)


def up(cfg: StackConfig, targets: Sequence[str]) -> None:
    began = time.monotonic()
    servers = [t for t in targets if t in SERVERS]
    cfg.run_dir.mkdir(parents=True, exist_ok=True)
    # The trace backend (built once: minutes) beside Kafka and Keycloak, before the services.
    with ThreadPoolExecutor(max_workers=1) as tracing:
        traced = tracing.submit(_up_traces, cfg) if TRACES in targets else None
        if servers:
            java = find_java()
            for server in servers:
                _resolve(cfg, java, server)
            # Both servers start side by side; the first failure is raised once both are done.
            with ThreadPoolExecutor(max_workers=len(servers)) as pool:
                futures = [pool.submit(_start, cfg, java, server) for server in servers]
            for future in futures:
                future.result()
        if traced is not None:
            traced.result()
    if "services" in targets:
        # The services need Kafka and Keycloak: started after them, one by one.
        for service in services.SERVICES:
            services.start(cfg, service)
        # The lake first: a register entry's data sources name the lake's demo datasets.
        data_lake = services.service_named("data-lake")
        lake_grpc = f"127.0.0.1:{data_lake.ports(os.environ)[1]}"
        lake_demo.seed(cfg, services.service_url(data_lake), lake_grpc)
        demo_data.seed(cfg, services.service_url(services.SERVICES[0]))
        _seed_analytics(cfg)
    lake = [t for t in targets if t in LAKE_SERVERS]
    if lake:
        _up_lake(cfg, lake)
    if KUBE in targets:
        kube_cluster.start(cfg)
    log.info("up: done in %.1f s", time.monotonic() - began)
    _log_endpoints(cfg, targets)


def _seed_analytics(cfg: StackConfig) -> None:
    """Months of generated activity in the officials' analytics, once per run folder."""
    marker = cfg.run_dir / "analytics-demo.done"
    if marker.is_file():
        return
    began = time.monotonic()
    services.run_command(cfg, services.service_named("officials-analytics"), "seed-demo")
    log.info("analytics demo: months of activity written (%.1f s)", time.monotonic() - began)
    marker.write_text("loaded\n")


def _log_endpoints(cfg: StackConfig, targets: Sequence[str]) -> None:
    if "kafka" in targets:
        log.info("kafka bootstrap: %s", cfg.kafka_bootstrap)
    if "keycloak" in targets:
        log.info("keycloak: %s (admin console, dev admin/admin)", cfg.keycloak_url)
        log.info("keycloak realm: %s", cfg.realm_url)
        log.info("keycloak health: %s/health/ready", cfg.keycloak_management_url)
    if TRACES in targets:
        log.info(
            "traces (Jaeger %s, in memory): UI %s (pick a service, e.g. citizen-chat), "
            "OTLP gRPC %s, OTLP HTTP http://127.0.0.1:%d",
            JAEGER_RELEASE,
            cfg.jaeger_url,
            cfg.jaeger_otlp_endpoint,
            cfg.jaeger_otlp_http_port,
        )
    if "services" in targets:
        for service in services.SERVICES:
            http_port, grpc_port = service.ports(os.environ)
            log.info(
                "%s: http://127.0.0.1:%d (API docs /docs), gRPC 127.0.0.1:%d",
                service.name,
                http_port,
                grpc_port,
            )
    if "postgres" in targets:
        log.info(
            "postgres (Iceberg catalog): %s (dev password %s)",
            cfg.postgres_url("postgresql"),
            LAKE.postgres_password,
        )
    if "s3" in targets:
        log.info(
            "s3 (versitygw): %s, bucket %s (dev keys %s / %s)",
            cfg.s3_endpoint,
            LAKE.bucket,
            LAKE.s3_access_key_id,
            LAKE.s3_secret_access_key,
        )
    if "trino" in targets:
        log.info(
            "trino: %s (web UI /ui, any user name), catalog %s", cfg.trino_url, LAKE.catalog_name
        )
    log.info("logs: %s", cfg.logs_dir)


LAKE_STOPS: dict[str, Callable[[StackConfig], bool]] = {
    "postgres": postgres.stop,
    "s3": s3.stop,
    "trino": trino.stop,
}


def down(cfg: StackConfig, targets: Sequence[str]) -> None:
    if KUBE in targets:
        _log_stop(KUBE, partial(kube_cluster.stop, cfg))
    for server in reversed([t for t in targets if t in LAKE_SERVERS]):
        _log_stop(server, partial(LAKE_STOPS[server], cfg))
    if "services" in targets:
        for service in services.SERVICES:
            _log_stop(service.name, partial(services.stop, cfg, service))
    if TRACES in targets:
        _log_stop(TRACES, partial(traces.stop, cfg))
    for server in reversed([t for t in targets if t in SERVERS]):
        _log_stop(server, partial(kafka.stop if server == "kafka" else keycloak.stop, cfg))


def _log_stop(name: str, stop: Callable[[], bool]) -> None:
    began = time.monotonic()
    stopped = stop()
    state = f"stopped in {time.monotonic() - began:.1f} s" if stopped else "not running"
    log.info("stop %s: %s", name, state)


def restart(cfg: StackConfig, targets: Sequence[str]) -> None:
    down(cfg, targets)
    up(cfg, targets)


def _status_line(name: str, pid: int | None, ok: Callable[[], bool]) -> tuple[str, bool]:
    if pid is None:
        return f"{name}: stopped", False
    healthy = ok()
    rss = process.group_rss_kib(pid)
    mem = f", rss {rss / 1024:.0f} MiB" if rss else ""
    return f"{name}: running, {'healthy' if healthy else 'NOT healthy'} (pid {pid}{mem})", healthy


def status(cfg: StackConfig, targets: Sequence[str]) -> int:
    """One line per server on stdout; exit code 0 only when all are running and healthy."""
    lines = []
    for server in (t for t in targets if t in SERVERS):
        module = kafka if server == "kafka" else keycloak
        lines.append(_status_line(server, module.running_pid(cfg), partial(module.healthy, cfg)))
    if TRACES in targets:
        lines.append(_status_line(TRACES, traces.running_pid(cfg), partial(traces.healthy, cfg)))
    lake_modules = {"postgres": postgres, "s3": s3, "trino": trino}
    for server in (t for t in targets if t in LAKE_SERVERS):
        lake_module = lake_modules[server]
        lines.append(
            _status_line(server, lake_module.running_pid(cfg), partial(lake_module.healthy, cfg))
        )
    if KUBE in targets:
        lines.append(kube_cluster.status_line(cfg))
    if "services" in targets:
        for service in services.SERVICES:
            pid = services.running_pid(cfg, service)
            lines.append(_status_line(service.name, pid, partial(services.healthy, service)))
    for line, _ in lines:
        sys.stdout.write(line + "\n")
    return 0 if all(ok for _, ok in lines) else 3


def env(cfg: StackConfig, targets: Sequence[str]) -> None:
    """Variables pointing clients at the servers: the platform's; with the lake's targets, the
    data lake's storage settings for the scale-out path and Trino's URL."""
    if any(t not in LAKE_SERVERS for t in targets):
        sys.stdout.write(
            f"export COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS={cfg.kafka_bootstrap}\n"
            f"export COLLECTIVIA_KEYCLOAK_URL={cfg.keycloak_url}\n"
        )
    if TRACES in targets:
        sys.stdout.write(f"export COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT={cfg.jaeger_otlp_endpoint}\n")
    if any(t in LAKE_SERVERS for t in targets):
        lake = {
            "COLLECTIVIA_DATA_LAKE_CATALOG_URL": cfg.postgres_url(),
            "COLLECTIVIA_DATA_LAKE_CATALOG_NAME": LAKE.catalog_name,
            "COLLECTIVIA_DATA_LAKE_WAREHOUSE": cfg.warehouse,
            "COLLECTIVIA_DATA_LAKE_S3_ENDPOINT": cfg.s3_endpoint,
            "COLLECTIVIA_DATA_LAKE_S3_ACCESS_KEY_ID": LAKE.s3_access_key_id,
            "COLLECTIVIA_DATA_LAKE_S3_SECRET_ACCESS_KEY": LAKE.s3_secret_access_key,
            "COLLECTIVIA_DATA_LAKE_S3_REGION": LAKE.s3_region,
            "COLLECTIVIA_TRINO_URL": cfg.trino_url,
        }
        sys.stdout.write("".join(f"export {key}={value}\n" for key, value in lake.items()))


def resolve(cfg: StackConfig, targets: Sequence[str]) -> None:
    """Download and build what the servers run, into the cache, without starting them."""
    servers = [t for t in targets if t in SERVERS]
    if servers:
        java = find_java()
        for server in servers:
            _resolve(cfg, java, server)
    if TRACES in targets:
        _resolve_traces(cfg)
    if KUBE in targets:
        log.info("resolve kube: %s", kube.ensure_kube_tools(cfg=cfg))
    lake = [t for t in targets if t in LAKE_SERVERS]
    if lake:
        _resolve_lake(cfg, lake)


def kafka_class(cfg: StackConfig, main: str, args: Sequence[str]) -> int:
    """Run a Java main class on the Kafka classpath in the foreground; its exit code."""
    java = find_java()
    _resolve(cfg, java, "kafka")
    cfg.logs_dir.mkdir(parents=True, exist_ok=True)
    cmd = kafka.java_command(cfg, java, main, args, heap=kafka.TOOLS_HEAP, log4j=kafka.TOOLS_LOG4J)
    return subprocess.run(cmd, check=False).returncode


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infra/stack.py",
        description="Native CollectivIA dev stack (Kafka, Keycloak, Jaeger, the services; the "
        "lake's PostgreSQL, versitygw and Trino on demand) without Docker.",
        epilog="Also: `kafka-class MAIN_CLASS [ARGS...]` runs a Java class on the Kafka classpath.",
    )
    parser.add_argument(
        "command",
        choices=["up", "down", "restart", "status", "env", "topics", "resolve"],
        help="topics: apply the topic catalogue to the Kafka already running (native or "
        "compose); resolve: download and build into the cache, start nothing",
    )
    parser.add_argument("target", nargs="?", default="all", choices=[*TARGETS, *GROUPS])
    parser.add_argument(
        "--bootstrap", help="topics only: Kafka bootstrap address (default 127.0.0.1:$PORT)"
    )
    return parser


def main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("kafka").setLevel(logging.ERROR)  # kafka-python is noisy while polling
    try:
        cfg = StackConfig.from_env()
        if argv and argv[0] == "kafka-class":
            if len(argv) < 2:
                raise StackError("kafka-class", "usage: kafka-class MAIN_CLASS [ARGS...]")
            return kafka_class(cfg, argv[1], argv[2:])
        ns = _parser().parse_args(argv)
        targets = _targets(ns.target)
        commands: dict[str, Callable[[], int | None]] = {
            "up": lambda: up(cfg, targets),
            "down": lambda: down(cfg, targets),
            "restart": lambda: restart(cfg, targets),
            "status": lambda: status(cfg, targets),
            "env": lambda: env(cfg, targets),
            "resolve": lambda: resolve(cfg, targets),
            "topics": lambda: _apply_topics(cfg, ns.bootstrap),
        }
        # kube has locks of its own (the toolchain build, the cluster): a 20-minute build in
        # the background must not hold the stack's lock that `up kafka` waits for. Nor must
        # Jaeger's build (a lock of its own too).
        unlocked = ns.target == KUBE or (ns.command == "resolve" and ns.target == TRACES)
        if ns.command in {"up", "down", "restart", "resolve"} and not unlocked:
            with process.exclusive(cfg.run_dir / "stack.lock"):
                return commands[ns.command]() or 0
        return commands[ns.command]() or 0
    except StackError as exc:
        log.error("%s", exc)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
