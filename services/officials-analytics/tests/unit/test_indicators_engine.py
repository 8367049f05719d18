"""The indicators' engine on small Arrow tables written to a temporary lakehouse: exact
figures, joins, the privacy threshold and complementary suppression, the filters pushed into
the scan, SQL made of declared identifiers and bound values only, the cache."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import (
    ANSWER_RATE,
    HANDOFF_REPLY_DELAY,
    QUESTIONS_ASKED,
)
from collectivia.officials_analytics.indicators.declarations import (
    Average,
    Dimension,
    Equals,
    Indicator,
    Source,
    Sum,
)
from collectivia.officials_analytics.indicators.engine import (
    Cell,
    Indicators,
    dataset_id,
    pushed_filter,
)
from collectivia.officials_analytics.indicators.schemas import parsed_filters
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation

METZ, WOIPPY = "57463", "57480"
ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))


def open_warehouse(folder: Path) -> Warehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    return Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )


def at(month: str, day: int = 15, hour: int = 10) -> datetime:
    year, number = month.split("-")
    return datetime(int(year), int(number), day, hour, tzinfo=UTC)


def write(warehouse: Warehouse, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Rows of an analytics table, with an event id and a date when they have none."""
    full = [
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": at(row["month"]) if "month" in row else None,
            **row,
        }
        for row in rows
    ]
    warehouse.analytics.write(
        dataset_id(table),
        pa.Table.from_pylist(full, schema=TABLES[table]),
        load_id=str(uuid.uuid4()),
        operation="test",
        replace=False,
    )


def answers(
    commune: str,
    month: str,
    conversations: int,
    *,
    outcome: str = "answered",
    theme: str = "Mairie > Horaires",
    per_conversation: int = 1,
) -> list[dict[str, Any]]:
    return [
        {
            "answer_id": str(uuid.uuid4()),
            "conversation_id": f"{commune}-{month}-{theme}-{outcome}-{c}",
            "commune": commune,
            "theme": theme,
            "outcome": outcome,
            "sources_cited": 1 if outcome == "answered" else 0,
            "month": month,
        }
        for c in range(conversations)
        for _ in range(per_conversation)
    ]


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return open_warehouse(tmp_path)


@pytest.fixture
def indicators(warehouse: Warehouse) -> Indicators:
    return Indicators(warehouse, today=lambda: date(2026, 6, 20))


def values(cells: Iterable[Cell]) -> dict[tuple[str, ...], float | None]:
    return {c.dimensions: c.value for c in cells}


def test_counts_by_commune_and_month_are_exact(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write(
        warehouse,
        "chat_answers",
        answers(METZ, "2026-01", 6)
        + answers(METZ, "2026-02", 7, per_conversation=2)
        + answers(WOIPPY, "2026-01", 5)
        + answers(WOIPPY, "2025-12", 9),  # before the period
    )
    result = indicators.query(
        ADMIN,
        "questions-posees",
        group_by=["commune", "month"],
        first_month="2026-01",
        last_month="2026-06",
    )
    assert result.group_by == ("commune", "month") and result.communes == ()
    assert (result.period.first, result.period.last) == ("2026-01", "2026-06")
    assert values(result.cells) == {
        (METZ, "2026-01"): 6.0,
        (METZ, "2026-02"): 14.0,  # 14 questions from 7 conversations
        (WOIPPY, "2026-01"): 5.0,
    }
    assert not any(c.suppressed for c in result.cells)
    total = indicators.query(ADMIN, "questions-posees", first_month="2026-01", last_month="2026-06")
    assert values(total.cells) == {(): 25.0}


def test_an_official_sees_their_commune_only(warehouse: Warehouse, indicators: Indicators) -> None:
    write(warehouse, "chat_answers", answers(METZ, "2026-03", 8) + answers(WOIPPY, "2026-03", 5))
    mine = indicators.query(OFFICIAL, "questions-posees", group_by=["commune"])
    assert mine.communes == (WOIPPY,)
    assert values(mine.cells) == {(WOIPPY,): 5.0}
    with pytest.raises(PermissionDenied) as refused:
        indicators.query(OFFICIAL, "questions-posees", communes=[METZ])
    assert refused.value.detail == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )


def test_a_share_is_a_percentage_with_its_decimals(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write(
        warehouse,
        "chat_answers",
        answers(METZ, "2026-04", 5)
        + answers(METZ, "2026-04", 1, outcome="refused")
        + answers(METZ, "2026-04", 1, outcome="handed_over"),
    )
    result = indicators.query(ADMIN, ANSWER_RATE.name, group_by=["commune"])
    assert values(result.cells) == {(METZ,): round(100 * 5 / 7, 1)} == {(METZ,): 71.4}


def test_small_groups_are_suppressed_by_distinct_conversations(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    # 4 conversations asking 3 questions each: 12 questions, but only 4 people.
    write(warehouse, "chat_answers", answers(WOIPPY, "2026-05", 4, per_conversation=3))
    [cell] = indicators.query(ADMIN, "questions-posees", group_by=["commune"]).cells
    assert cell == Cell((WOIPPY,), None, True)


def test_complementary_suppression_keeps_a_small_cell_from_the_totals(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    # Metz: 20, 9 and 2 (small) questions over three months; Woippy: 15, 6, 30.
    write(
        warehouse,
        "chat_answers",
        answers(METZ, "2026-01", 20)
        + answers(METZ, "2026-02", 9)
        + answers(METZ, "2026-03", 2)
        + answers(WOIPPY, "2026-01", 15)
        + answers(WOIPPY, "2026-02", 6)
        + answers(WOIPPY, "2026-03", 30),
    )
    period: dict[str, Any] = {"first_month": "2026-01", "last_month": "2026-03"}
    table = indicators.query(ADMIN, "questions-posees", group_by=["commune", "month"], **period)
    shown = values(table.cells)
    # The small cell, then the smallest of its row (Metz, February: 9) and of its column
    # (Woippy, March: 30, the only other one), then the smallest of Woippy's row (February:
    # 6) so that Woippy's row does not give March away either.
    assert shown == {
        (METZ, "2026-01"): 20.0,
        (METZ, "2026-02"): None,
        (METZ, "2026-03"): None,
        (WOIPPY, "2026-01"): 15.0,
        (WOIPPY, "2026-02"): None,
        (WOIPPY, "2026-03"): None,
    }
    # The totals by commune and by month are shown: subtraction gives sums of two
    # suppressed cells at best, never one.
    by_commune = values(
        indicators.query(ADMIN, "questions-posees", group_by=["commune"], **period).cells
    )
    by_month = values(
        indicators.query(ADMIN, "questions-posees", group_by=["month"], **period).cells
    )
    assert by_commune == {(METZ,): 31.0, (WOIPPY,): 51.0}
    assert by_month == {("2026-01",): 35.0, ("2026-02",): 15.0, ("2026-03",): 32.0}
    assert shown[(METZ, "2026-01")] == 20.0
    metz_hidden = 31.0 - 20.0
    assert metz_hidden == 11.0  # February and March together: March alone stays unknown
    # March's total, 32, is Metz's and Woippy's together: neither alone.


def test_a_lone_suppressed_cell_is_protected_in_a_single_dimension(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write(
        warehouse,
        "chat_answers",
        answers(METZ, "2026-01", 3, theme="Eau")
        + answers(METZ, "2026-01", 8, theme="Déchets")
        + answers(METZ, "2026-01", 12, theme="Mairie"),
    )
    cells = indicators.query(ADMIN, "questions-posees", group_by=["theme"]).cells
    assert values(cells) == {("Déchets",): None, ("Eau",): None, ("Mairie",): 12.0}


def test_the_median_delay_joins_the_first_reply_of_each_handoff(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    month = "2026-02"
    handoffs = [
        {
            "handoff_id": f"h{i}",
            "commune": METZ,
            "theme": "Eau",
            "channel": "email",
            "month": month,
            "occurred_at": at(month, 2, 8),
        }
        for i in range(6)
    ]
    # Replies 1, 2, 3, 4, 5 and 30 hours later; h0 is answered twice (the first counts).
    replies = [
        {
            "handoff_id": f"h{i}",
            "department": "Eau",
            "month": month,
            "occurred_at": at(month, 2, 8) + (i + 1) * (at(month, 2, 9) - at(month, 2, 8)),
        }
        for i in range(5)
    ]
    replies.append(
        {"handoff_id": "h5", "department": "Eau", "month": month, "occurred_at": at(month, 3, 14)}
    )
    replies.append(
        {"handoff_id": "h0", "department": "Eau", "month": month, "occurred_at": at(month, 20)}
    )
    write(warehouse, "chat_handoffs", handoffs)
    write(warehouse, "chat_handoff_replies", replies)
    median = indicators.query(ADMIN, HANDOFF_REPLY_DELAY.name, group_by=["commune"])
    assert values(median.cells) == {(METZ,): 3.5}
    replied = indicators.query(ADMIN, "demandes-agent-repondues", group_by=["department"])
    assert values(replied.cells) == {("Eau",): 6.0}


def test_satisfaction_takes_the_commune_of_the_answer(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    rows = answers(WOIPPY, "2026-03", 6)
    write(warehouse, "chat_answers", rows)
    feedback = [
        {"answer_id": r["answer_id"], "useful": i < 4, "reasons": "", "month": "2026-04"}
        for i, r in enumerate(rows)
    ]
    feedback.append({"answer_id": "elsewhere", "useful": True, "reasons": "", "month": "2026-04"})
    write(warehouse, "chat_feedback", feedback)
    result = indicators.query(OFFICIAL, "satisfaction", group_by=["month"])
    assert values(result.cells) == {("2026-04",): round(100 * 4 / 6, 1)}


def test_collectivity_wide_indicators_take_no_commune(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write(
        warehouse,
        "assistant_tasks",
        [
            {
                "task_id": str(i),
                "task": "resume",
                "department": "Etat civil",
                "generative": True,
                "minutes_saved": 10 + i,
                "month": "2026-05",
            }
            for i in range(5)
        ],
    )
    result = indicators.query(OFFICIAL, "minutes-gagnees", group_by=["department"])
    assert result.communes == ()
    assert values(result.cells) == {("Etat civil",): 60.0}
    with pytest.raises(InvalidInput) as per_commune:
        indicators.query(OFFICIAL, "minutes-gagnees", communes=[WOIPPY])
    assert per_commune.value.detail == (
        "L'indicateur « minutes-gagnees » porte sur l'ensemble de la collectivité, pas sur une "
        "commune : retirez le filtre « commune »."
    )
    # Access first: another commune is refused before anything else is said of it.
    with pytest.raises(PermissionDenied):
        indicators.query(OFFICIAL, "minutes-gagnees", communes=[METZ])


def test_requests_are_checked_in_french(indicators: Indicators) -> None:
    with pytest.raises(NotFound) as unknown:
        indicators.query(ADMIN, "pas-un-indicateur")
    assert unknown.value.detail == (
        "Aucun indicateur « pas-un-indicateur » : la liste des indicateurs est sur /v1/kpis."
    )
    with pytest.raises(InvalidInput) as dimension:
        indicators.query(ADMIN, "questions-posees", group_by=['theme"; DROP TABLE src0; --'])
    # What is not an identifier is not repeated (found by fuzzing: it may be personal data).
    assert dimension.value.detail.startswith(
        "L'indicateur « questions-posees » ne se ventile pas par « (identifiant non valide) »"
    )
    assert dimension.value.errors[0].field == "group_by"
    with pytest.raises(InvalidInput) as repeated:
        indicators.query(ADMIN, "questions-posees", group_by=["month", "month"])
    assert repeated.value.detail == "La dimension « month » est demandée deux fois."
    with pytest.raises(InvalidInput) as malformed:
        indicators.query(ADMIN, "questions-posees", first_month="2026-13")
    assert malformed.value.detail == (
        "Le mois « from » doit s'écrire AAAA-MM (par exemple 2026-01) : « 2026-13 » ne convient "
        "pas."
    )
    with pytest.raises(InvalidInput) as reversed_period:
        indicators.query(ADMIN, "questions-posees", first_month="2026-05", last_month="2026-01")
    assert reversed_period.value.detail == (
        "La période commence (2026-05) après sa fin (2026-01) : inversez les deux mois."
    )
    with pytest.raises(InvalidInput) as too_long:
        indicators.query(ADMIN, "questions-posees", first_month="2020-01", last_month="2026-01")
    assert too_long.value.detail == (
        "La période couvre 73 mois, au-delà de la limite de 36 mois : réduisez-la."
    )
    with pytest.raises(InvalidInput) as code:
        indicators.query(ADMIN, "questions-posees", communes=["57480' OR 1=1"])
    assert code.value.detail.startswith("Code commune invalide : « (identifiant non valide) »")
    with pytest.raises(InvalidInput) as phone:
        indicators.query(ADMIN, "questions-posees", first_month="06 12 34 56 78")
    assert "06 12" not in phone.value.detail
    with pytest.raises(InvalidInput) as filtered:
        indicators.query(ADMIN, "questions-posees", filters={"camille@exemple.fr": ["x"]})
    assert "camille" not in filtered.value.detail
    with pytest.raises(PermissionDenied) as citizen:
        indicators.query(Viewer(frozenset({"citizen"}), (METZ,)), "questions-posees")
    assert citizen.value.detail == messages.VIEWER_ROLE_REQUIRED


def test_the_default_period_is_the_last_twelve_months(indicators: Indicators) -> None:
    default = indicators.period("", "")
    assert (default.first, default.last) == ("2025-07", "2026-06")
    assert indicators.period("2026-03", "") == indicators.period("2026-03", "2026-06")
    since = indicators.period("", "2026-02")
    assert (since.first, since.last) == ("2025-03", "2026-02")


def test_the_sql_holds_declared_identifiers_and_bound_values_only() -> None:
    scope = Scope("2026-01", "2026-06", (WOIPPY, METZ))
    built = statement(ANSWER_RATE, [Dimension("theme", "chat_answers.theme")], scope)
    for value in ("2026-01", "2026-06", WOIPPY, METZ, "answered"):
        assert value not in built.sql
    assert built.parameters == ("answered", "2026-01", "2026-06", WOIPPY, METZ)
    assert built.sql.count("?") == len(built.parameters)
    assert '"t0"."theme"' in built.sql and '"t0"."commune" IN (?, ?)' in built.sql
    assert built.registered == {"chat_answers": "src0"}
    # An identifier with a quote stays one identifier.
    odd = Indicator(
        name="odd",
        label="x",
        definition="x",
        unit="x",
        source=Source("weird"),
        aggregate=Sum('weird.va"l'),
        month="weird.month",
        commune=None,
        owner="x",
        sources=(),
    )
    assert '"t0"."va""l"' in statement(odd, [], Scope("2026-01", "2026-01", None)).sql


def test_filters_are_pushed_into_the_scan() -> None:
    scope = Scope("2026-01", "2026-03", (WOIPPY,))
    pushed = repr(pushed_filter(QUESTIONS_ASKED, "chat_answers", scope))
    assert "month" in pushed and "2026-01" in pushed and "2026-03" in pushed
    assert "commune" in pushed and WOIPPY in pushed
    replies = repr(pushed_filter(HANDOFF_REPLY_DELAY, "chat_handoff_replies", scope))
    assert replies == "AlwaysTrue()"  # the replies are read whole: their first one counts


def test_missing_tables_and_columns_read_as_empty(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    assert indicators.query(ADMIN, "questions-posees").cells == ()
    lake = Indicator(
        name="lake-dataset",
        label="x",
        definition="x",
        unit="x",
        source=Source("eau-releves", store="lake"),
        aggregate=Average("eau-releves.volume"),
        month="eau-releves.month",
        commune="eau-releves.commune",
        owner="x",
        sources=("eau-releves",),
        where=(Equals("eau-releves.kind", "compteur"),),
        min_group_size=1,
    )
    on_lake = Indicators(warehouse, catalogue=[lake], today=lambda: date(2026, 6, 1))
    # A lake dataset that is not there is said, in French (the analytics tables read empty).
    with pytest.raises(RuleViolation) as missing:
        on_lake.query(ADMIN, "lake-dataset")
    assert missing.value.rule == "jeu-de-donnees-absent"
    assert missing.value.detail == (
        "L'indicateur « lake-dataset » se calcule sur le jeu de données « eau-releves » du lac "
        "de données, qui n'y est pas (encore) : un responsable des données doit le déclarer et "
        "le charger."
    )
    rows = pa.table(
        {
            "month": ["2026-05", "2026-05", "2026-05"],
            "commune": [METZ, METZ, WOIPPY],
            "kind": ["compteur", "compteur", "autre"],
            "volume": [10.0, 20.0, 99.0],
        }
    )
    warehouse.lake.write("eau-releves", rows, load_id="l1", operation="test", replace=False)
    assert values(on_lake.query(ADMIN, "lake-dataset", group_by=["commune"]).cells) == {
        (METZ,): 15.0
    }
    # A declared column the dataset lacks: refused, naming it.
    lacking = dataclasses.replace(lake, name="lake-column", aggregate=Average("eau-releves.débit"))
    with pytest.raises(RuleViolation) as column:
        Indicators(warehouse, catalogue=[lacking]).query(ADMIN, "lake-column")
    assert column.value.rule == "colonne-absente"
    assert column.value.detail == (
        "L'indicateur « lake-column » lit dans le jeu de données « eau-releves » du lac des "
        "colonnes qu'il n'a pas : « débit ». Ce jeu de données doit suivre son schéma national."
    )


def test_results_are_cached_until_a_table_changes(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write(warehouse, "chat_answers", answers(METZ, "2026-06", 5))
    first = indicators.query(ADMIN, "questions-posees")
    assert indicators.query(ADMIN, "questions-posees") == first
    write(warehouse, "chat_answers", answers(METZ, "2026-06", 1))
    assert values(indicators.query(ADMIN, "questions-posees").cells) == {(): 6.0}
    # Keyed by the communes covered: an official's figures are never another's.
    assert indicators.query(OFFICIAL, "questions-posees").cells == ()


def test_a_malformed_filter_is_named_by_its_place_not_repeated() -> None:
    # Found by fuzzing: the filter, which may be anything typed, came back in the error.
    with pytest.raises(InvalidInput) as malformed:
        parsed_filters(["theme:Déchets", "06 12 34 56 78"])
    assert malformed.value.detail == (
        "Un filtre s'écrit dimension:valeur (par exemple theme:Déchets > Collecte) : le filtre "
        "n° 2 ne convient pas."
    )
