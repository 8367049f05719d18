"""Benchmark: the officials' dashboard on the scale-out path — the same dashboard loads (every
indicator over the analytics tables, no breakdown, default period of 12 months; an official
of Metz, then the whole territory) over the same analytics tables in the PostgreSQL catalog
and the S3 warehouse (versitygw), computed by DuckDB embedded (the rows read into the process
from S3, kept between loads by the rows' cache) and by Trino 476 (the cluster scans the
tables itself), in one process:

- cold: a fresh ``Indicators`` (nothing cached) for one load;
- recomputed: no results' cache (as after a commit: a new snapshot), what the engine keeps
  of the rows kept — every load computes every indicator again.

The rows are the demo's months of activity (``sink/demo.py``, through the sink's writer), in
a namespace of their own, dropped at the end. Prints p50/p95; asserts nothing. Needs the
lake's scale-out servers (``infra/stack.py up lake-scale-out``); ``--months 6`` for a quick
run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from collectivia.lakehouse.engines import EmbeddedDuckDb, QueryEngine, TrinoAddress, TrinoEngine
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.engine import IndicatorPolicy, Indicators
from collectivia.officials_analytics.sink.area import AREA as SINK
from collectivia.officials_analytics.sink.demo import seed_demo_into
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.servers import LakeScaleOut

TODAY = date(2026, 12, 15)
METZ = "57463"
DASHBOARD = [i.name for i in INDICATORS if all(store == "analytics" for _t, store in i.tables)]
VIEWERS = {
    "an official of Metz": Viewer(roles=frozenset({"official"}), communes=(METZ,)),
    "the whole territory": Viewer(roles=frozenset({"admin"}), communes=()),
}


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def scale_out_warehouse(scale_out: LakeScaleOut, namespace: str) -> Warehouse:
    storage = StorageSettings(
        catalog_url=scale_out.catalog_url,
        catalog_name=scale_out.catalog_name,
        warehouse=scale_out.warehouse,
        s3_endpoint=scale_out.s3_endpoint,
        s3_access_key_id=scale_out.s3_access_key_id,
        s3_secret_access_key=scale_out.s3_secret_access_key,
        s3_region=scale_out.s3_region,
    )
    return Warehouse(
        analytics=storage.open_lakehouse(namespace),
        lake=storage.open_lakehouse(f"{namespace}_lake"),
    )


def drop(scale_out: LakeScaleOut, namespaces: list[str]) -> None:
    with scale_out.trino_connection() as connection:
        cursor = connection.cursor()
        for namespace in namespaces:
            cursor.execute(f"SHOW TABLES FROM {namespace}")
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TABLE "{namespace}"."{table}"')
                cursor.fetchall()
            cursor.execute(f"DROP SCHEMA {namespace}")
            cursor.fetchall()


def seed(warehouse: Warehouse, months: int) -> int:
    """The demo's ``months`` of activity up to ``TODAY``, through the sink's writer; the rows."""
    with tempfile.TemporaryDirectory() as folder:
        database = create_database_engine(f"sqlite:///{Path(folder) / 'sink.db'}")
        try:
            create_tables(database, [model.__table__ for model in SINK.tables])
            writer = SinkWriter(create_session_factory(database), warehouse.analytics)
            writer.ensure_tables()
            return seed_demo_into(writer, TODAY, months=months).committed_rows
        finally:
            database.dispose()


def dashboard(indicators: Indicators, viewer: Viewer) -> int:
    """One load: every indicator of the dashboard, no breakdown, default period; the cells."""
    return sum(len(indicators.query(viewer, name).cells) for name in DASHBOARD)


def percentiles(samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:,.0f} ms, p95 {p95 * 1000:,.0f} ms "
        f"({len(ordered)} loads)"
    )


def timed_loads(action: Callable[[], object], loads: int) -> list[float]:
    samples = []
    for _ in range(loads):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def engine_loads(name: str, make: Callable[[], Indicators], viewer: Viewer, loads: int) -> None:
    start = time.perf_counter()
    indicators = make()
    cells = dashboard(indicators, viewer)
    cold = time.perf_counter() - start
    samples = timed_loads(lambda: dashboard(indicators, viewer), loads)
    out(f"  {name}: cold {cold * 1000:,.0f} ms ({cells} cells); recomputed {percentiles(samples)}")


def main() -> None:
    warnings.filterwarnings("ignore", category=UserWarning)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=int, default=30)
    parser.add_argument("--loads", type=int, default=5)
    arguments = parser.parse_args()
    scale_out = LakeScaleOut.from_env()
    namespace = f"bench_trino_{uuid.uuid4().hex[:8]}"
    warehouse = scale_out_warehouse(scale_out, namespace)
    out(
        f"## The dashboard ({len(DASHBOARD)} indicators) on DuckDB embedded and on Trino, "
        f"{arguments.months} months of demo activity on S3"
    )
    try:
        start = time.perf_counter()
        rows = seed(warehouse, arguments.months)
        out(
            f"{rows:,} rows written to PostgreSQL catalog + S3: {time.perf_counter() - start:.1f} s"
        )
        trino = TrinoEngine(
            TrinoAddress(
                url=f"http://{scale_out.trino_host}:{scale_out.trino_port}",
                catalog=scale_out.trino_catalog,
                user="collectivia-bench",
                timeout_seconds=120,
            )
        )
        engines: dict[str, QueryEngine] = {"DuckDB embedded": EmbeddedDuckDb(), "Trino": trino}
        for label, viewer in VIEWERS.items():
            out(f"{label}:")
            for name, engine in engines.items():

                def make(engine: QueryEngine = engine) -> Indicators:
                    return Indicators(
                        warehouse,
                        engine=engine,
                        # No results kept: every load computes (the rows' cache stays).
                        policy=IndicatorPolicy(cache_entries=0),
                        today=lambda: TODAY,
                    )

                engine_loads(name, make, viewer, arguments.loads)
    finally:
        drop(scale_out, [namespace, f"{namespace}_lake"])


if __name__ == "__main__":
    main()
