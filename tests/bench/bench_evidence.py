"""Benchmark: the ethics register's evidence log on a SQLite file.

- append throughput: one use per transaction (the Kafka handler's path today), then
  ``append_many`` batches (one transaction per batch);
- the real path: AiUsed events already on the broker, consumed by the register's consumer
  with its batch handler into the log (needs Kafka: `make bench` starts it);
- verification of a chain of --chain entries (1,000,000 by default), built by ``append_many``
  in large batches, then verified in a fresh process so that its peak memory is its own.

Run with `make bench` or `.venv/bin/python tests/bench/bench_evidence.py`. Needs no server.
Prints its figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError
from pydantic import SecretStr

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.handlers import AiUsedBatchHandler, AiUsedHandler
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import HumanReview, Outcome, UseRecord
from collectivia.ethics_register.evidence.verification import verify
from collectivia.events.v1 import ai_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import AI_USED
from collectivia.platform.events.consumer import EventConsumer
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def memory_mib(field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def use(i: int) -> UseRecord:
    """A realistic use: a few sources and parameters, a sentence of contribution."""
    return UseRecord(
        use_id=str(uuid.uuid4()),
        system_id=f"system-{i % 20}",
        system_version=3,
        purpose="citizen-information",
        service="citizen-chat",
        actor=uuid.uuid4().hex[:16],
        outcome=Outcome.COMPLETED if i % 7 else Outcome.HANDED_OVER,
        human_review=HumanReview.NONE if i % 3 else HumanReview.ACCEPTED,
        trace_id=uuid.uuid4().hex,
        used_at=datetime.now(UTC),
        contribution="Réponse rédigée à partir des pages publiées par la collectivité.",
        data_sources=("faq-etat-civil", f"deliberation-2026-{i % 300}"),
        parameters={"temperature": "0.2", "seuil": "0.7", "top_k": "5"},
        model="mistral-small-3.2",
    )


def open_log(path: Path) -> EvidenceLog:
    engine = create_database_engine(f"sqlite:///{path}")
    SERVICE.create_schema(engine)
    SERVICE.create_schema(engine)
    return EvidenceLog(create_session_factory(engine))


def bench_appends(workdir: Path, single: int, batched: int, batch: int) -> None:
    log = open_log(workdir / "appends.db")
    records = [use(i) for i in range(single)]
    start = time.perf_counter()
    for record in records:
        log.append(record)
    rate = single / (time.perf_counter() - start)
    out(f"append, one use per transaction ({single:,} uses): {rate:,.0f} uses/s")
    records = [use(i) for i in range(batched)]
    start = time.perf_counter()
    for first in range(0, batched, batch):
        log.append_many(records[first : first + batch])
    rate = batched / (time.perf_counter() - start)
    out(f"append_many, {batch:,} uses per transaction ({batched:,} uses): {rate:,.0f} uses/s")


def bench_kafka_path(workdir: Path, events: int, bootstrap: str) -> None:
    prefix = f"bench-{uuid.uuid4().hex[:6]}."
    topic = prefix + AI_USED.topic
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    except KafkaError as error:
        out(f"Kafka path skipped: no broker at {bootstrap} ({error})")
        return
    admin.create_topics([NewTopic(topic, 1, 1), NewTopic(topic + ".dlq", 1, 1)])
    settings = KafkaSettings(
        bootstrap_servers=bootstrap, topic_prefix=prefix, auto_offset_reset="earliest"
    )
    telemetry = setup_telemetry(
        ServiceSettings(service_name="bench", client_id="bench", client_secret=SecretStr("x"))
    )
    publisher = KafkaEventPublisher(settings, "bench", telemetry)
    for i in range(events):
        record = use(i)
        publisher.publish(
            ai_pb2.AiUsed(
                use_id=record.use_id,
                system_id=record.system_id,
                system_version=1,
                purpose=record.purpose,
                service=record.service,
                actor=record.actor,
                outcome=ai_pb2.OUTCOME_COMPLETED,
                human_review=ai_pb2.HUMAN_REVIEW_NONE,
                contribution=record.contribution,
                model=record.model,
            ),
            key=record.system_id,
        )
    publisher.flush()
    publisher.close()
    log = open_log(workdir / "kafka-path.db")
    consumer = EventConsumer(
        settings,
        group_id=f"{prefix}register",
        handlers={AI_USED: AiUsedHandler(log)},
        batch_handlers={AI_USED: AiUsedBatchHandler(log)},
        telemetry=telemetry,
        client_id="bench",
    )
    start = time.perf_counter()
    consumer.start()
    while consumer.handled_count < events and time.perf_counter() - start < 300:
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    consumer.stop()
    admin.delete_topics([topic, topic + ".dlq"])
    admin.close()
    out(
        f"Kafka -> evidence log, register consumer with batches ({consumer.handled_count:,} of "
        f"{events:,} uses, consumer start included): {consumer.handled_count / elapsed:,.0f} uses/s"
    )


def build_chain(path: Path, entries: int, batch: int = 20_000) -> None:
    log = open_log(path)
    start = time.perf_counter()
    for first in range(0, entries, batch):
        log.append_many(use(i) for i in range(first, min(first + batch, entries)))
    elapsed = time.perf_counter() - start
    out(
        f"chain of {entries:,} entries built in {elapsed:.1f} s "
        f"({entries / elapsed:,.0f} uses/s, batches of {batch:,}, payload generation included)"
    )
    out(f"database file: {path.stat().st_size / 2**20:,.0f} MiB")


def verify_only(path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{path}")
    sessions = create_session_factory(engine)
    before = memory_mib("VmRSS")
    start = time.perf_counter()
    report = verify(sessions)
    elapsed = time.perf_counter() - start
    out(
        f"verify: {report.checked_entries:,} entries in {elapsed:.2f} s "
        f"({report.checked_entries / elapsed:,.0f} entries/s), intact={report.intact}"
    )
    out(
        f"verify memory (fresh process): resident {before:.0f} MiB before, "
        f"{memory_mib('VmRSS'):.0f} MiB after, peak {memory_mib('VmHWM'):.0f} MiB"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=2_000)
    parser.add_argument("--batched", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--chain", type=int, default=1_000_000)
    parser.add_argument("--kafka-events", type=int, default=20_000)
    parser.add_argument(
        "--bootstrap",
        default=f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}",
    )
    parser.add_argument("--verify-only", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.verify_only:
        verify_only(options.verify_only)
        return
    out("== evidence benchmark (SQLite file, WAL)")
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as directory:
        workdir = Path(directory)
        bench_appends(workdir, options.single, options.batched, options.batch)
        bench_kafka_path(workdir, options.kafka_events, options.bootstrap)
        chain = workdir / "chain.db"
        build_chain(chain, options.chain)
        out(f"builder process: peak resident memory {memory_mib('VmHWM'):.0f} MiB")
        subprocess.run(  # noqa: S603 - this very script, in a fresh process
            [sys.executable, __file__, "--verify-only", str(chain)], check=True
        )


if __name__ == "__main__":
    main()
