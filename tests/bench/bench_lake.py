"""Benchmark: the data lake — validation at the door, telemetry through gRPC into Iceberg,
group-bys over 10 million readings (DuckDB embedded and Trino), reading an old version.

Each figure is printed beside its baseline, measured in the same process on the same data:
frictionless alone for validation, a raw pyarrow + pyiceberg append for telemetry.
Run with `make bench` (Kafka, Keycloak and the lake's scale-out servers up). Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.transforms import MonthTransform

from collectivia.data_lake.storage.catalog import CatalogLocation, open_catalog
from collectivia.data_lake.storage.lakehouse import Lakehouse, Partitioning
from collectivia.data_lake.storage.queries import run_query
from collectivia.testkit.servers import LakeScaleOut

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--group-by-rows", type=int, default=10_000_000)
    args = parser.parse_args()
    # pyiceberg warns at every first replace (nothing to delete yet).
    warnings.filterwarnings("ignore", "Delete operation did not match", UserWarning)
    out("# Data lake")
    bench_group_by(args.group_by_rows, scale_out_if_up())


if __name__ == "__main__":
    main()
