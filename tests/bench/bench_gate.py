"""Benchmark: the runtime gate, ``RegisterService.CheckUse``, end to end on loopback.

The real register (``running_register``: HTTP, gRPC, consumer) runs in a child process on the
running Kafka and Keycloak; this process registers a system, then fires CheckUse calls from
``--concurrency`` callers at once (threads, each on the traced and authenticated channel a
service gets from ``open_channel``, with a real client-credentials token), no client cache.
Prints latency percentiles and calls/s, and the server-only time of
``SystemDirectory.check_use``.

Run with `make bench` (Kafka and Keycloak must be up: `make up`, or
`python infra/stack.py up kafka && python infra/stack.py up keycloak`).
Prints its figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
from pydantic import SecretStr

from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.settings import KeycloakSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.register.v1 import register_pb2, register_pb2_grpc
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import NativeKafka, NativeKeycloak, realm_file
from collectivia.testkit.tokens import DemoTokens
from ethics_register_testing.running import running_register, settings_for_tests

PURPOSE = "citizen-information"
CALLER = "citizen-chat"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentiles(values: list[float]) -> list[float]:
    return statistics.quantiles(values, n=100, method="inclusive")


def serve(connection: Connection, bootstrap: str, keycloak_url: str, directory_calls: int) -> None:
    """Child process: the register, until told to stop; then times its directory alone."""
    logging.basicConfig(level=logging.WARNING)
    kafka, keycloak = NativeKafka(bootstrap), NativeKeycloak(keycloak_url)
    with tempfile.TemporaryDirectory() as scratch:
        settings = settings_for_tests(kafka, keycloak, Path(scratch) / "register.db")
        with running_register(settings) as register:
            connection.send((register.base_url, register.grpc_target))
            system_id = connection.recv()
            directory = register.service.get(SystemDirectory)
            start = time.perf_counter()
            for _ in range(directory_calls):
                directory.check_use(system_id, PURPOSE)
            elapsed = time.perf_counter() - start
            connection.send(elapsed / directory_calls * 1e6)
            connection.recv()


def register_system(base_url: str, keycloak_url: str) -> str:
    """An approved system, through the register's workflow."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        return str(approved_system(http, DemoTokens(keycloak_url, realm_file()))["id"])


def fire(
    stub: register_pb2_grpc.RegisterServiceStub,
    system_id: str,
    calls: int,
    concurrency: int,
    rate: float | None = None,
) -> tuple[list[float], float]:
    """``calls`` CheckUse calls from ``concurrency`` threads; latencies in ms and wall time.

    Without ``rate``, each caller calls again as soon as answered (a closed loop: latency is
    mostly queueing once the server is saturated). With ``rate`` (calls/s, all callers
    together), each caller keeps a schedule and latency counts from the scheduled time.
    """
    request = register_pb2.CheckUseRequest(system_id=system_id, purpose=PURPOSE)
    period = concurrency / rate if rate else 0.0
    latencies: list[float] = []
    remaining = [calls]
    lock = threading.Lock()
    start_together = threading.Barrier(concurrency + 1)

    def caller(index: int) -> None:
        mine: list[float] = []
        start_together.wait()
        scheduled = time.perf_counter() + index * period / concurrency
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            if rate:
                time.sleep(max(0.0, scheduled - time.perf_counter()))
                began, scheduled = scheduled, scheduled + period
            else:
                began = time.perf_counter()
            response = stub.CheckUse(request, timeout=30)
            mine.append((time.perf_counter() - began) * 1000)
            if response.decision != register_pb2.DECISION_ALLOWED:
                raise RuntimeError(f"unexpected decision: {response}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    start_together.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began


def report(label: str, latencies: list[float], wall: float) -> None:
    cuts = percentiles(latencies)
    out(
        f"{label}: {len(latencies)} calls, {len(latencies) / wall:,.0f} calls/s, "
        f"p50 {cuts[49]:.2f} ms, p95 {cuts[94]:.2f} ms, p99 {cuts[98]:.2f} ms"
    )


def run(options: argparse.Namespace) -> None:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(
        target=serve,
        args=(theirs, options.bootstrap, options.keycloak, options.directory_calls),
        daemon=True,
    )
    server.start()
    try:
        if not ours.poll(120):
            raise TimeoutError("the register did not start within 120 s")
        base_url, grpc_target = ours.recv()
        system_id = register_system(base_url, options.keycloak)
        caller = ServiceSettings(
            service_name=CALLER,
            client_id=CALLER,
            client_secret=SecretStr(f"{CALLER}-dev-secret"),
            keycloak=KeycloakSettings(url=options.keycloak),
        )
        tokens = ServiceTokenProvider(
            caller.keycloak, caller.client_id, caller.client_secret.get_secret_value()
        )
        channel = open_channel(grpc_target, setup_telemetry(caller), tokens)
        stub = register_pb2_grpc.RegisterServiceStub(channel)
        fire(stub, system_id, 2_000, options.concurrency)  # warm-up
        report("CheckUse, 1 caller", *fire(stub, system_id, options.calls // 10, 1))
        report(
            f"CheckUse, {options.concurrency} concurrent callers",
            *fire(stub, system_id, options.calls, options.concurrency),
        )
        report(
            f"CheckUse, {options.concurrency} callers paced at {options.rate:,} calls/s in all",
            *fire(stub, system_id, options.calls // 2, options.concurrency, options.rate),
        )
        channel.close()
        ours.send(system_id)
        directory_us = ours.recv()
        out(f"server only, SystemDirectory.check_use: {directory_us:.2f} us per call")
        ours.send("stop")
    finally:
        server.join(60)
        if server.is_alive():
            server.terminate()


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--rate", type=int, default=1_000, help="calls/s of the paced run")
    parser.add_argument("--directory-calls", type=int, default=200_000)
    parser.add_argument(
        "--bootstrap", default=f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}"
    )
    parser.add_argument(
        "--keycloak",
        default=f"http://127.0.0.1:{os.environ.get('COLLECTIVIA_KEYCLOAK_PORT', '8080')}",
    )
    options = parser.parse_args()
    out(
        f"== gate benchmark: register in a child process, Kafka {options.bootstrap}, "
        f"Keycloak {options.keycloak}, {os.cpu_count()} CPUs"
    )
    run(options)


if __name__ == "__main__":
    main()
