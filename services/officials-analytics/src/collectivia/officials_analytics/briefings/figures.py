"""The number checker of the model's briefing: every figure written in a sentence (French
formats: « 1 234 », « 12,5 % », « 1 234,5 ») must be one of the computed values, to the
rounding it is written with; a sentence with a figure that matches none is dropped.

What is not a figure to check: the months (« mars 2026 », « 2026-03 »), ordinals (« 1er »,
« 3e »), and the texts the briefing quotes (a commune's label, a theme, a question). Words
(« deux fois plus ») are not read: the prompt asks for the figures as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.facts import (
    Fact,
    MonthFacts,
    Sentence,
    gap_facts,
    question_facts,
)
from collectivia.officials_analytics.briefings.wording import relative_change

_MONTH_NAMES = "|".join(messages.MONTH_NAMES)
# A month with its year, or an ISO month: dates, not figures.
_DATES = re.compile(
    rf"\b(?:(?:{_MONTH_NAMES})\s+\d{{4}}|\d{{4}}-(?:0[1-9]|1[0-2]))\b", re.IGNORECASE
)
# Thousands grouped by a space (plain, no-break or narrow), a decimal comma (or point).
_NUMBER = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?(?![\w])"
    r"(\s*(?:%|pour\s*cent))?",
    re.IGNORECASE,
)
# A sentence ends at « . ! ? … » before the capital (or the figure) that starts the next
# one: not inside a quoted question (« Quand passe-t-il ? »).
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ\d«\"(])")


@dataclass(frozen=True)
class Figure:
    """A computed value a sentence may state: a percentage (written with « % ») or not,
    and the facts it comes from."""

    value: float
    percent: bool
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Written:
    """A figure as a sentence writes it."""

    value: float
    decimals: int
    percent: bool
    text: str


@dataclass(frozen=True)
class Checked:
    kept: tuple[Sentence, ...]
    # The sentences dropped, with the figures no computed value matched.
    dropped: tuple[tuple[str, tuple[str, ...]], ...]


def written_figures(sentence: str, quoted: Iterable[str] = ()) -> list[Written]:
    """Every figure of ``sentence``, the quoted texts and the dates left out."""
    text = sentence
    for known in sorted({q for q in quoted if q}, key=len, reverse=True):
        text = text.replace(known, " ")
    text = _DATES.sub(" ", text)
    found: list[Written] = []
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"\D", "", match.group(1))
        fraction = match.group(2) or ""
        value = float(f"{whole}.{fraction}" if fraction else whole)
        found.append(Written(value, len(fraction), match.group(3) is not None, match.group(0)))
    return found


def matches(written: Written, figure: Figure) -> bool:
    """The same kind, and the computed value within half a unit of the last digit written
    (« 12 % » is 11,5 to 12,5 ; « 12,3 % » is 12,25 to 12,35)."""
    if written.percent != figure.percent:
        return False
    tolerance = 0.5 * 10.0**-written.decimals + 1e-9
    return abs(abs(figure.value) - written.value) <= tolerance


def allowed_figures(facts: MonthFacts) -> tuple[Figure, ...]:
    """The values a briefing may state: each fact's, each change (relative, or in points
    for a percentage) and the years of the months compared."""
    figures: list[Figure] = []
    for change in facts.changes:
        now = change.current
        percent = now.unit == "%"
        figures.extend(Figure(f.value, percent, (f,)) for f in change.facts)
        for before in (change.previous, change.year_ago):
            if before is None:
                continue
            if percent:
                figures.append(Figure(now.value - before.value, False, (now, before)))
                continue
            relative = relative_change(now.value, before.value)
            if relative is not None:
                figures.append(Figure(relative, True, (now, before)))
    if facts.gaps is not None:
        for fact in (
            *gap_facts(facts.gaps, facts.commune, facts.month),
            *question_facts(facts.gaps, facts.commune, facts.month),
        ):
            figures.append(Figure(fact.value, False, (fact,)))
    years = {int(facts.month[:4]), int(facts.month[:4]) - 1}
    figures.extend(Figure(float(year), False) for year in sorted(years))
    return tuple(figures)


def split_sentences(text: str) -> list[str]:
    """The sentences of the model's text, in order (lines and sentence ends)."""
    found: list[str] = []
    for line in text.splitlines():
        found.extend(s.strip() for s in _SENTENCE_END.split(line.strip(" -*•\t")) if s.strip())
    return found


def check(text: str, figures: Sequence[Figure], quoted: Iterable[str] = ()) -> Checked:
    """Each sentence kept with the facts its figures match, or dropped (with the figures
    no computed value matched)."""
    quotes = tuple(quoted)
    kept: list[Sentence] = []
    dropped: list[tuple[str, tuple[str, ...]]] = []
    for sentence in split_sentences(text):
        facts: list[Fact] = []
        unverified: list[str] = []
        for written in written_figures(sentence, quotes):
            matched = [f for f in figures if matches(written, f)]
            if not matched:
                unverified.append(written.text.strip())
            for figure in matched:
                facts.extend(f for f in figure.facts if f not in facts)
        if unverified:
            dropped.append((sentence, tuple(unverified)))
        else:
            kept.append(Sentence(sentence, tuple(facts)))
    return Checked(tuple(kept), tuple(dropped))
