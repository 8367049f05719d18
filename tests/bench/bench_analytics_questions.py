"""Benchmark: a French question about the indicators (``POST /v1/questions``'s domain: the
question understood, then computed by the indicators' engine), beside a baseline in the same
process on the same data:

- baseline: the same query asked directly (``Indicators.query`` with the indicator, commune,
  period and theme the question names), on a fresh engine (nothing cached);
- the question cold: a fresh engine and a fresh reading of the themes (their distinct
  values, read from the table once per snapshot), then warm (both caches answer);
- understanding alone: the parser and the indicator matching, no query.

Rows are written straight into a temporary warehouse (SQLite catalog, a folder). Prints
p50/p95 over ``--loads`` loads; asserts nothing. Run
``.venv/bin/python tests/bench/bench_analytics_questions.py`` (``--answers 100000`` for a
quick run). Needs no server.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators, dataset_id
from collectivia.officials_analytics.questions.matching import IndicatorMatcher
from collectivia.officials_analytics.questions.service import DimensionValues, Questions
from collectivia.officials_analytics.questions.synonyms import SYNONYMS
from collectivia.officials_analytics.questions.understanding import understand
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.communes import Communes
from officials_analytics_testing.bench import say, scratch_warehouse, timed

TODAY = date(2026, 4, 10)
MONTHS = tuple(f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13))[:15]
COMMUNES = {"57463": "Metz", "57480": "Montigny-lès-Metz", "57751": "Woippy", "57447": "Marly"}
THEMES = ("Déchets > Collecte", "État civil > Actes", "Mairie > Horaires", "Eau > Factures")
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=("57480",))
QUESTION = "Combien de demandes d'état civil à Montigny-lès-Metz en mars ?"


def answers(count: int, seed: int = 11) -> pa.Table:
    random = np.random.default_rng(seed)
    months = np.array(MONTHS)[random.integers(0, len(MONTHS), count)]
    communes = np.array(list(COMMUNES))[random.integers(0, len(COMMUNES), count)]
    themes = np.array(THEMES)[random.integers(0, len(THEMES), count)]
    columns = {
        "event_id": [str(uuid.uuid4()) for _ in range(count)],
        "occurred_at": [datetime(int(m[:4]), int(m[5:]), 12, tzinfo=UTC) for m in months],
        "month": months.tolist(),
        "answer_id": [f"a{i}" for i in range(count)],
        "conversation_id": [f"c{i}" for i in random.integers(0, count // 2 + 1, count)],
        "commune": communes.tolist(),
        "theme": themes.tolist(),
        "outcome": ["answered"] * count,
        "sources_cited": [1] * count,
    }
    schema = TABLES["chat_answers"]
    return pa.table(
        {field.name: columns.get(field.name, [None] * count) for field in schema}, schema=schema
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--loads", type=int, default=10)
    options = parser.parse_args()
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as folder:
        warehouse = scratch_warehouse(Path(folder))
        started = time.perf_counter()
        warehouse.analytics.write(
            dataset_id("chat_answers"),
            answers(options.answers),
            load_id="bench",
            operation="bench",
            replace=False,
        )
        warehouse.lake.write(
            "communes-membres",
            pa.table({"code_insee": list(COMMUNES), "nom": list(COMMUNES.values())}),
            load_id="bench",
            operation="bench",
            replace=True,
        )
        say(f"{options.answers} answers written in {time.perf_counter() - started:.1f} s")
        communes = Communes(warehouse.lake, dataset="communes-membres")

        def engine() -> Indicators:
            return Indicators(warehouse, today=lambda: TODAY, communes=communes)

        def baseline() -> None:
            engine().query(
                OFFICIAL,
                "questions-posees",
                communes=("57480",),
                first_month="2026-03",
                last_month="2026-03",
                filters={"theme": ["État civil > Actes"]},
            )

        def cold() -> None:
            Questions(engine(), communes, DimensionValues(warehouse)).ask(OFFICIAL, QUESTION)

        warm_questions = Questions(engine(), communes, DimensionValues(warehouse))
        warm_questions.ask(OFFICIAL, QUESTION)
        matcher = IndicatorMatcher(engine().catalogue, SYNONYMS)
        directory = communes.directory()
        values = DimensionValues(warehouse)

        def understood() -> None:
            understand(
                QUESTION, matcher=matcher, directory=directory, values=values.of, today=TODAY
            )

        values.of(engine().indicator("questions-posees"))  # the themes read once
        for label, run in (
            ("baseline: the same query, fresh engine", baseline),
            ("question, cold (fresh engine and themes)", cold),
            ("question, warm", lambda: warm_questions.ask(OFFICIAL, QUESTION)),
            ("understanding alone", understood),
        ):
            p50, p95 = timed(run, options.loads)
            say(f"{label:45s} p50 {p50:9.2f} ms  p95 {p95:9.2f} ms")


if __name__ == "__main__":
    main()
