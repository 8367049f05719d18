"""Benchmark: the officials' dashboard over 10 million events — what the dashboard screen
asks (its eight key indicators, ``pages/static/dashboard.js``: one query each, no breakdown,
the default period of 12 months), for one commune (an official of that commune) and for the
whole territory (the intercommunality's admin), beside a baseline on the same data:

- the engine cold (a fresh ``Indicators``: nothing cached, every table read), then warm (the
  same loads again: the results' cache answers while the tables have not changed);
- the engine after a commit (the results' cache emptied, as a new snapshot of a table does;
  what the engine keeps of the tables' rows between loads, if anything, is kept);
- baseline: the same aggregates, the same SQL (``indicators.sql.statement``), as plain DuckDB
  queries over the tables' current Parquet files (no Iceberg scan, no cache, no suppression).

The rows are written straight into the analytics tables of a temporary warehouse (SQLite
catalog, a folder), generated as Arrow columns with numpy (no Kafka), in the suite's
proportions (mostly chat answers), partitioned by month like the sink's, in a few large
appends. Prints p50/p95 over ``--loads`` loads and the process's peak memory; asserts nothing.
Run with ``make bench`` or ``.venv/bin/python tests/bench/bench_analytics_dashboard.py``
(``--events 1000000`` for a quick run). Needs no server.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.engine import Indicators, dataset_id
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.sink.writer import EVENTS_OPERATION, PARTITIONING
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse

TARGET_P95_MS = 300.0
# The dashboard's key indicators, in its order (pages/static/dashboard.js, KEY_INDICATORS).
KEY_INDICATORS = (
    "questions-posees",
    "taux-de-reponse",
    "demandes-agent",
    "satisfaction",
    "propositions-ia-acceptees",
    "propositions-ia-modifiees",
    "propositions-ia-ecartees",
    "consommation-eau",
)
MONTHS = tuple(f"{year}-{month:02d}" for year in (2024, 2025, 2026) for month in range(1, 13))
TODAY = date(2026, 12, 15)
# Metz Métropole's communes (INSEE), Metz first: the largest share of the questions.
COMMUNES = tuple(
    ["57463", "57480", "57751", "57447", "57412", "57039", "57443", "57616", "57415", "57707"]
    + [f"57{n:03d}" for n in range(100, 134)]
)
THEMES = (
    "Déchets > Collecte",
    "Déchets > Déchèteries",
    "État civil > Actes",
    "État civil > Mariage",
    "Papiers > Carte d'identité et passeport",
    "Urbanisme > Permis de construire",
    "Eau > Factures",
    "Transports > Bus",
    "Écoles > Inscriptions",
    "Mairie > Horaires",
    "Social > Aides",
    "Voirie > Signalements",
)
# The suite's proportions per 10 million events (answers first: every answer is an AI use).
SHARES = {
    "chat_answers": 0.62,
    "ai_uses": 0.22,
    "chat_feedback": 0.05,
    "chat_handoffs": 0.03,
    "chat_handoff_replies": 0.025,
    "assistant_tasks": 0.03,
    "lake_telemetry": 0.0249,
    "register_events": 0.00005,
    "lake_updates": 0.00003,
    "lake_deliveries": 0.00002,
}
APPEND_ROWS = 2_000_000


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the rows ------------------------------------------------------------------------------


class Columns:
    """Arrow columns of ``size`` rows, drawn from ``rng``."""

    def __init__(self, rng: np.random.Generator, size: int, start: int) -> None:
        self.rng = rng
        self.size = size
        self.start = start  # the chunk's first row number (ids unique across chunks)
        self.month_index = rng.integers(0, len(MONTHS), size)

    def ids(self, prefix: str, modulo: int | None = None, spread: int = 1) -> pa.Array:
        numbers = np.arange(self.start, self.start + self.size, dtype=np.int64) // spread
        if modulo is not None:
            numbers = self.rng.integers(0, modulo, self.size)
        text = pa.array(numbers).cast(pa.string())
        return pc.binary_join_element_wise(pa.scalar(prefix), text, "")

    def choice(self, values: Sequence[str], weights: Sequence[float] | None = None) -> pa.Array:
        p = None if weights is None else np.asarray(weights) / np.sum(weights)
        indices = self.rng.choice(len(values), self.size, p=p).astype(np.int32)
        return pa.DictionaryArray.from_arrays(indices, pa.array(values)).cast(pa.string())

    def commune(self) -> pa.Array:
        weights = [30.0, 8, 6, 5, 5, 4, 4, 3, 3, 3] + [1.0] * (len(COMMUNES) - 10)
        return self.choice(COMMUNES, weights)

    def month(self) -> pa.Array:
        return pa.DictionaryArray.from_arrays(
            self.month_index.astype(np.int32), pa.array(MONTHS)
        ).cast(pa.string())

    def occurred_at(self) -> pa.Array:
        starts = np.array(
            [datetime(int(m[:4]), int(m[5:]), 1, tzinfo=UTC).timestamp() for m in MONTHS]
        )
        # Days 1 to 27 of the month, 06:00 to 20:00 UTC: the same month in Paris.
        seconds = (
            starts[self.month_index]
            + self.rng.integers(0, 27, self.size) * 86_400
            + self.rng.integers(6 * 3600, 20 * 3600, self.size)
        )
        return pa.array((seconds * 1_000_000).astype(np.int64), pa.timestamp("us", tz="UTC"))

    def integers(self, low: int, high: int) -> pa.Array:
        return pa.array(self.rng.integers(low, high, self.size), pa.int64())

    def floats(self) -> pa.Array:
        return pa.array(self.rng.random(self.size), pa.float64())

    def flags(self, true_share: float) -> pa.Array:
        return pa.array(self.rng.random(self.size) < true_share, pa.bool_())


def rows_of(table: str, columns: Columns, totals: dict[str, int]) -> pa.Table:
    """A chunk of ``table``'s rows (``totals``: each table's row count, for the references of
    feedback to answers and of replies to handoffs)."""
    c = columns
    data: dict[str, pa.Array] = {
        "event_id": c.ids(f"{table[:4]}-"),
        "occurred_at": c.occurred_at(),
        "month": c.month(),
    }
    if table == "chat_answers":
        outcome = c.choice(("answered", "refused", "handed_over"), (0.75, 0.15, 0.10))
        refused = pc.equal(outcome, "refused")
        questions = pa.array([f"Question masquée n°{n} sur [ADRESSE_1]" for n in range(300)])
        question = pc.if_else(
            refused, c.choice(questions.to_pylist()), pa.scalar(None, pa.string())
        )
        data |= {
            "answer_id": c.ids("a"),
            "conversation_id": c.ids("c", spread=3),
            "commune": c.commune(),
            "theme": c.choice(THEMES),
            "outcome": outcome,
            "confidence": c.floats(),
            "latency_ms": c.integers(300, 6000),
            "sources_cited": pc.if_else(refused, 0, c.integers(1, 4)),
            "question": question,
        }
    elif table == "chat_feedback":
        data |= {
            "answer_id": c.ids("a", modulo=totals["chat_answers"]),
            "useful": c.flags(0.8),
            "reasons": c.choice(("", "", "", "missing-source", "invented-content")),
        }
    elif table == "chat_handoffs":
        data |= {
            "handoff_id": c.ids("h"),
            "commune": c.commune(),
            "theme": c.choice(THEMES),
            "channel": c.choice(("conversation", "email", "phone"), (0.5, 0.35, 0.15)),
        }
    elif table == "chat_handoff_replies":
        data |= {
            "handoff_id": c.ids("h", modulo=totals["chat_handoffs"]),
            "department": c.choice(("etat-civil", "urbanisme", "dechets", "eau", "social")),
        }
    elif table == "assistant_tasks":
        data |= {
            "task_id": c.ids("t"),
            "task": c.choice(("summarize", "plain-language", "draft", "classify", "handoff-reply")),
            "department": c.choice(("etat-civil", "urbanisme", "dechets", "eau", "social")),
            "generative": c.flags(0.9),
            "latency_ms": c.integers(500, 9000),
            "minutes_saved": c.integers(0, 30),
        }
    elif table == "ai_uses":
        data |= {
            "use_id": c.ids("u"),
            "system_id": c.choice(("sys-chat", "sys-assistant", "sys-forecasts")),
            "purpose": c.choice(("citizen-information", "deliberation-summaries", "drafting")),
            "service": c.choice(("citizen-chat", "agent-assistant")),
            "outcome": c.choice(("completed", "refused", "handed_over", "failed")),
            "human_review": c.choice(
                ("none", "accepted", "edited", "overridden"), (0.85, 0.08, 0.05, 0.02)
            ),
            "model": c.choice(("mistral-small-3.2", "llama-3.3-70b")),
        }
    elif table == "register_events":
        data |= {
            "system_id": c.choice(("sys-chat", "sys-assistant", "sys-forecasts")),
            "kind": c.choice(("system-registered", "system-status-changed", "incident-reported")),
            "status": c.choice(("draft", "in_review", "approved")),
            "risk_class": c.choice(("minimal", "limited", "high")),
            "severity": c.choice(("", "low", "medium")),
        }
    elif table == "lake_updates":
        data |= {
            "dataset_id": c.choice(("eau-telemetrie", "subventions", "fontaines")),
            "mode": c.choice(("append", "replace")),
            "rows_added": c.integers(1, 10_000),
            "total_rows": c.integers(10_000, 1_000_000),
            "contract_id": c.choice(("", "dsp-eau")),
        }
    elif table == "lake_telemetry":
        data |= {
            "dataset_id": c.choice(("eau-telemetrie",)),
            "period": c.choice(("day", "hour"), (0.8, 0.2)),
            "sensor_id": c.ids("s", modulo=5_000),
            "measure": c.choice(("consommation", "debit"), (0.7, 0.3)),
            "unit": c.choice(("m3",)),
            "commune": c.commune(),
            "count": c.integers(1, 1440),
            "total": pa.array(c.rng.gamma(2.0, 50.0, c.size), pa.float64()),
            "mean": c.floats(),
        }
    else:
        data |= {
            "contract_id": c.choice(("dsp-eau", "dsp-dechets")),
            "dataset_id": c.choice(("fontaines", "eau-telemetrie")),
            "period_start": c.choice(("2026-01-01", "2026-02-01")),
            "status": c.choice(("missing", "invalid", "late")),
        }
    schema = TABLES[table]
    # A column no dashboard indicator reads (added since): empty.
    return pa.table(
        [data.get(name, pa.nulls(c.size, schema.field(name).type)) for name in schema.names],
        schema=schema,
    )


def fill(warehouse: Warehouse, events: int) -> dict[str, int]:
    """``events`` rows across the analytics tables, in appends of up to ``APPEND_ROWS``; the
    rows written per table."""
    totals = {table: max(1, round(events * share)) for table, share in SHARES.items()}
    totals["chat_answers"] += events - sum(totals.values())
    rng = np.random.default_rng(12)
    for table, total in totals.items():
        written = 0
        while written < total:
            size = min(APPEND_ROWS, total - written)
            rows = rows_of(table, Columns(rng, size, written), totals)
            warehouse.analytics.write(
                dataset_id(table),
                rows,
                load_id=f"bench-{table}-{written}",
                operation=EVENTS_OPERATION,
                replace=False,
                partitioning=PARTITIONING,
            )
            written += size
            del rows
            gc.collect()
    return totals


# --- the loads -----------------------------------------------------------------------------


def percentiles(samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:,.0f} ms, p95 {p95 * 1000:,.0f} ms "
        f"(max {ordered[-1] * 1000:,.0f} ms, {len(ordered)} loads)"
    )


def dashboard(indicators: Indicators, viewer: Viewer) -> int:
    """One load of the dashboard screen: its key indicators, default period; the cells."""
    return sum(len(indicators.query(viewer, name).cells) for name in KEY_INDICATORS)


def worker_round(engine: Indicators) -> None:
    """What the rows worker does after a commit (indicators/refresh.py)."""
    if engine.refresh_rows():
        engine.recompute_asked()


def fresh_dashboard(warehouse: Warehouse, viewer: Viewer) -> int:
    """A load by a fresh engine: nothing cached, every table read."""
    return dashboard(Indicators(warehouse, today=lambda: TODAY), viewer)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def timed_loads(action: Callable[[], Any], loads: int) -> list[float]:
    return [timed(action)[0] for _ in range(loads)]


def baseline(warehouse: Warehouse, viewer: Viewer, scope_first: str, scope_last: str) -> int:
    """The same aggregates as plain DuckDB queries over the tables' current Parquet files."""
    by_name = {i.name: i for i in INDICATORS}
    connection = duckdb.connect()
    try:
        cells = 0
        for name in KEY_INDICATORS:
            indicator = by_name[name]
            communes = viewer.scope(()) if indicator.per_commune else None
            built = statement(indicator, (), Scope(scope_first, scope_last, communes))
            for table, registered in built.registered.items():
                files = [
                    task.file.file_path.removeprefix("file://")
                    for task in warehouse.analytics.table(dataset_id(table)).scan().plan_files()
                ]
                connection.execute(
                    f"CREATE OR REPLACE VIEW {registered} AS "
                    f"SELECT * FROM read_parquet({files!r}, union_by_name = true)"
                )
            cells += len(connection.execute(built.sql, list(built.parameters)).fetchall())
        return cells
    finally:
        connection.close()


def main() -> None:
    warnings.filterwarnings("ignore", category=UserWarning)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--loads", type=int, default=30)
    options = parser.parse_args()
    out(
        f"# Officials' dashboard at {options.events:,} events — on this machine's "
        f"{os.cpu_count()} CPUs, shared with its other work: compare each figure with the "
        "baseline beside it"
    )
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        settings = StorageSettings(
            catalog_url=f"sqlite:///{Path(folder) / 'catalog.db'}",
            warehouse=str(Path(folder) / "warehouse"),
        )
        warehouse = Warehouse(
            analytics=settings.open_lakehouse("analytics"),
            lake=settings.open_lakehouse("collectivia"),
        )
        start = time.perf_counter()
        totals = fill(warehouse, options.events)
        seconds = time.perf_counter() - start
        out(
            f"{sum(totals.values()):,} rows written in {seconds:.1f} s "
            f"({sum(totals.values()) / seconds:,.0f} rows/s; peak memory {peak_mib():,.0f} MiB): "
            + ", ".join(f"{t} {n:,}" for t, n in totals.items())
        )
        viewers = {
            "one commune (an official of Metz)": Viewer(
                roles=frozenset({"official"}), communes=(COMMUNES[0],)
            ),
            "the whole territory (the admin)": Viewer(roles=frozenset({"admin"}), communes=()),
        }
        rng = np.random.default_rng(5)
        commits = [0]

        def commit() -> None:
            """A sink's commit: a few hundred new rows in the tables the dashboard reads."""
            commits[0] += 1
            for table in ("chat_answers", "ai_uses", "chat_feedback", "chat_handoffs"):
                size = 500 if table == "chat_answers" else 100
                warehouse.analytics.write(
                    dataset_id(table),
                    rows_of(table, Columns(rng, size, totals[table] + commits[0] * 1000), totals),
                    load_id=f"commit-{table}-{commits[0]}",
                    operation=EVENTS_OPERATION,
                    replace=False,
                )

        for label, viewer in viewers.items():
            out(f"## {label}: {len(KEY_INDICATORS)} key indicators, the last 12 months")
            chosen = Indicators(warehouse, today=lambda: TODAY).period("", "")
            cold = timed_loads(
                partial(fresh_dashboard, warehouse, viewer), max(3, options.loads // 10)
            )
            out(
                "  engine, cold (a fresh engine each load, its rows worker not run yet: each "
                "query scans the tables, its filters pushed down): " + percentiles(cold)
            )
            engine = Indicators(warehouse, today=lambda: TODAY)
            seconds, _ = timed(engine.refresh_rows)
            out(
                f"  the rows worker's first read of every table (at the service's start, in "
                f"the background): {seconds * 1000:,.0f} ms; rows kept "
                f"{engine.rows_cache.kept_bytes / 2**20:,.0f} MiB"
            )
            first = timed_loads(partial(dashboard, engine, viewer), 1)
            out(f"  engine, first load once the rows are read: {percentiles(first)}")
            warm = timed_loads(partial(dashboard, engine, viewer), options.loads)
            out(f"  engine, warm (nothing written since: the results' cache): {percentiles(warm)}")
            read, computed = [], []
            for _ in range(max(3, options.loads // 3)):
                commit()
                read.append(timed(engine.refresh_rows)[0])
                computed += timed_loads(partial(dashboard, engine, viewer), 1)
            out(
                "  engine, after a commit of the sink to 4 tables, its new rows read by the "
                f"worker ({percentiles(read)}), the results computed in the request: "
                f"{percentiles(computed)}"
            )
            worked, ready = [], []
            for _ in range(options.loads):
                commit()
                worked.append(timed(partial(worker_round, engine))[0])
                ready += timed_loads(partial(dashboard, engine, viewer), 1)
            out(
                "  engine, after a commit, once the worker read its rows and computed again "
                f"what was asked lately ({percentiles(worked)}): {percentiles(ready)}"
            )
            unread = []
            for _ in range(max(3, options.loads // 3)):
                commit()
                unread += timed_loads(partial(dashboard, engine, viewer), 1)
            out(
                "  engine, after a commit, before the worker read it (the request reads the "
                f"new files): {percentiles(unread)}; rows kept "
                f"{engine.rows_cache.kept_bytes / 2**20:,.0f} MiB"
            )
            plain = timed_loads(
                partial(baseline, warehouse, viewer, chosen.first, chosen.last),
                max(3, options.loads // 5),
            )
            out(f"  baseline, plain DuckDB over the Parquet files: {percentiles(plain)}")
            out(
                f"  target: p95 <= {TARGET_P95_MS:.0f} ms embedded; peak memory of the process "
                f"{peak_mib():,.0f} MiB"
            )
            del engine
            gc.collect()


if __name__ == "__main__":
    main()
