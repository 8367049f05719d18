"""CLI: up|down|restart|status|env|topics [kafka|keycloak|services|all]; kafka-class MAIN."""

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

from . import demo_data, kafka, keycloak, process, services
from .config import StackConfig, StackError
from .tooling import find_java, find_mvn
from .topics import load_catalogue
from .topics_apply import apply_catalogue

log = logging.getLogger("collectivia.stack")
SERVERS = ("kafka", "keycloak")
TARGETS = (*SERVERS, "services")


def _targets(target: str) -> list[str]:
    return list(TARGETS) if target == "all" else [target]


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
    if servers:
        java = find_java()
        for server in servers:
            _resolve(cfg, java, server)
        # Both servers start side by side; the first failure is raised once both are done.
        with ThreadPoolExecutor(max_workers=len(servers)) as pool:
            futures = [pool.submit(_start, cfg, java, server) for server in servers]
        for future in futures:
            future.result()
    if "services" in targets:
        # The services need Kafka and Keycloak: started after them, one by one.
        for service in services.SERVICES:
            services.start(cfg, service)
        demo_data.seed(cfg, services.service_url(services.SERVICES[0]))
    log.info("up: done in %.1f s", time.monotonic() - began)
    _log_endpoints(cfg, targets)


def _log_endpoints(cfg: StackConfig, targets: Sequence[str]) -> None:
    if "kafka" in targets:
        log.info("kafka bootstrap: %s", cfg.kafka_bootstrap)
    if "keycloak" in targets:
        log.info("keycloak: %s (admin console, dev admin/admin)", cfg.keycloak_url)
        log.info("keycloak realm: %s", cfg.realm_url)
        log.info("keycloak health: %s/health/ready", cfg.keycloak_management_url)
    if "services" in targets:
        for service in services.SERVICES:
            http_port, grpc_port = service.ports(os.environ)
            log.info(
                "%s: http://127.0.0.1:%d (API docs /docs), gRPC 127.0.0.1:%d",
                service.name,
                http_port,
                grpc_port,
            )
    log.info("logs: %s", cfg.logs_dir)


def down(cfg: StackConfig, targets: Sequence[str]) -> None:
    if "services" in targets:
        for service in services.SERVICES:
            _log_stop(service.name, partial(services.stop, cfg, service))
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
    if "services" in targets:
        for service in services.SERVICES:
            pid = services.running_pid(cfg, service)
            lines.append(_status_line(service.name, pid, partial(services.healthy, service)))
    for line, _ in lines:
        sys.stdout.write(line + "\n")
    return 0 if all(ok for _, ok in lines) else 3


def env(cfg: StackConfig) -> None:
    sys.stdout.write(
        f"export COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS={cfg.kafka_bootstrap}\n"
        f"export COLLECTIVIA_KEYCLOAK_URL={cfg.keycloak_url}\n"
    )


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
        description="Native CollectivIA dev stack (Kafka + Keycloak) without Docker.",
        epilog="Also: `kafka-class MAIN_CLASS [ARGS...]` runs a Java class on the Kafka classpath.",
    )
    parser.add_argument(
        "command",
        choices=["up", "down", "restart", "status", "env", "topics"],
        help="topics: apply the topic catalogue to the Kafka already running (native or compose)",
    )
    parser.add_argument("target", nargs="?", default="all", choices=[*TARGETS, "all"])
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
            "env": lambda: env(cfg),
            "topics": lambda: _apply_topics(cfg, ns.bootstrap),
        }
        if ns.command in {"up", "down", "restart"}:
            with process.exclusive(cfg.run_dir / "stack.lock"):
                return commands[ns.command]() or 0
        return commands[ns.command]() or 0
    except StackError as exc:
        log.error("%s", exc)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
