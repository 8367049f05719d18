"""The briefing's facts ranked, its template sentences in French, and the number checker
that keeps a model's sentence only when each of its figures is a computed value."""

from __future__ import annotations

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.facts import Change, Fact, MonthFacts, ranked
from collectivia.officials_analytics.briefings.figures import (
    Figure,
    allowed_figures,
    check,
    matches,
    written_figures,
)
from collectivia.officials_analytics.briefings.wording import (
    change_sentences,
    month_label,
    number,
    template_sentences,
    with_unit,
)

WOIPPY = "57480"
NNBSP, NBSP = "\u202f", "\u00a0"


def fact(
    name: str, month: str, value: float, *, unit: str = "questions", decimals: int = 0
) -> Fact:
    labels = {
        "questions-posees": "Questions posées",
        "taux-de-reponse": "Taux de réponse",
        "demandes-agent": "Demandes transmises à un agent",
        "taches-assistant": "Tâches de l'assistant des agents",
    }
    commune = None if name == "taches-assistant" else WOIPPY
    return Fact(name, labels[name], month, value, unit, decimals, commune)


def change(
    name: str,
    now: float,
    before: float | None,
    year: float | None = None,
    *,
    unit: str = "questions",
    decimals: int = 0,
) -> Change:
    def at(month: str, value: float | None) -> Fact | None:
        if value is None:
            return None
        return fact(name, month, value, unit=unit, decimals=decimals)

    current = at("2026-03", now)
    assert current is not None
    return Change(current, at("2026-02", before), at("2025-03", year))


def test_numbers_and_months_are_written_the_french_way() -> None:
    assert number(1234) == f"1{NNBSP}234"
    assert number(1234567.25, 1) == f"1{NNBSP}234{NNBSP}567,2"
    assert number(-12.5, 1) == "12,5"  # the sign is said in words (« de moins »)
    assert with_unit(72.5, "%", 1) == f"72,5{NBSP}%"
    assert with_unit(1500, "m3", 0) == f"1{NNBSP}500{NBSP}m³"
    assert with_unit(40, "questions", 0) == "40"
    assert month_label("2026-03") == "mars 2026" and month_label("2025-08") == "août 2025"


def test_a_rise_against_last_month_in_plain_french() -> None:
    sentences = change_sentences(change("questions-posees", 1234, 1102))
    assert [s.text for s in sentences] == [
        f"Questions posées : 1{NNBSP}234 en mars 2026, soit 12{NBSP}% de plus qu'en "
        f"février 2026 (1{NNBSP}102)."
    ]
    assert [f.value for f in sentences[0].facts] == [1234.0, 1102.0]
    assert sentences[0].facts[0].filters == {"month": "2026-03", "commune": WOIPPY}


def test_a_fall_a_share_in_points_a_year_and_a_zero_base() -> None:
    down = change_sentences(change("demandes-agent", 45, 60, 45))
    assert down[0].text == (
        f"Demandes transmises à un agent : 45 en mars 2026, soit 25{NBSP}% de moins qu'en "
        "février 2026 (60)."
    )
    assert down[1].text == "Sur un an, c'est autant qu'en mars 2025 (45)."
    rate = change_sentences(change("taux-de-reponse", 72.5, 69.3, 80.0, unit="%", decimals=1))
    assert rate[0].text == (
        f"Taux de réponse : 72,5{NBSP}% en mars 2026, soit 3,2{NBSP}points de plus qu'en "
        f"février 2026 (69,3{NBSP}%)."
    )
    assert rate[1].text == (
        f"Sur un an, c'est 7,5{NBSP}points de moins qu'en mars 2025 (80,0{NBSP}%)."
    )
    zero = change_sentences(change("questions-posees", 8, 0))
    assert zero[0].text == "Questions posées : 8 en mars 2026, contre 0 en février 2026."
    alone = change_sentences(change("taches-assistant", 30, None))
    assert alone[0].text == (
        "Tâches de l'assistant des agents (ensemble de la collectivité) : 30 en mars 2026."
    )


def test_the_largest_relative_change_comes_first_over_a_minimum_base() -> None:
    small = change("demandes-agent", 4, 2)  # +100 %, but on a base of 2
    large = change("questions-posees", 1300, 1000)  # +30 %
    flat = change("taux-de-reponse", 70.0, 70.0, unit="%", decimals=1)
    uncompared = change("taches-assistant", 30, None)
    order = ranked([uncompared, flat, small, large])
    assert [c.current.indicator for c in order] == [
        "questions-posees",  # 300 / 1000
        "demandes-agent",  # 2 / 20 (the minimum base), not 2 / 2
        "taux-de-reponse",
        "taches-assistant",
    ]


def test_french_figures_are_read_and_dates_are_not() -> None:
    found = written_figures(
        f"Les demandes ont augmenté de 12,5 % en mars 2026 (1 234 contre 1{NNBSP}102,5) ; "
        "voir 2026-03, le 1er rapport."
    )
    assert [(w.value, w.decimals, w.percent) for w in found] == [
        (12.5, 1, True),
        (1234.0, 0, False),
        (1102.5, 1, False),
    ]
    assert [w.value for w in written_figures("Commune 57480 : 12 pour cent.", ["57480"])] == [12]


def test_a_figure_matches_to_the_rounding_it_is_written_with() -> None:
    change_ = Figure(12.34, True)
    assert matches(written_figures("12 %")[0], change_)
    assert matches(written_figures("12,3 %")[0], change_)
    assert not matches(written_figures("12,4 %")[0], change_)
    assert not matches(written_figures("12")[0], change_)  # a percentage needs « % »
    assert matches(written_figures("1 234")[0], Figure(1234.0, False))
    assert not matches(written_figures("1 200")[0], Figure(1234.0, False))


def month_facts() -> MonthFacts:
    return MonthFacts(
        WOIPPY,
        "2026-03",
        ranked(
            [
                change("questions-posees", 1234, 1102, 1000),
                change("taux-de-reponse", 72.5, 69.3, unit="%", decimals=1),
            ]
        ),
    )


def test_a_sentence_with_a_wrong_figure_is_dropped_a_right_one_kept() -> None:
    facts = month_facts()
    text = (
        "En mars 2026, les habitants ont posé 1 234 questions, 12 % de plus qu'en février. "
        "Le taux de réponse atteint 72,5 %, en hausse de 3,2 points.\n"
        "Sur un an, les questions ont progressé de 40 %. "
        "Les habitants restent très satisfaits."
    )
    checked = check(text, allowed_figures(facts))
    assert [s.text for s in checked.kept] == [
        "En mars 2026, les habitants ont posé 1 234 questions, 12 % de plus qu'en février.",
        "Le taux de réponse atteint 72,5 %, en hausse de 3,2 points.",
        "Les habitants restent très satisfaits.",
    ]
    # 1 234 questions against 1 000 a year before is +23 %, not +40 %.
    assert checked.dropped == (("Sur un an, les questions ont progressé de 40 %.", ("40 %",)),)
    first = checked.kept[0]
    assert {(f.indicator, f.month) for f in first.facts} == {
        ("questions-posees", "2026-03"),
        ("questions-posees", "2026-02"),
    }


def test_every_template_sentence_passes_the_checker() -> None:
    facts = month_facts()
    sentences = template_sentences(facts)
    assert len(sentences) == 3
    checked = check("\n".join(s.text for s in sentences), allowed_figures(facts))
    assert checked.dropped == () and len(checked.kept) == 3


def test_the_labels_say_how_the_briefing_was_written() -> None:
    assert messages.BRIEFING_MENTION_MODEL == (
        "Rédigé avec l'aide de l'IA — chaque chiffre a été vérifié"
    )
    assert messages.BRIEFING_MENTION_TEMPLATE == (
        "Synthèse produite automatiquement à partir des indicateurs calculés"
    )
