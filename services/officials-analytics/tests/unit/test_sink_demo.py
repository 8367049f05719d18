"""The demo activity of ``make up``: thirty months for the five demo communes, in plausible
amounts and seasons, the same every time, written once (a second run adds nothing, a later
one only what came since), through the command as the stack runs it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.definition import SERVICE
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink import demo
from collectivia.officials_analytics.sink.area import AREA
from collectivia.officials_analytics.sink.demo import (
    COMMUNES,
    DemoOutcome,
    demo_facts,
    first_day,
    seed_demo_into,
)
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory

TODAY = date(2026, 12, 5)
NOW = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)


def writer_in(folder: Path) -> tuple[SinkWriter, Lakehouse, sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{folder / 'analytics.db'}")
    create_tables(engine, [model.__table__ for model in AREA.tables])
    sessions = create_session_factory(engine)
    storage = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    lakehouse = storage.open_lakehouse("analytics")
    writer = SinkWriter(sessions, lakehouse)
    writer.ensure_tables()
    return writer, lakehouse, sessions


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoOutcome, Lakehouse]]:
    writer, lakehouse, _ = writer_in(tmp_path_factory.mktemp("demo"))
    yield seed_demo_into(writer, TODAY, now=NOW), lakehouse


@pytest.fixture(scope="module")
def tables(seeded: tuple[DemoOutcome, Lakehouse]) -> dict[str, pa.Table]:
    _, lakehouse = seeded
    return {table: lakehouse.read(dataset_id(table)) for table in TABLES}


def count(rows: pa.Table, **where: str) -> int:
    return sum(all(row[k] == v for k, v in where.items()) for row in rows.to_pylist())


def test_thirty_months_up_to_today_in_every_table(
    seeded: tuple[DemoOutcome, Lakehouse], tables: dict[str, pa.Table]
) -> None:
    outcome, _ = seeded
    assert first_day(TODAY) == date(2024, 7, 1)
    assert outcome.days == (TODAY - date(2024, 7, 1)).days + 1
    assert outcome.staged == outcome.events
    assert outcome.committed_rows == sum(t.num_rows for t in tables.values())
    months = set(tables["chat_answers"].column("month").to_pylist())
    assert len(months) == 30 and min(months) == "2024-07" and max(months) == "2026-12"
    assert max(max(t.column("occurred_at").to_pylist()) for t in tables.values()) <= NOW


@pytest.mark.parametrize(
    ("table", "low", "high"),
    [
        ("chat_answers", 40_000, 100_000),
        ("chat_handoffs", 3_500, 13_000),
        ("chat_handoff_replies", 3_000, 13_000),
        ("chat_feedback", 3_500, 13_000),
        ("assistant_tasks", 10_000, 33_000),
        ("ai_uses", 58_000, 133_000),
        ("register_events", 20, 120),
        ("lake_updates", 800, 1_200),
        ("lake_telemetry", 50_000, 100_000),
        ("lake_deliveries", 2, 40),
    ],
)
def test_rows_per_table_are_plausible(
    tables: dict[str, pa.Table], table: str, low: int, high: int
) -> None:
    assert low <= tables[table].num_rows <= high


def test_bigger_communes_ask_more(tables: dict[str, pa.Table]) -> None:
    per_commune = Counter(tables["chat_answers"].column("commune").to_pylist())
    assert [code for code, _ in per_commune.most_common()] == [c.code for c in COMMUNES]
    assert per_commune["57412"] >= 300  # even the smallest commune has figures


def test_a_share_is_refused_or_handed_over(tables: dict[str, pa.Table]) -> None:
    outcomes = Counter(tables["chat_answers"].column("outcome").to_pylist())
    total = sum(outcomes.values())
    assert 0.08 <= outcomes["refused"] / total <= 0.2
    assert 0.04 <= outcomes["handed_over"] / total <= 0.12
    assert outcomes["answered"] + outcomes["refused"] + outcomes["handed_over"] == total
    # The replies answer the handoffs; the feedback mostly says useful.
    handoffs = set(tables["chat_handoffs"].column("handoff_id").to_pylist())
    assert set(tables["chat_handoff_replies"].column("handoff_id").to_pylist()) <= handoffs
    useful = Counter(tables["chat_feedback"].column("useful").to_pylist())
    assert 0.7 <= useful[True] / (useful[True] + useful[False]) <= 0.9


def test_themes_follow_their_seasons(tables: dict[str, pa.Table]) -> None:
    answers = tables["chat_answers"]

    def asked(theme: str, month: str) -> int:
        return count(answers, theme=theme, month=month)

    assert asked("Déchets > Déchèteries", "2026-04") > 1.5 * asked(
        "Déchets > Déchèteries", "2026-01"
    )
    assert asked("État civil > Actes", "2026-06") > 1.3 * asked("État civil > Actes", "2026-02")
    papers = "Papiers > Carte d'identité et passeport"
    assert asked(papers, "2026-05") > 1.5 * asked(papers, "2026-02")
    assert asked("Citoyenneté > Élections", "2026-03") > 3 * asked(
        "Citoyenneté > Élections", "2026-05"
    )
    canteen = "Écoles > Restauration scolaire"
    assert asked(canteen, "2026-09") > 2 * asked(canteen, "2026-07")


def test_unanswered_questions_recur_for_the_content_gaps(tables: dict[str, pa.Table]) -> None:
    rows = tables["chat_answers"].to_pylist()
    unanswered = Counter(r["question"] for r in rows if r["outcome"] != "answered")
    question, times = unanswered.most_common(1)[0]
    assert times >= 100 and question.endswith("?")
    assert all(r["question"] for r in rows)


def test_the_assistant_by_department_with_human_review(tables: dict[str, pa.Table]) -> None:
    departments = set(tables["assistant_tasks"].column("department").to_pylist())
    assert {"etat-civil", "dechets", "mobilites", "urbanisme", "action-sociale"} <= departments
    tasks = Counter(tables["assistant_tasks"].column("task").to_pylist())
    assert set(tasks) == {"draft", "summarize", "classify", "plain-language", "handoff-reply"}
    reviews = Counter(
        r["human_review"]
        for r in tables["ai_uses"].to_pylist()
        if r["service"] == "agent-assistant"
    )
    assert reviews["edited"] > reviews["overridden"] > 0 and reviews["accepted"] > 0
    services = Counter(tables["ai_uses"].column("service").to_pylist())
    assert services["citizen-chat"] == tables["chat_answers"].num_rows


def test_what_the_ai_uses_consumed_is_plausible(tables: dict[str, pa.Table]) -> None:
    uses = tables["ai_uses"].to_pylist()
    quoted = [u for u in uses if u["model"] == demo.EXTRACTIVE]
    drafted = [u for u in uses if u["model"] == demo.MODEL]
    assert quoted and drafted and all(u["energy_wh"] is not None for u in uses)
    # A quoted answer: milliseconds of CPU, no model, a hundred-thousandth of a Wh or so.
    assert all(u["input_tokens"] is None for u in quoted)
    assert 0.001 < sorted(u["cpu_seconds"] for u in quoted)[len(quoted) // 2] < 0.05
    # A model's draft: hundreds of tokens out, a thousand in, hundredths of a Wh (EcoLogits).
    outputs = sorted(u["output_tokens"] for u in drafted)
    assert 100 < outputs[len(outputs) // 2] < 600
    median_draft = sorted(u["energy_wh"] for u in drafted)[len(drafted) // 2]
    median_quote = sorted(u["energy_wh"] for u in quoted)[len(quoted) // 2]
    assert 0.001 < median_draft < 1.0 and median_draft > 100 * median_quote
    assert all(u["co2_g"] == pytest.approx(u["energy_wh"] * 0.052) for u in uses)


def test_water_telemetry_per_commune_with_enough_sensors(tables: dict[str, pa.Table]) -> None:
    rows = tables["lake_telemetry"].to_pylist()
    day = max(r["occurred_at"] for r in rows)
    sensors = Counter(
        r["commune"] for r in rows if r["occurred_at"] == day and r["measure"] == "consommation"
    )
    assert set(sensors) == {c.code for c in COMMUNES}
    assert min(sensors.values()) >= 5  # the indicators show a commune from 5 sensors
    assert {r["period"] for r in rows} == {"day"}
    assert day == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)  # 4 December, Paris


def test_the_register_s_systems_and_incidents(tables: dict[str, pa.Table]) -> None:
    kinds = Counter(tables["register_events"].column("kind").to_pylist())
    assert kinds["system-registered"] == 4
    assert kinds["system-status-changed"] >= 8
    assert 10 <= kinds["incident-reported"] <= 80
    assert count(tables["register_events"], status="suspended") == 1


def test_the_same_activity_every_time() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    first = list(demo_facts(date(2026, 3, 10), now=now, months=2))
    second = list(demo_facts(date(2026, 3, 10), now=now, months=2))
    assert first == second
    assert len({fact.event_id for fact in first}) == len(first)


def test_a_second_run_adds_nothing_and_a_later_one_only_what_came_since(tmp_path: Path) -> None:
    writer, lakehouse, _ = writer_in(tmp_path)
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    first = seed_demo_into(writer, date(2026, 3, 10), now=now, months=2)
    assert first.staged == first.events > 1_000
    again = seed_demo_into(writer, date(2026, 3, 10), now=now, months=2)
    assert (again.staged, again.committed_rows) == (0, 0)
    later = seed_demo_into(writer, date(2026, 3, 11), now=now + timedelta(days=1), months=2)
    assert later.events > first.events and later.staged == later.events - first.events
    answers = lakehouse.read(dataset_id("chat_answers")).column("event_id").to_pylist()
    assert len(answers) == len(set(answers))


def test_the_command_seeds_the_service_s_own_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_CATALOG_URL", f"sqlite:///{tmp_path}/c.db")
    monkeypatch.setenv("COLLECTIVIA_OFFICIALS_ANALYTICS_WAREHOUSE", str(tmp_path / "warehouse"))
    monkeypatch.setattr(demo, "MONTHS", 2)
    monkeypatch.setattr(demo, "_now", lambda: NOW)
    settings = OfficialsAnalyticsSettings(database_url=f"sqlite:///{tmp_path}/analytics.db")
    assert SERVICE.commands["seed-demo"](settings) == 0
    lakehouse = StorageSettings().open_lakehouse("analytics")
    assert lakehouse.read(dataset_id("chat_answers")).num_rows > 0
    assert SERVICE.commands["seed-demo"](settings) == 0
    assert len(lakehouse.versions(dataset_id("chat_answers"))) == 2  # created, then seeded once
