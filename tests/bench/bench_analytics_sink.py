"""Benchmark: the officials' analytics' sink — the suite's events from the real Kafka into the
analytics tables (Iceberg), beside two baselines measured in the same process on the same
events:

- the platform's consumer alone, handing the same records to a batch handler that does
  nothing (headers, CloudEvents, protobuf, spans, offset commits: the ceiling any handler
  of this consumer has);
- a plain build and append without Kafka: the same payloads mapped to rows by the sink's
  pure functions, one pyarrow table per analytics table, one pyiceberg append each, into a
  fresh catalog (no dedupe, no bookkeeping).

The events (mixed types, in the suite's proportions) are published beforehand on topics of
their own (a prefix per run); then the service starts in this process, like its tests, and
consumes the backlog; the figure is the time until every row is committed to the tables.
Run with `make bench` (Kafka and Keycloak up). Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import multiprocessing
import os
import pstats
import random
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import confluent_kafka
import httpx
import pyarrow as pa
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from sqlalchemy import text

from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2, register_pb2
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.tables import TABLE_PROPERTIES
from collectivia.officials_analytics.definition import SERVICE
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.area import AREA as SINK_AREA
from collectivia.officials_analytics.sink.area import SUBSCRIBED, SinkSettings
from collectivia.officials_analytics.sink.mapping import MAPPINGS, Fact
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.sink.writer import SinkWriter, rows_table
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import DEAD_LETTER_SUFFIX, EventType, event_type_of
from collectivia.platform.events.consumer import EventConsumer, ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent
from collectivia.platform.settings import KafkaSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.register.v1 import types_pb2
from collectivia.testkit.apps import running_app, settings_for_tests
from collectivia.testkit.servers import NativeKafka, NativeKeycloak
from officials_analytics_testing.running import storage_in

TARGET = 20_000
COMMUNES = ("57463", "57480", "57751", "57447", "57412")
THEMES = ("Déchets > Collecte", "État civil > Actes", "Papiers > Carte d'identité et passeport")
# The suite's proportions: every answer is also an AI use; telemetry is few events of many rows.
MIX: tuple[tuple[str, float], ...] = (
    ("answer", 0.33),
    ("use", 0.40),
    ("feedback", 0.04),
    ("handoff", 0.035),
    ("reply", 0.03),
    ("task", 0.15),
    ("dataset", 0.005),
    ("telemetry", 0.002),
    ("incident", 0.002),
    ("status", 0.001),
    ("late", 0.0005),
)
Event = tuple[EventType[Any], str, Message]


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def make_event(kind: str, rng: random.Random, at: datetime, serial: int) -> tuple[str, Message]:
    """A payload of ``kind`` and its key (``serial``: this event's number, for a period of its
    own: two aggregates of one period would be one publication replacing the other)."""
    ids = str(uuid.UUID(int=rng.getrandbits(128)))
    commune, theme = rng.choice(COMMUNES), rng.choice(THEMES)
    if kind == "answer":
        return ids, chat_pb2.AnswerProduced(
            conversation_id=ids,
            answer_id=ids,
            theme=theme,
            commune=commune,
            latency_ms=rng.randint(300, 4000),
            confidence=rng.random(),
            cited_source_ids=["doc-1", "doc-2"],
            outcome=rng.choice((1, 1, 1, 2, 3)),  # type: ignore[arg-type]
            answered_at=stamp(at),
        )
    if kind == "use":
        return "sys-chat", ai_pb2.AiUsed(
            use_id=ids,
            system_id="sys-chat",
            system_version=1,
            purpose="citizen-information",
            service="citizen-chat",
            actor="pseudonyme",
            outcome=ai_pb2.OUTCOME_COMPLETED,
            human_review=ai_pb2.HUMAN_REVIEW_NONE,
            used_at=stamp(at),
            model="mistral-small-3.2",
        )
    if kind == "feedback":
        return ids, chat_pb2.FeedbackGiven(
            conversation_id=ids, answer_id=ids, useful=rng.random() < 0.8, given_at=stamp(at)
        )
    if kind == "handoff":
        return ids, chat_pb2.HandoffRequested(
            handoff_id=ids,
            conversation_id=ids,
            commune=commune,
            theme=theme,
            turns=[chat_pb2.ConversationTurn(role="citizen", text="Bonjour, [NOM_1] ici")],
            contact_channel="email",
            contact="[EMAIL_1]",
            requested_at=stamp(at),
        )
    if kind == "reply":
        return ids, chat_pb2.HandoffResolved(
            handoff_id=ids, conversation_id=ids, department="etat-civil", resolved_at=stamp(at)
        )
    if kind == "task":
        return "etat-civil", assistant_pb2.TaskCompleted(
            task_id=ids,
            task=assistant_pb2.ASSISTANT_TASK_DRAFT,
            agent="pseudonyme",
            department="etat-civil",
            generative=True,
            latency_ms=rng.randint(500, 9000),
            declared_minutes_saved=rng.choice((0, 10, 20)),
            completed_at=stamp(at),
        )
    if kind == "dataset":
        return "eau-telemetrie", lake_pb2.DatasetUpdated(
            dataset_id="eau-telemetrie", mode="append", rows_added=1000, updated_at=stamp(at)
        )
    if kind == "telemetry":
        return ids, lake_pb2.TelemetryAggregated(
            dataset_id="eau-telemetrie",
            period="hour",
            period_start=stamp(datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=serial)),
            aggregates=[
                lake_pb2.TelemetryAggregate(
                    sensor_id=f"{ids}-{n}", measure="debit", commune=commune, count=60, mean=4.2
                )
                for n in range(10)
            ],
        )
    if kind == "incident":
        return "sys-chat", register_pb2.IncidentReported(
            incident_id=ids, system_id="sys-chat", severity="low", reported_at=stamp(at)
        )
    if kind == "status":
        return "sys-chat", register_pb2.SystemStatusChanged(
            system_id="sys-chat", status=types_pb2.SYSTEM_STATUS_APPROVED, changed_at=stamp(at)
        )
    return ids, lake_pb2.DeliveryLate(
        contract_id="dsp-eau",
        dataset_id="fontaines",
        period_start="2026-01-01",
        status="late",
        observed_at=stamp(at),
    )


def mixed_events(count: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    kinds = rng.choices([k for k, _ in MIX], [w for _, w in MIX], k=count)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    events: list[Event] = []
    for index, kind in enumerate(kinds):
        key, payload = make_event(kind, rng, start + timedelta(seconds=index * 37), index)
        events.append((event_type_of(payload), key, payload))
    return events


def expected_rows(events: list[Event]) -> int:
    return sum(
        len(payload.aggregates) if isinstance(payload, lake_pb2.TelemetryAggregated) else 1
        for _, _, payload in events
    )


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def create_topics(admin: KafkaAdminClient, prefix: str) -> list[str]:
    topics = [prefix + event.topic for event in SUBSCRIBED]
    admin.create_topics(
        [NewTopic(t, 3, 1) for t in topics]
        + [NewTopic(t + DEAD_LETTER_SUFFIX, 1, 1) for t in topics]
    )
    return topics


def publish(bootstrap: str, prefix: str, events: list[Event]) -> float:
    """The records as the platform's publisher writes them (CloudEvents headers), through one
    pipelined producer: the backlog the service finds when it starts."""
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=20,
        batch_size=256 * 1024,
    )
    start = time.perf_counter()
    for event_type, key, payload in events:
        cloud_event = CloudEvent(
            id=str(uuid.uuid4()),
            source="bench",
            type=event_type.ce_type,
            time=datetime.now(UTC),
            data_content_type=event_type.content_type,
        )
        producer.send(
            prefix + event_type.topic,
            key=key.encode(),
            value=payload.SerializeToString(),
            headers=cloud_event.kafka_headers({}),
        )
    producer.flush()
    seconds = time.perf_counter() - start
    producer.close()
    return seconds


def consumer_settings(bootstrap: str, prefix: str, options: argparse.Namespace) -> KafkaSettings:
    """The topics of this run, from their start, read with the consumer settings asked."""
    return KafkaSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        auto_offset_reset="earliest",
        consumer_max_poll_records=options.max_poll_records,
        consumer_max_partition_fetch_bytes=options.partition_fetch_kib * 1024,
    )


def through_the_service(
    kafka: NativeKafka,
    keycloak: NativeKeycloak,
    prefix: str,
    events: list[Event],
    folder: Path,
    options: argparse.Namespace,
) -> None:
    rows = expected_rows(events)
    # The topics of this run, from their start (the tests' settings start at their end).
    settings = settings_for_tests(
        OfficialsAnalyticsSettings, kafka, keycloak, folder / "analytics.db"
    ).model_copy(update={"kafka": consumer_settings(kafka.bootstrap_servers, prefix, options)})
    sink = SinkSettings(sink_flush_delay_seconds=1.0)
    unstaged, unprofiled = SinkWriter.stage, EventConsumer._poll_once
    first_event = first_staging()
    profile = profiled_polls() if options.profile else None
    start = time.perf_counter()
    with running_app(SERVICE, settings, supplied=[storage_in(folder), sink]) as running:
        writer = running.service.get(SinkWriter)
        started = time.perf_counter() - start
        deadline = time.monotonic() + 900
        staged_at = None
        while writer.committed_rows < rows and time.monotonic() < deadline:
            if staged_at is None and writer.staged_events >= len(events):
                staged_at = time.perf_counter()
            if staged_at is not None and writer.pending_rows() == 0:
                break  # all committed (fewer rows than expected: the line below says)
            time.sleep(0.01)
        done = time.perf_counter()
        cpu = time.process_time() - first_event[0][1] if first_event else float("nan")
        stored = {
            t: writer.lakehouse.read(dataset_id(t), columns=["event_id"]).num_rows for t in TABLES
        }
        commits = {t: len(writer.lakehouse.versions(dataset_id(t))) - 1 for t in TABLES}
    SinkWriter.stage, EventConsumer._poll_once = unstaged, unprofiled  # type: ignore[method-assign]
    seconds = done - start
    from_first = done - first_event[0][0] if first_event else float("nan")
    out(
        f"through the service (consumer, mapping, dedupe by event id in its database, staging, "
        f"Iceberg commits of up to {sink.sink_max_commit_rows:,} rows): "
        f"{len(events) / seconds:,.0f} events/s from the service's start ({seconds:.1f} s, "
        f"joining the group included: {started:.1f} s to start); "
        f"{len(events) / from_first:,.0f} events/s from the first event staged "
        f"(target: >= {TARGET:,} events/s)"
    )
    if staged_at is not None:
        out(
            f"  staged (counted once, durable) at {len(events) / (staged_at - start):,.0f} "
            f"events/s; the last commit {done - staged_at:.1f} s after the last event staged"
        )
    # The process's CPU time (every thread: consumer, flushing worker, Kafka client), less
    # sensitive than the wall clock to the machine's other work.
    out(f"  CPU time from the first event staged: {cpu / len(events) * 1e6:.1f} us an event")
    if profile is not None:
        print_profile(profile)
    out(
        f"  {sum(stored.values()):,} rows stored of {rows:,} expected, in "
        f"{sum(commits.values())} commits: "
        + ", ".join(f"{t} {stored[t]:,}/{commits[t]}" for t in TABLES if stored[t])
    )


def first_staging() -> list[tuple[float, float]]:
    """When the sink's first batch with a new event began staging (wall clock, process CPU),
    noted in the consumer's thread: the service may stage before ``running_app`` returns
    (its consumer runs while the rest of it finishes starting), before this process could
    look."""
    noted: list[tuple[float, float]] = []
    original = SinkWriter.stage

    def stage(writer: SinkWriter, facts: Iterable[Fact]) -> int:
        began = (time.perf_counter(), time.process_time())
        staged = original(writer, facts)
        if staged and not noted:
            noted.append(began)
        return staged

    setattr(SinkWriter, "stage", stage)  # noqa: B010  (restored by the caller)
    return noted


def serve(settings: OfficialsAnalyticsSettings, supplied: list[object], stop: Any) -> None:
    """One member of the group, in a process of its own (``--processes``)."""
    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore", "Delete operation did not match", UserWarning)
    with running_app(SERVICE, settings, supplied=supplied):
        stop.wait(900)


def through_several_processes(
    kafka: NativeKafka,
    keycloak: NativeKeycloak,
    prefix: str,
    events: list[Event],
    folder: Path,
    options: argparse.Namespace,
) -> None:
    """The same backlog taken by ``--processes`` members of one consumer group, each a
    process with the service (the topics' 3 partitions shared among them), staging into one
    database: the dedupe by event id and the commits' claims are shared there."""
    settings = settings_for_tests(
        OfficialsAnalyticsSettings, kafka, keycloak, folder / "analytics.db"
    ).model_copy(update={"kafka": consumer_settings(kafka.bootstrap_servers, prefix, options)})
    storage, sink = storage_in(folder), SinkSettings(sink_flush_delay_seconds=1.0)
    engine = create_database_engine(settings.database_url)
    # The tables made once before the members start (two creating one table would clash).
    create_tables(engine, [model.__table__ for model in SINK_AREA.tables])
    writer = SinkWriter(create_session_factory(engine), storage.open_lakehouse(storage.namespace))
    writer.ensure_tables()
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    members = [
        context.Process(target=serve, args=(settings, [storage, sink], stop))
        for _ in range(options.processes)
    ]
    start = time.perf_counter()
    for member in members:
        member.start()
    deadline = time.monotonic() + 900
    staged = 0
    first: float | None = None
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            staged = connection.execute(text("SELECT count(*) FROM sink_events")).scalar_one()
        if first is None and staged:
            first = time.perf_counter()
        if staged >= len(events) and writer.pending_rows() == 0:
            break
        time.sleep(0.05)
    done = time.perf_counter()
    stop.set()
    for member in members:
        member.join(60)
    engine.dispose()
    rows = sum(writer.lakehouse.read(dataset_id(t), columns=["event_id"]).num_rows for t in TABLES)
    seconds = done - start
    from_first = done - first if first is not None else float("nan")
    out(
        f"through {options.processes} processes of the service in one consumer group: "
        f"{len(events) / seconds:,.0f} events/s from their start ({seconds:.1f} s, spawning "
        f"and joining included); {len(events) / from_first:,.0f} events/s from the first "
        f"event staged; {staged:,} events staged, {rows:,} rows stored "
        f"(target: >= {TARGET:,} events/s)"
    )


def profiled_polls() -> cProfile.Profile:
    """A profile of the consumer thread's polls (decoding, handlers, staging, offset commits;
    cProfile sees one thread: the flushing worker's Iceberg commits are not in it)."""
    profile = cProfile.Profile()
    original = EventConsumer._poll_once

    def poll_once(consumer: EventConsumer) -> None:
        profile.enable()
        try:
            original(consumer)
        finally:
            profile.disable()

    EventConsumer._poll_once = poll_once  # type: ignore[method-assign, assignment]
    return profile


def print_profile(profile: cProfile.Profile) -> None:
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(25)
    out("  profile of the consumer thread, by own time:\n" + text.getvalue())


def consumer_alone(
    kafka: NativeKafka, prefix: str, events: list[Event], options: argparse.Namespace
) -> None:
    settings = consumer_settings(kafka.bootstrap_servers, prefix, options)
    service = OfficialsAnalyticsSettings(database_url="")
    telemetry = setup_telemetry(service)
    handled = [0]
    first: list[float] = []
    done = threading.Event()

    def batch(received: list[ReceivedEvent]) -> None:
        if not first:
            first.append(time.perf_counter())
        handled[0] += len(received)
        if handled[0] >= len(events):
            done.set()

    def one(_received: ReceivedEvent) -> None:
        if not first:
            first.append(time.perf_counter())
        handled[0] += 1
        if handled[0] >= len(events):
            done.set()

    consumer = EventConsumer(
        settings,
        group_id=f"{prefix}consumer-alone",
        handlers=dict.fromkeys(SUBSCRIBED, one),
        batch_handlers=dict.fromkeys(SUBSCRIBED, batch),
        telemetry=telemetry,
        client_id="bench-consumer-alone",
    )
    start, start_cpu = time.perf_counter(), time.process_time()
    consumer.start()
    done.wait(600)
    finished = time.perf_counter()
    cpu = time.process_time() - start_cpu
    seconds = finished - start
    consumer.stop()
    from_first = finished - first[0] if first else float("nan")
    client = (
        f"confluent-kafka {confluent_kafka.version()}, librdkafka {confluent_kafka.libversion()[0]}"
    )
    out(
        f"baseline, the platform's consumer alone with a batch handler that does nothing: "
        f"{handled[0] / seconds:,.0f} events/s ({seconds:.1f} s, joining the group included; "
        f"{handled[0] / from_first:,.0f} events/s from the first batch; client: {client}); "
        f"CPU time {cpu / max(handled[0], 1) * 1e6:.1f} us an event (joining included)"
    )


def plain_append(events: list[Event], folder: Path) -> None:
    def build() -> dict[str, pa.Table]:
        rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        published = datetime.now(UTC)
        for index, (_, _, payload) in enumerate(events):
            fact = MAPPINGS[type(payload)](f"e{index}", published, payload)
            rows[fact.table].extend(fact.rows)
        return {t: rows_table(t, r) for t, r in rows.items() if r}

    built_in, tables = timed(build)
    catalog = open_catalog(
        CatalogLocation(
            catalog_url=f"sqlite:///{folder / 'plain.db'}",
            catalog_name="plain",
            warehouse=str(folder / "plain"),
            s3_endpoint="",
            s3_access_key_id="",
            s3_secret_access_key="",
            s3_region="us-east-1",
        )
    )
    catalog.create_namespace("plain")

    def append() -> None:
        for name, rows in tables.items():
            table = catalog.create_table(
                f"plain.{name}", schema=rows.schema, properties=TABLE_PROPERTIES
            )
            table.append(rows)

    appended_in, _ = timed(append)
    seconds = built_in + appended_in
    out(
        f"baseline, a plain build and append without Kafka (the sink's mapping functions, "
        f"pyarrow tables, one pyiceberg append per table): {len(events) / seconds:,.0f} "
        f"events/s (rows built in {built_in:.1f} s, appended in {appended_in:.1f} s)"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("kafka").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", "Delete operation did not match", UserWarning)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--max-poll-records", type=int, default=5_000)
    parser.add_argument("--partition-fetch-kib", type=int, default=4_096)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the consumer thread's polls"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="also run the backlog again through this many processes of the service (>= 2)",
    )
    options = parser.parse_args()
    kafka, keycloak = NativeKafka(), NativeKeycloak()
    try:
        httpx.get(f"{keycloak.url}/realms/collectivia", timeout=5).raise_for_status()
    except httpx.HTTPError:
        out("not run: Keycloak is not up (make bench starts it, with Kafka)")
        return
    out(
        f"# Officials' analytics sink — on this machine's {os.cpu_count()} CPUs, shared with "
        "its other work: figures vary from run to run; compare each with the baseline beside it"
    )
    built, events = timed(lambda: mixed_events(options.events))
    kinds = Counter(type(p).__name__ for _, _, p in events)
    out(
        f"{len(events):,} events of {len(kinds)} types ({expected_rows(events):,} rows; built in "
        f"{built:.1f} s): " + ", ".join(f"{k} {n:,}" for k, n in kinds.most_common())
    )
    prefix = f"bench-{uuid.uuid4().hex[:6]}."
    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    topics = create_topics(admin, prefix)
    try:
        seconds = publish(kafka.bootstrap_servers, prefix, events)
        out(
            f"published beforehand (one pipelined producer, acks=all): "
            f"{len(events) / seconds:,.0f} events/s ({seconds:.1f} s)"
        )
        with tempfile.TemporaryDirectory(prefix="bench-sink-") as folder:
            out(
                f"consumer: up to {options.max_poll_records:,} records a poll, "
                f"{options.partition_fetch_kib:,} KiB a partition a fetch"
            )
            through_the_service(kafka, keycloak, prefix, events, Path(folder), options)
            if options.processes > 1:
                with tempfile.TemporaryDirectory(prefix="bench-sink-group-") as group_folder:
                    through_several_processes(
                        kafka, keycloak, prefix, events, Path(group_folder), options
                    )
            consumer_alone(kafka, prefix, events, options)
            plain_append(events, Path(folder))
    finally:
        admin.delete_topics(topics + [t + DEAD_LETTER_SUFFIX for t in topics])
        admin.close()


if __name__ == "__main__":
    main()
