"""Benchmark: the officials' monthly briefing (template, no model) over a million chat
answers, beside a baseline on the same data in the same process:

- baseline: what the dashboard asks for the same commune and month (each key indicator of
  the briefing, one query each, no breakdown), on a fresh engine (nothing cached);
- the briefing cold (a fresh engine: its thirteen-month queries by month, the month's
  content gaps, the ranking, the French sentences), then warm (the engine's cache answers);
- the number checker alone: a model's text of ten sentences checked against the computed
  figures (what a model briefing adds to the template's work, besides the model's call).

Rows are written straight into a temporary warehouse (SQLite catalog, a folder) as Arrow
columns generated with numpy. Prints p50/p95 over ``--loads`` loads; asserts nothing. Run
``.venv/bin/python tests/bench/bench_analytics_briefings.py`` (``--answers 200000`` for a
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

from collectivia.ai.use.pathway import AiUsePathway
from collectivia.officials_analytics.briefings.facts import KEY_INDICATORS, month_facts
from collectivia.officials_analytics.briefings.figures import allowed_figures, check
from collectivia.officials_analytics.briefings.service import Briefings
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators, dataset_id
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from officials_analytics_testing.bench import say, scratch_warehouse, timed

TODAY = date(2026, 4, 10)
MONTH = "2026-03"
MONTHS = tuple(f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13))[:15]
COMMUNES = ("57463", "57480", "57751", "57447", "57412", "57039", "57443", "57616")
THEMES = ("Déchets > Collecte", "État civil > Actes", "Mairie > Horaires", "Eau > Factures")
OUTCOMES = ("answered", "answered", "answered", "refused", "handed_over")
WOIPPY = Viewer(roles=frozenset({"official"}), communes=("57480",))


def answers(count: int, seed: int = 7) -> pa.Table:
    random = np.random.default_rng(seed)
    months = np.array(MONTHS)[random.integers(0, len(MONTHS), count)]
    communes = np.array(COMMUNES)[random.integers(0, len(COMMUNES), count)]
    outcomes = np.array(OUTCOMES)[random.integers(0, len(OUTCOMES), count)]
    themes = np.array(THEMES)[random.integers(0, len(THEMES), count)]
    conversations = random.integers(0, count // 2 + 1, count)
    columns = {
        "event_id": [str(uuid.uuid4()) for _ in range(count)],
        "occurred_at": [datetime(int(m[:4]), int(m[5:]), 12, tzinfo=UTC) for m in months],
        "month": months.tolist(),
        "answer_id": [f"a{i}" for i in range(count)],
        "conversation_id": [f"c{c}" for c in conversations],
        "commune": communes.tolist(),
        "theme": themes.tolist(),
        "outcome": outcomes.tolist(),
        "sources_cited": np.where(outcomes == "answered", 1, 0).tolist(),
        "question": np.where(
            outcomes == "answered", "Horaires ?", "Quand passe la collecte des encombrants ?"
        ).tolist(),
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
        say(f"{options.answers} answers written in {time.perf_counter() - started:.1f} s")

        def engine() -> Indicators:
            return Indicators(warehouse, today=lambda: TODAY)

        def baseline() -> None:
            fresh = engine()
            declared = {i.name for i in fresh.declarations(WOIPPY)}
            for name in KEY_INDICATORS:
                if name in declared:
                    per_commune = fresh.indicator(name).per_commune
                    fresh.query(
                        WOIPPY,
                        name,
                        communes=("57480",) if per_commune else (),
                        first_month=MONTH,
                        last_month=MONTH,
                    )

        def briefings(indicators: Indicators) -> Briefings:
            pathway = AiUsePathway(
                FixedPermission(), RecordingPublisher(), service="bench", purpose="bench"
            )
            return Briefings(
                indicators,
                Gaps(warehouse, indicators),
                pathway,
                None,
                actor="bench",
                today=lambda: TODAY,
            )

        def cold() -> None:
            briefings(engine()).briefing(WOIPPY, commune="57480", month=MONTH)

        warm_service = briefings(engine())
        shown = warm_service.briefing(WOIPPY, commune="57480", month=MONTH)

        def warm() -> None:
            warm_service.briefing(WOIPPY, commune="57480", month=MONTH)

        indicators = engine()
        facts = month_facts(
            indicators=indicators,
            gaps=Gaps(warehouse, indicators),
            viewer=WOIPPY,
            commune="57480",
            month=MONTH,
        )
        figures = allowed_figures(facts)
        text = "\n".join(s.text for s in shown.sentences[:10])

        def checker() -> None:
            check(text, figures, facts.quoted)

        say(f"briefing: {len(shown.sentences)} sentences, {len(figures)} computed figures")
        for label, run in (
            ("baseline: the dashboard's queries, cold", baseline),
            ("briefing (template), cold", cold),
            ("briefing (template), warm", warm),
            ("number checker, 10 sentences", checker),
        ):
            p50, p95 = timed(run, options.loads)
            say(f"{label:45s} p50 {p50:9.2f} ms   p95 {p95:9.2f} ms")


if __name__ == "__main__":
    main()
