"""The briefing's French: numbers (« 1 234 », « 12,5 % »), months (« mars 2026 »), and the
template sentences that state only computed facts, one figure and its changes at a time."""

from __future__ import annotations

from collections.abc import Callable

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.facts import (
    Change,
    Fact,
    MonthFacts,
    Sentence,
    gap_facts,
    question_facts,
)

# Thousands separated by a narrow no-break space, as French typography wants.
THOUSANDS = "\u202f"
NO_BREAK = "\u00a0"

# Maps an INSEE code to what the text calls the commune (the directory's name, when wired).
CommuneLabel = Callable[[str], str]


def code_as_label(commune: str) -> str:
    """The default label of a commune: its INSEE code."""
    return commune


def number(value: float, decimals: int = 0) -> str:
    """ "1 234", "12,5": French digits, the sign left to the words around them."""
    text = f"{abs(value):,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def with_unit(value: float, unit: str, decimals: int) -> str:
    shown = messages.BRIEFING_UNITS.get(unit)
    written = number(value, decimals)
    return f"{written}{NO_BREAK}{shown}" if shown else written


def month_label(month: str) -> str:
    """ "2026-03" → "mars 2026"."""
    year, number_ = month.split("-")
    return f"{messages.MONTH_NAMES[int(number_) - 1]} {year}"


def change_decimals(change: float) -> int:
    """A relative change: whole percents from 10 %, one decimal under."""
    return 0 if abs(change) >= 10 else 1


def relative_change(now: float, before: float) -> float | None:
    """The change in percent of ``before`` (None when ``before`` is 0)."""
    return None if before == 0 else (now - before) / abs(before) * 100


def _subject(fact: Fact) -> str:
    if fact.commune is None:
        return messages.BRIEFING_COLLECTIVITY.format(label=fact.label)
    return fact.label


def _difference(now: Fact, before: Fact) -> tuple[str, float] | None:
    """The change as written ("12 %", "3,2 points") and its signed value; None when it
    cannot be a percentage (a base of 0)."""
    if now.unit == "%":
        points = round(now.value - before.value, 1)
        template = messages.BRIEFING_POINTS if abs(points) < 2 else messages.BRIEFING_POINTS_MANY
        return template.format(value=number(points, 1)), points
    change = relative_change(now.value, before.value)
    if change is None:
        return None
    decimals = change_decimals(change)
    return f"{number(change, decimals)}{NO_BREAK}%", round(change, decimals)


def change_sentences(change: Change) -> tuple[Sentence, ...]:
    """The figure against the month before, then against the same month a year before."""
    now = change.current
    said = {
        "subject": _subject(now),
        "value": with_unit(now.value, now.unit, now.decimals),
        "month": month_label(now.month),
    }
    sentences: list[Sentence] = []
    before = change.previous
    if before is None:
        sentences.append(Sentence(messages.BRIEFING_ALONE.format(**said), (now,)))
    else:
        compared = {
            **said,
            "before": month_label(before.month),
            "previous": with_unit(before.value, before.unit, before.decimals),
        }
        sentences.append(
            Sentence(_compared(now, before, compared, _MONTH_TEMPLATES), (now, before))
        )
    year = change.year_ago
    if year is not None:
        compared = {
            "value": with_unit(now.value, now.unit, now.decimals),
            "before": month_label(year.month),
            "previous": with_unit(year.value, year.unit, year.decimals),
        }
        sentences.append(Sentence(_compared(now, year, compared, _YEAR_TEMPLATES), (now, year)))
    return tuple(sentences)


_MONTH_TEMPLATES = (
    messages.BRIEFING_MORE,
    messages.BRIEFING_LESS,
    messages.BRIEFING_SAME,
    messages.BRIEFING_FROM,
)
_YEAR_TEMPLATES = (
    messages.BRIEFING_YEAR_MORE,
    messages.BRIEFING_YEAR_LESS,
    messages.BRIEFING_YEAR_SAME,
    messages.BRIEFING_YEAR_FROM,
)


def _compared(
    now: Fact, before: Fact, said: dict[str, str], templates: tuple[str, str, str, str]
) -> str:
    more, less, same, plain = templates
    difference = _difference(now, before)
    if difference is None:
        return plain.format(**said)
    written, signed = difference
    if signed == 0:
        return same.format(**said)
    return (more if signed > 0 else less).format(**said, change=written)


def gap_sentences(facts: MonthFacts) -> tuple[Sentence, ...]:
    if facts.gaps is None:
        return ()
    sentences: list[Sentence] = []
    themes = gap_facts(facts.gaps, facts.commune, facts.month)
    if themes:
        listed = ", ".join(
            messages.BRIEFING_GAP_THEME.format(theme=f.label, count=number(f.value)) for f in themes
        )
        text = messages.BRIEFING_GAP_THEMES.format(month=month_label(facts.month), themes=listed)
        sentences.append(Sentence(text, themes))
    for question in question_facts(facts.gaps, facts.commune, facts.month):
        text = messages.BRIEFING_GAP_QUESTION.format(
            question=question.label, count=number(question.value)
        )
        sentences.append(Sentence(text, (question,)))
    return tuple(sentences)


def template_sentences(facts: MonthFacts) -> tuple[Sentence, ...]:
    """The whole template briefing: the changes, largest first, then the content gaps."""
    sentences: list[Sentence] = []
    for change in facts.changes:
        sentences.extend(change_sentences(change))
    sentences.extend(gap_sentences(facts))
    return tuple(sentences)
