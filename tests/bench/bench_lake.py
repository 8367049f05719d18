"""Benchmark: the data lake — validation at the door, telemetry through gRPC into Iceberg,
group-bys over 10 million readings (DuckDB embedded and Trino), reading an old version.

Each figure is printed beside its baseline, measured in the same process on the same data:
frictionless alone for validation, a raw pyarrow + pyiceberg append for telemetry.
Run with `make bench` (Kafka, Keycloak and the lake's scale-out servers up; the telemetry
part starts the lake in this process, like its tests). Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import grpc
import httpx
import numpy as np
import pyarrow as pa
from frictionless import Resource
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.transforms import MonthTransform

from collectivia.data_lake.telemetry import simulator
from collectivia.data_lake.telemetry.readings import STORED_SCHEMA
from collectivia.data_lake.telemetry.wire import readings_table
from collectivia.data_lake.validation.readers import ReadLimits, read_table
from collectivia.data_lake.validation.schemas import (
    TableSchemaDefinition,
    load_schema,
    load_schema_file,
)
from collectivia.data_lake.validation.validator import validate
from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.queries import run_query
from collectivia.lakehouse.tables import TABLE_PROPERTIES, Lakehouse, Partitioning
from collectivia.testkit.servers import LakeScaleOut, NativeKafka, NativeKeycloak, realm_file
from collectivia.testkit.tokens import DemoTokens, bearer
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT.parent / "shared" / "lake" / "schemas"
GROUP_BY = (
    "SELECT sensor_id, measure, date_trunc('month', CAST(measured_at AS TIMESTAMP)) AS month, "
    "count(*) AS n, "
    "avg(value) AS mean, max(value) AS peak FROM readings GROUP BY 1, 2, 3"
)


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def readings(rows: int, *, seed: int = 7) -> pa.Table:
    """Water telemetry as an operator sends it: 500 sensors, 3 measures, one reading a
    minute over the months the rows cover."""
    generator = np.random.default_rng(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    minutes = np.arange(rows, dtype="int64") // 1500
    sensors = np.arange(rows) % 500
    return pa.table(
        {
            "sensor_id": pa.array([f"capteur-{s:04d}" for s in range(500)]).take(pa.array(sensors)),
            "measure": pa.array(["debit", "pression", "niveau"]).take(
                pa.array(np.arange(rows) % 3)
            ),
            "value": pa.array(generator.gamma(2.0, 20.0, rows)),
            "unit": pa.array(["m3/h"] * 1).take(pa.array(np.zeros(rows, dtype="int64"))),
            "measured_at": pa.array(
                (np.datetime64(start.replace(tzinfo=None), "us") + minutes * 60_000_000),
                pa.timestamp("us", tz="UTC"),
            ),
            "commune": pa.array(["57463", "57480", "57751", "57447", "57412"]).take(
                pa.array(sensors % 5)
            ),
        }
    )


@contextmanager
def embedded_lakehouse() -> Iterator[Lakehouse]:
    with tempfile.TemporaryDirectory(prefix="bench-lake-") as folder:
        location = CatalogLocation(
            catalog_url=f"sqlite:///{folder}/catalog.db",
            catalog_name="lake",
            warehouse=f"{folder}/warehouse",
        )
        yield Lakehouse(catalog=open_catalog(location), namespace="bench")


# -- validation at the door -----------------------------------------------------------------

LIMITS = ReadLimits(max_bytes=10**9, max_rows=10_000_000, max_uncompressed_bytes=10**10)
# A simple schema: four fields, a primary key (each row's own), a pattern, a bound.
SIMPLE_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "commune", "type": "string", "constraints": {"pattern": "^[0-9]{5}$"}},
        {"name": "date", "type": "date", "constraints": {"required": True}},
        {"name": "montant", "type": "number", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["id"],
}


def subventions_file(rows: int) -> bytes:
    """``rows`` rows of the SCDL subventions' valid example, repeated, each with its own
    decision reference and amount (the example's 29 rows, over and over)."""
    text = (SCHEMAS / "scdl" / "subventions" / "exemple-valide.csv").read_text("utf-8")
    header, *examples = list(csv.reader(io.StringIO(text)))
    reference, amount = header.index("referenceDecision"), header.index("montant")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for n in range(rows):
        row = list(examples[n % len(examples)])
        row[reference] = f"{row[reference]} #{n}"
        row[amount] = f"{1000 + n % 90_000}.{n % 100:02d}"
        writer.writerow(row)
    return buffer.getvalue().encode()


def simple_file(rows: int) -> bytes:
    communes = ("57463", "57480", "57751", "57447", "57412")
    lines = ["id,commune,date,montant"]
    lines.extend(
        f"{n},{communes[n % 5]},2026-{1 + n % 12:02d}-{1 + n % 28:02d},{n % 10_000}.{n % 100:02d}"
        for n in range(rows)
    )
    return ("\n".join(lines) + "\n").encode()


def validated_at_the_door(filename: str, content: bytes, schema: TableSchemaDefinition) -> int:
    """Bytes to a typed table: read (``readers``), checked (``validator``); rows valid."""
    outcome = validate(read_table(filename=filename, content=content, limits=LIMITS), schema)
    if not outcome.valid:
        raise RuntimeError(
            f"the bench's file is invalid: {[e.message for e in outcome.report.errors[:3]]}"
        )
    return int(outcome.table.num_rows) if outcome.table is not None else 0


def validated_by_frictionless(content: bytes, schema: TableSchemaDefinition) -> int:
    """frictionless alone, on the same bytes and Table Schema (its own CSV reading, typing,
    constraints and primary key; it knows no SCDL custom check)."""
    report = Resource(content, format="csv", schema=schema.schema).validate(limit_errors=1000)
    if not report.valid:
        raise RuntimeError(f"frictionless finds the bench's file invalid: {report.flatten()[:3]}")
    return int(report.tasks[0].stats["rows"])


def bench_validation(rows: int) -> None:
    out(f"\n## Validation at the door: {rows:,}-row CSV files, bytes to a typed table")
    subventions = load_schema_file(
        SCHEMAS / "scdl" / "subventions" / "schema.json", name="scdl/subventions"
    )
    simple = load_schema(SIMPLE_SCHEMA, name="bench/simple")
    cases = [
        ("SCDL subventions (16 fields, 3 custom checks)", subventions, subventions_file(rows)),
        ("simple schema (4 fields, primary key)", simple, simple_file(rows)),
    ]
    for title, schema, content in cases:
        ours_once = partial(validated_at_the_door, "bench.csv", content, schema)
        ours = statistics.median(timed(ours_once)[0] for _ in range(3))
        theirs, counted = timed(partial(validated_by_frictionless, content, schema))
        target = " (target: >= 100,000 rows/s)" if schema is simple else ""
        out(
            f"{title}, {len(content) / 1e6:.1f} MB: readers + validator "
            f"{rows / ours:,.0f} rows/s (p50 of 3, {ours:.2f} s){target}; frictionless alone "
            f"{counted / theirs:,.0f} rows/s ({theirs:.2f} s, one run); "
            f"{theirs / ours:.1f}x faster"
        )


# -- telemetry through gRPC into Iceberg ----------------------------------------------------


def telemetry_batches(
    dataset_id: str, run: str, count: int, size: int
) -> list[lake_pb2.TelemetryBatch]:
    """``count`` readings as the simulator sends them (60 sensors in 3 communes over the last
    6 hours, 1 in 1,000 spoilt), in batches of ``size``."""
    now = datetime.now(UTC)
    sensors = simulator.sensors_of(simulator.COMMUNES, 10)
    source = simulator.readings(
        sensors,
        count=count,
        start=now - timedelta(hours=6),
        end=now,
        bad_ratio=0.001,
        rng=random.Random(1),
    )
    return list(simulator.batches(dataset_id, run, source, size))


def declare_telemetry(base_url: str, tokens: DemoTokens, dataset_id: str, contract: str) -> None:
    """The telemetry dataset and the water operator's contract, as a data steward does."""
    steward = bearer(tokens.for_role("data-steward", audience="data-lake"))
    with httpx.Client(base_url=base_url, timeout=30) as http:
        body = dataset_body(dataset_id, kind="telemetry", contract_id=contract, frequency="CONT")
        http.post("/v1/datasets", headers=steward, json=body).raise_for_status()
        contract_body = {
            "id": contract,
            "title": "Délégation du service public de l'eau potable",
            "public_service": "eau-potable",
            "operator_client_id": "operator-eau-demo",
            "operator_name": "Eaux de la Métropole SAS",
            "starts_on": "2024-01-01",
            "ends_on": "2035-12-31",
            "datasets": [{"dataset_id": dataset_id, "frequency": "continuous"}],
        }
        http.post("/v1/contracts", headers=steward, json=contract_body).raise_for_status()


def through_the_service(
    target: str, token: str, batches: list[lake_pb2.TelemetryBatch]
) -> tuple[float, list[tuple[float, lake_pb2.TelemetryAck]]]:
    """Seconds to stream ``batches`` and get every ack; each ack with its arrival time."""
    metadata = (("authorization", f"Bearer {token}"),)
    with grpc.insecure_channel(target) as channel:
        stub = lake_pb2_grpc.DataLakeServiceStub(channel)
        warm = lake_pb2.TelemetryBatch(
            dataset_id=batches[0].dataset_id,
            batch_id=f"{batches[0].batch_id}-warm",
            readings=batches[0].readings[:100],
        )
        list(stub.IngestTelemetry(iter([warm]), metadata=metadata))  # the table, the token
        start = time.perf_counter()
        acks = [
            (time.perf_counter() - start, ack)
            for ack in stub.IngestTelemetry(iter(batches), metadata=metadata)
        ]
        return time.perf_counter() - start, acks


def quarter_rates(
    acks: list[tuple[float, lake_pb2.TelemetryAck]], batches: list[lake_pb2.TelemetryBatch]
) -> list[float]:
    """Readings a second over each quarter of the stream (by acknowledged batches)."""
    ends = [len(acks) * n // 4 for n in range(1, 5)]
    rates, start, since = [], 0, 0.0
    for end in ends:
        readings = sum(len(b.readings) for b in batches[start:end])
        rates.append(readings / max(acks[end - 1][0] - since, 1e-9))
        start, since = end, acks[end - 1][0]
    return rates


def raw_appends(tables: list[pa.Table], folder: Path) -> float:
    """Seconds to append ``tables`` one commit each with pyiceberg alone, into a table of the
    same schema, partitioning and properties as the service's telemetry tables."""
    folder.mkdir(parents=True)
    catalog = SqlCatalog(
        "raw", uri=f"sqlite:///{folder / 'catalog.db'}", warehouse=(folder / "w").as_uri()
    )
    catalog.create_namespace("raw")
    table = catalog.create_table(
        f"raw.t{uuid.uuid4().hex[:8]}", schema=STORED_SCHEMA, properties=TABLE_PROPERTIES
    )
    with table.update_spec() as spec:
        spec.add_field("measured_at", MonthTransform(), "measured_at_month")
    table.append(tables[0].slice(0, 100))
    start = time.perf_counter()
    for rows in tables:
        table.append(rows)
    return time.perf_counter() - start


def bench_telemetry(count: int, size: int) -> None:
    out(
        f"\n## Telemetry: {count:,} readings in batches of {size:,}, gRPC IngestTelemetry "
        "into Iceberg"
    )
    kafka, keycloak = NativeKafka(), NativeKeycloak()
    try:
        httpx.get(f"{keycloak.url}/realms/collectivia", timeout=5).raise_for_status()
    except httpx.HTTPError:
        out("not run: Keycloak is not up (make bench starts it, with Kafka)")
        return
    tokens = DemoTokens(keycloak.url, realm_file())
    run = uuid.uuid4().hex[:8]
    dataset_id, contract = f"eau-bench-{run}", f"dsp-bench-{run}"
    built, batches = timed(lambda: telemetry_batches(dataset_id, run, count, size))
    megabytes = sum(b.ByteSize() for b in batches) / 1e6
    out(f"{len(batches)} batches, {megabytes:.0f} MB of protobuf (built in {built:.1f} s)")
    with tempfile.TemporaryDirectory(prefix="bench-lake-") as folder:
        (Path(folder) / "service").mkdir()
        with running_lake(kafka, keycloak, Path(folder) / "service") as lake:
            declare_telemetry(lake.base_url, tokens, dataset_id, contract)
            token = tokens.for_service("operator-eau-demo")
            seconds, acks = through_the_service(lake.grpc_target, token, batches)
        accepted = sum(ack.accepted for _, ack in acks)
        rejected = sum(len(ack.rejected) for _, ack in acks)
        commits = len({ack.snapshot_id for _, ack in acks})
        quarters = ", ".join(f"{rate:,.0f}" for rate in quarter_rates(acks, batches))
        out(
            f"through the service (token, contract, checks column by column, quarantine, "
            f"Iceberg commits, bookkeeping; the operator's sender in this same process): "
            f"{count / seconds:,.0f} readings/s "
            f"({seconds:.1f} s; {accepted:,} stored, {rejected:,} refused, {commits} commits); "
            f"by quarter of the stream: {quarters} readings/s "
            "(target: >= 50,000 readings/s sustained on 2 cores)"
        )
        tables = [
            readings_table(b.readings)
            .append_column("batch_id", pa.array([b.batch_id] * len(b.readings), pa.string()))
            .cast(STORED_SCHEMA)
            for b in batches
        ]
        raw = raw_appends(tables, Path(folder) / "raw")
        out(
            f"raw pyarrow + pyiceberg append (Arrow tables built beforehand, one commit per "
            f"batch of {size:,}): {count / raw:,.0f} rows/s ({raw:.1f} s)"
        )
        per_commit = max(1, 100_000 // size)
        grouped = [
            pa.concat_tables(tables[i : i + per_commit]) for i in range(0, len(tables), per_commit)
        ]
        raw_grouped = raw_appends(grouped, Path(folder) / "raw-grouped")
        out(
            f"raw append in commits of 100,000 rows (the most the service puts in one "
            f"commit): {count / raw_grouped:,.0f} rows/s ({raw_grouped:.1f} s)"
        )
        out(
            f"overhead of the service, its time / the raw append's: {seconds / raw:.2f}x "
            f"(target: <= 2x); against commits of 100,000 rows: {seconds / raw_grouped:.2f}x"
        )


# -- group-by over 10 million readings, old versions ------------------------------------


def bench_group_by(rows: int, scale_out: LakeScaleOut | None) -> None:
    out(f"\n## Group-by over {rows:,} telemetry rows (month-partitioned Iceberg table)")
    data = readings(rows)
    with embedded_lakehouse() as lakehouse:
        seconds, _ = timed(
            lambda: lakehouse.write(
                "releves",
                data,
                load_id="bench",
                operation="telemetry",
                replace=False,
                partitioning=[Partitioning("measured_at", "month")],
            )
        )
        out(f"append of {rows:,} rows into the embedded lake: {seconds:.1f} s")
        scan, table = timed(lambda: lakehouse.read("releves"))
        runs = [timed(lambda: run_query(GROUP_BY, {"readings": table}))[0] for _ in range(3)]
        out(
            f"DuckDB embedded: scan {scan:.2f} s, group-by p50 {statistics.median(runs):.2f} s "
            f"(best {min(runs):.2f} s), {scan + statistics.median(runs):.2f} s from the table"
        )
        old_versions(lakehouse)
    if scale_out is None:
        out("Trino: not run (the lake's scale-out servers are not up: make bench starts them)")
        return
    namespace = f"bench_{uuid.uuid4().hex[:8]}"
    catalog = SqlCatalog(scale_out.catalog_name, **scale_out.catalog_properties())
    catalog.create_namespace(namespace)
    try:
        table = catalog.create_table(f"{namespace}.readings", schema=data.schema)
        with table.update_spec() as spec:
            spec.add_field("measured_at", MonthTransform(), "measured_at_month")
        table = catalog.load_table(f"{namespace}.readings")
        seconds, _ = timed(lambda: table.append(data))
        out(f"append of {rows:,} rows into PostgreSQL catalog + S3 (versitygw): {seconds:.1f} s")
        with scale_out.trino_connection(schema=namespace) as connection:
            cursor = connection.cursor()
            query = GROUP_BY.replace("FROM readings", f'FROM "{namespace}".readings')
            runs = []
            for _ in range(4):
                seconds, _ = timed(lambda: (cursor.execute(query), cursor.fetchall()))
                runs.append(seconds)
            out(
                f"Trino 476 (Iceberg connector, same data): first {runs[0]:.2f} s, warm p50 "
                f"{statistics.median(runs[1:]):.2f} s"
            )
            cursor.execute(f'DROP TABLE "{namespace}".readings')
            cursor.fetchall()
            cursor.execute(f"DROP SCHEMA {namespace}")
            cursor.fetchall()
    except Exception as error:
        out(f"Trino: failed: {error}")


def old_versions(lakehouse: Lakehouse) -> None:
    """Reading the first of 50 versions of a 100,000-row dataset, beside the latest."""
    base = readings(100_000, seed=11)
    for n in range(50):
        lakehouse.write(
            "versionne",
            base.slice(n * 100, 100_000 - n * 100),
            load_id=f"v{n}",
            operation="load",
            replace=True,
        )
    versions = lakehouse.versions("versionne")
    first = versions[0].snapshot_id
    old = [timed(lambda: lakehouse.read("versionne", snapshot_id=first))[0] for _ in range(5)]
    new = [timed(lambda: lakehouse.read("versionne"))[0] for _ in range(5)]
    out(
        f"read of the oldest of {len(versions)} versions (100,000 rows): p50 "
        f"{statistics.median(old) * 1000:.0f} ms; latest version: "
        f"{statistics.median(new) * 1000:.0f} ms"
    )


def scale_out_if_up() -> LakeScaleOut | None:
    scale_out = LakeScaleOut.from_env()
    try:
        with scale_out.trino_connection() as connection:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.fetchall()
    except Exception:
        return None
    return scale_out


PARTS = ("validation", "telemetry", "group-by")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("kafka").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--validation-rows", type=int, default=200_000)
    parser.add_argument("--telemetry-readings", type=int, default=2_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--group-by-rows", type=int, default=10_000_000)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    args = parser.parse_args()
    # pyiceberg warns at every first replace (nothing to delete yet).
    warnings.filterwarnings("ignore", "Delete operation did not match", UserWarning)
    out(
        f"# Data lake — on this machine's {os.cpu_count()} CPUs, shared with its other work: "
        "figures vary from run to run; compare each with the baseline beside it"
    )
    if "validation" in args.parts:
        bench_validation(args.validation_rows)
    if "telemetry" in args.parts:
        bench_telemetry(args.telemetry_readings, args.batch_size)
    if "group-by" in args.parts:
        bench_group_by(args.group_by_rows, scale_out_if_up())


if __name__ == "__main__":
    main()
