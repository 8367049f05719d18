"""Content gaps: questions grouped by their normalised form, themes ranked by unanswered
questions, with the indicators' access rule and suppression; only masked wordings shown."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from collectivia.officials_analytics.gaps import service as gaps_service
from collectivia.officials_analytics.gaps.normalise import normalised
from collectivia.officials_analytics.gaps.service import Gaps, GapsPolicy, ThemeGap
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.errors import PermissionDenied

METZ, WOIPPY = "57463", "57480"
ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))


def test_the_same_question_in_other_words_meets() -> None:
    key = normalised("Quels sont les horaires de la piscine ?")
    assert key == "horaire piscine"
    assert normalised("horaires piscine svp") == key
    assert normalised("Bonjour, la PISCINE : quels horaires ? Merci") == key
    assert normalised("L'horaire d'ouverture de la piscine") == "horaire ouverture piscine"
    assert normalised("Où déposer mes déchets verts ?") == "dechet deposer vert"
    assert normalised("Je suis [NOM_1], écrivez à [EMAIL_1] pour la carte d'identité") == (
        "carte ecrivez identite"
    )
    assert normalised("Bonjour, merci !") == ""
    assert normalised("Les permis, les bus, les eaux") == "bus eau permis"


def answer(
    commune: str,
    conversation: str,
    question: str,
    *,
    theme: str = "Eau",
    outcome: str = "refused",
    month: str = "2026-02",
) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime(2026, 2, 3, tzinfo=UTC),
        "month": month,
        "answer_id": str(uuid.uuid4()),
        "conversation_id": conversation,
        "commune": commune,
        "theme": theme,
        "outcome": outcome,
        "question": question,
    }


@pytest.fixture
def gaps(tmp_path: Path) -> Gaps:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "warehouse")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )
    rows: list[dict[str, Any]] = []
    # Woippy: 6 conversations ask about the swimming pool's hours (one of them twice), in
    # various words, some with personal data masked; one is answered (not a gap).
    wordings = [
        "Quels sont les horaires de la piscine ?",
        "Quels sont les horaires de la piscine ?",
        "horaires piscine svp",
        "Horaires de la piscine ? Je suis [NOM_1]",
        "Quels sont les horaires de la piscine ?",
        "Bonjour, la piscine, quels horaires ?",
    ]
    for i, wording in enumerate(wordings):
        rows.append(answer(WOIPPY, f"w{i}", wording, theme="Sports", outcome="handed_over"))
    rows.append(answer(WOIPPY, "w0", "Quels sont les horaires de la piscine ?", theme="Sports"))
    rows.append(answer(WOIPPY, "w9", "Horaires de la piscine ?", outcome="answered"))
    # 4 conversations about a rare permit (a group under the threshold: never listed),
    # one of them with a name the chat missed: masked here.
    for i in range(3):
        rows.append(answer(WOIPPY, f"p{i}", "Permis de construire pour une yourte ?"))
    rows.append(answer(WOIPPY, "p3", "Permis de construire pour une yourte, Jean Dupont"))
    # 7 about water bills, in Woippy; and Metz's, which Woippy's official never sees.
    for i in range(7):
        rows.append(answer(WOIPPY, f"e{i}", "Comment payer ma facture d'eau ?"))
    for i in range(9):
        rows.append(answer(METZ, f"m{i}", "Stationnement résidentiel ?", theme="Voirie"))
    # Outside the period.
    for i in range(6):
        rows.append(answer(WOIPPY, f"o{i}", "Vieille question ?", month="2025-06"))
    warehouse.analytics.write(
        dataset_id("chat_answers"),
        pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
        load_id="gaps",
        operation="test",
        replace=False,
    )
    indicators = Indicators(warehouse, today=lambda: date(2026, 3, 1))
    return Gaps(warehouse, indicators, GapsPolicy(min_conversations=5))


def test_an_official_sees_their_communes_gaps_ranked(gaps: Gaps) -> None:
    found = gaps.gaps(OFFICIAL, first_month="2026-01", last_month="2026-03")
    assert found.communes == (WOIPPY,)
    assert (found.period.first, found.period.last) == ("2026-01", "2026-03")
    # Eau: 11 unanswered from 11 conversations; Sports: 7 from 6.
    assert found.themes == (ThemeGap("Eau", 11, False), ThemeGap("Sports", 7, False))
    # 7 questions each: the more conversations first.
    bills, pool = found.questions
    assert (bills.asked, bills.conversations) == (7, 7)
    assert bills.question == "Comment payer ma facture d'eau ?"
    assert bills.keywords == ("eau", "facture", "payer")
    assert (pool.asked, pool.conversations, pool.refused, pool.handed_over) == (7, 6, 1, 6)
    assert pool.question == "Quels sont les horaires de la piscine ?"
    assert pool.themes == ("Sports",)
    assert all("yourte" not in q.question for q in found.questions)


def test_the_intercommunality_sees_every_commune_and_small_themes_are_suppressed(
    gaps: Gaps,
) -> None:
    found = gaps.gaps(ADMIN, first_month="2026-02", last_month="2026-02")
    assert found.communes == ()
    assert [q.keywords for q in found.questions][:1] == [("residentiel", "stationnement")]
    assert ThemeGap("Voirie", 9, False) in found.themes
    only_metz = gaps.gaps(ADMIN, communes=[METZ], first_month="2026-02", last_month="2026-02")
    assert only_metz.themes == (ThemeGap("Voirie", 9, False),)


def test_a_lone_small_theme_takes_the_next_smallest_with_it(tmp_path: Path, gaps: Gaps) -> None:
    # Woippy over February with a threshold of 7: Sports (6 conversations) is suppressed, so
    # Eau (11) goes too, or the total of refused and handed-over questions would give it.
    strict = Gaps(gaps._warehouse, gaps._indicators, GapsPolicy(min_conversations=7))
    found = strict.gaps(OFFICIAL, first_month="2026-02", last_month="2026-02")
    assert found.themes == (ThemeGap("Eau", None, True), ThemeGap("Sports", None, True))
    assert [q.keywords for q in found.questions] == [("eau", "facture", "payer")]


def test_results_are_kept_per_snapshot_and_per_commune(gaps: Gaps) -> None:
    first = gaps.gaps(OFFICIAL, first_month="2026-02", last_month="2026-02")
    assert gaps.gaps(OFFICIAL, first_month="2026-02", last_month="2026-02") is first
    # The whole territory's gaps are another entry: Metz's questions are in it, never in
    # Woippy's.
    everyone = gaps.gaps(ADMIN, first_month="2026-02", last_month="2026-02")
    assert ThemeGap("Voirie", 9, False) in everyone.themes
    assert all(t.theme != "Voirie" for t in first.themes)
    # A write makes a new snapshot: the next answer counts it.
    more = [answer(WOIPPY, f"n{i}", "Où jeter un frigo ?", theme="Déchets") for i in range(5)]
    gaps._warehouse.analytics.write(
        dataset_id("chat_answers"),
        pa.Table.from_pylist(more, schema=TABLES["chat_answers"]),
        load_id="more",
        operation="test",
        replace=False,
    )
    after = gaps.gaps(OFFICIAL, first_month="2026-02", last_month="2026-02")
    assert after is not first and ThemeGap("Déchets", 5, False) in after.themes


def test_gaps_follow_the_access_rule(gaps: Gaps) -> None:
    with pytest.raises(PermissionDenied):
        gaps.gaps(OFFICIAL, communes=[METZ])
    with pytest.raises(PermissionDenied):
        gaps.gaps(Viewer(frozenset({"agent"}), (WOIPPY,)))


def test_a_missed_name_is_masked_before_it_is_shown(tmp_path: Path) -> None:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'c.db'}", warehouse=str(tmp_path / "w")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"), lake=settings.open_lakehouse("lake")
    )
    rows = [
        answer(WOIPPY, f"c{i}", "Madame Jeanne Martin demande le permis de construire")
        for i in range(5)
    ]
    warehouse.analytics.write(
        dataset_id("chat_answers"),
        pa.Table.from_pylist(rows, schema=TABLES["chat_answers"]),
        load_id="x",
        operation="test",
        replace=False,
    )
    gaps = Gaps(warehouse, Indicators(warehouse, today=lambda: date(2026, 2, 10)))
    [group] = gaps.gaps(OFFICIAL).questions
    assert "Martin" not in group.question and "[NOM_1]" in group.question
    # The key itself is made of the masked text's words: never the name (grouped apart).
    assert "martin" not in group.keywords and "jeanne" not in group.keywords
    assert group.keywords == ("construire", "demande", "permis")


def test_tables_not_written_yet_or_without_questions(tmp_path: Path) -> None:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'c.db'}", warehouse=str(tmp_path / "w")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"), lake=settings.open_lakehouse("lake")
    )
    indicators = Indicators(warehouse, today=lambda: date(2026, 2, 10))
    gaps = Gaps(warehouse, indicators)
    empty = gaps.gaps(ADMIN)
    assert empty.themes == () and empty.questions == ()
    # Answers published before the chat sent its questions: themes, but nothing to group.
    older = [
        {k: v for k, v in answer(WOIPPY, f"c{i}", "").items() if k != "question"} for i in range(6)
    ]
    schema = TABLES["chat_answers"]
    warehouse.analytics.write(
        dataset_id("chat_answers"),
        pa.Table.from_pylist(older, schema=schema.remove(schema.get_field_index("question"))),
        load_id="older",
        operation="test",
        replace=False,
    )
    found = gaps.gaps(OFFICIAL)
    assert found.themes == (ThemeGap("Eau", 6, False),) and found.questions == ()
    refused = indicators.query(OFFICIAL, "questions-refusees")
    assert [c.value for c in refused.cells] == [6.0]


def test_each_wording_is_masked_once_across_requests(
    gaps: Gaps, monkeypatch: pytest.MonkeyPatch
) -> None:
    masked: list[str] = []

    def counted(question: str) -> str:
        masked.append(question)
        return question.replace("Jean Dupont", "[NOM_1]")

    monkeypatch.setattr(gaps_service, "redact", counted)
    first = gaps.gaps(OFFICIAL, first_month="2026-01", last_month="2026-03")
    assert len(masked) == len(set(masked)) > 5
    seen = len(masked)
    # Another period (a new result) over the same wordings: none masked again.
    gaps.gaps(OFFICIAL, first_month="2026-02", last_month="2026-02")
    assert len(masked) == seen
    assert all("Dupont" not in q.question for q in first.questions)
