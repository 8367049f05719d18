"""Benchmark: CloudEvents publish -> consume through the shared core, on the real broker,
beside Kafka's own producer performance tool on the same broker.

Run with `make bench` (the broker must be up: `make up` or `python infra/stack.py up kafka`).
Prints its figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kafka.admin import KafkaAdminClient, NewTopic
from pydantic import SecretStr

from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.consumer import EventConsumer, ReceivedEvent
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.register.v1 import types_pb2

ROOT = Path(__file__).resolve().parents[2]
PERF_LINE = re.compile(r"(\d+) records sent, ([\d.]+) records/sec .*?([\d.]+) ms avg latency")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def payload(i: int) -> events_pb2.SystemRegistered:
    return events_pb2.SystemRegistered(
        system_id=str(uuid.uuid4()),
        name=f"Système de test {i}",
        purpose="citizen-information",
        owner="Direction du numérique",
        risk_class=types_pb2.RISK_CLASS_LIMITED,
        status=types_pb2.SYSTEM_STATUS_APPROVED,
        version=1,
        registered_by=str(uuid.uuid4()),
    )


def run_suite(bootstrap: str, events: int) -> float:
    prefix = f"bench-{uuid.uuid4().hex[:6]}."
    topic = prefix + SYSTEM_REGISTERED.topic
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic, 3, 1), NewTopic(topic + ".dlq", 1, 1)])
    settings = KafkaSettings(bootstrap_servers=bootstrap, topic_prefix=prefix)
    service = ServiceSettings(
        service_name="bench", client_id="bench", client_secret=SecretStr("unused-dev-secret")
    )
    telemetry = setup_telemetry(service)
    latencies: list[float] = []
    all_consumed = threading.Event()

    def handle(event: ReceivedEvent) -> None:
        latencies.append((datetime.now(UTC) - event.cloud_event.time).total_seconds() * 1000)
        if len(latencies) >= events:
            all_consumed.set()

    consumer = EventConsumer(
        settings,
        group_id=f"{prefix}group",
        handlers={SYSTEM_REGISTERED: handle},
        telemetry=telemetry,
        client_id="bench-consumer",
    )
    consumer.start()
    consumer.wait_for_assignment()
    publisher = KafkaEventPublisher(settings, "bench", telemetry)
    size = len(payload(0).SerializeToString())
    try:
        awaited = []
        for i in range(200):
            start = time.perf_counter()
            publisher.publish(payload(i), key=str(i), wait=True)
            awaited.append((time.perf_counter() - start) * 1000)
        all_consumed.clear()
        latencies.clear()
        start = time.perf_counter()
        for i in range(events):
            publisher.publish(payload(i), key=str(i % 500))
        publisher.flush()
        published_in = time.perf_counter() - start
        if not all_consumed.wait(timeout=300):
            out(f"only {len(latencies)} of {events} events consumed within 300 s")
        consumed_in = time.perf_counter() - start
    finally:
        publisher.close()
        consumer.stop()
    # The warm-up's 200 awaited events were consumed too; keep the timed run only.
    timed = latencies[-events:]
    publish_rate = events / published_in
    out(f"payload: SystemRegistered, {size} bytes, {events} events, 3 partitions, acks=all")
    out(
        f"awaited publish (acks=all, one at a time): p50 {percentile(awaited, 50):.2f} ms, "
        f"p99 {percentile(awaited, 99):.2f} ms"
    )
    out(f"publish throughput (pipelined): {publish_rate:,.0f} events/s")
    out(
        f"publish -> consume throughput: {events / consumed_in:,.0f} events/s "
        f"(consumer spans, dedupe, commit per poll)"
    )
    out(
        f"publish -> consume latency: p50 {percentile(timed, 50):.1f} ms, "
        f"p95 {percentile(timed, 95):.1f} ms, p99 {percentile(timed, 99):.1f} ms"
    )
    perf = run_producer_performance(bootstrap, admin, prefix, events, size)
    if perf:
        out(f"ratio, our publisher / ProducerPerformance: {publish_rate / perf:.2f}")
    admin.delete_topics([topic, topic + ".dlq"])
    admin.close()
    return publish_rate


def run_producer_performance(
    bootstrap: str, admin: KafkaAdminClient, prefix: str, events: int, size: int
) -> float | None:
    topic = prefix + "producer-performance"
    admin.create_topics([NewTopic(topic, 3, 1)])
    command = [
        sys.executable,
        str(ROOT / "infra" / "stack.py"),
        "kafka-class",
        "org.apache.kafka.tools.ProducerPerformance",
        "--topic",
        topic,
        "--num-records",
        str(events),
        "--record-size",
        str(size),
        "--throughput",
        "-1",
        "--producer-props",
        f"bootstrap.servers={bootstrap}",
        "acks=all",
        "enable.idempotence=true",
        "linger.ms=5",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    admin.delete_topics([topic])
    match = None
    for line in result.stdout.splitlines():
        match = PERF_LINE.search(line) or match
    if match is None:
        out(f"ProducerPerformance failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return None
    rate = float(match.group(2))
    out(
        f"Kafka ProducerPerformance (Java, same broker, same size): {rate:,.0f} records/s, "
        f"{float(match.group(3)):.1f} ms avg latency"
    )
    return rate


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("kafka").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument(
        "--bootstrap",
        default=f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}",
    )
    options = parser.parse_args()
    out(f"== events benchmark against {options.bootstrap}")
    run_suite(options.bootstrap, options.events)


if __name__ == "__main__":
    main()
