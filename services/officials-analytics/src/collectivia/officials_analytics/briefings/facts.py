"""The facts of a briefing: for a commune and a month, the key indicators' values this month,
the month before and the same month a year before, computed by the indicators' engine (its
access rule, its suppression: a suppressed cell is never a fact), ranked by their change;
and the month's top content gaps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from collectivia.officials_analytics.gaps.service import ContentGaps, Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.indicators.engine import Indicators

# The indicators a briefing speaks of, in this order when their changes tie; those not
# declared are skipped. Those without a commune are the whole collectivity's figures.
KEY_INDICATORS = (
    "questions-posees",
    "taux-de-reponse",
    "demandes-agent",
    "delai-reponse-agent",
    "satisfaction",
    "consommation-eau",
    "taches-assistant",
    "minutes-gagnees",
)
# What the content gaps are named in a fact's indicator (the page links them to /v1/gaps).
GAPS = "questions-sans-reponse"
# A change is weighed against its base, and a base under these counts as these: 2 questions
# becoming 4 is not "the largest change of the month".
MIN_BASES: Mapping[str, float] = {"%": 10.0, "heures": 2.0, "m3/h": 1.0}
DEFAULT_MIN_BASE = 20.0


@dataclass(frozen=True)
class Fact:
    """One computed figure a sentence states: which indicator, with which filters, its
    value as the indicators show it (rounded to its decimals)."""

    indicator: str
    label: str
    month: str
    value: float
    unit: str
    decimals: int
    # None: the whole collectivity's figure.
    commune: str | None
    theme: str | None = None

    @property
    def filters(self) -> dict[str, str]:
        shown = {"month": self.month}
        if self.commune is not None:
            shown["commune"] = self.commune
        if self.theme is not None:
            shown["theme"] = self.theme
        return shown


@dataclass(frozen=True)
class Sentence:
    """A sentence of the briefing and the facts it states (the page links to them)."""

    text: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Change:
    """An indicator this month, and the months it is compared with (None: no value, or a
    suppressed one)."""

    current: Fact
    previous: Fact | None
    year_ago: Fact | None

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for f in (self.current, self.previous, self.year_ago) if f is not None)

    @property
    def score(self) -> float:
        """How much it changed, relative to its base (the month before, else the year
        before), with a minimum base by unit; 0 without a comparison."""
        before = self.previous or self.year_ago
        if before is None:
            return 0.0
        base = max(abs(before.value), MIN_BASES.get(self.current.unit, DEFAULT_MIN_BASE))
        return abs(self.current.value - before.value) / base


@dataclass(frozen=True)
class MonthFacts:
    commune: str
    month: str
    changes: tuple[Change, ...]
    gaps: ContentGaps | None = None
    # The theme and question texts the sentences quote (not figures to check).
    quoted: tuple[str, ...] = field(default=())


def month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def ranked(changes: Sequence[Change]) -> tuple[Change, ...]:
    """Largest relative change first; ties (and the uncompared) in the declared order."""
    order = {name: i for i, name in enumerate(KEY_INDICATORS)}
    return tuple(
        sorted(
            changes,
            key=lambda c: (-c.score, order.get(c.current.indicator, len(order))),
        )
    )


def _fact(indicator: Indicator, commune: str | None, month: str, value: float) -> Fact:
    return Fact(
        indicator=indicator.name,
        label=indicator.label,
        month=month,
        value=value,
        unit=indicator.unit,
        decimals=indicator.decimals,
        commune=commune,
    )


def indicator_change(
    indicators: Indicators, viewer: Viewer, indicator: Indicator, commune: str, month: str
) -> Change | None:
    """The indicator's shown values over the thirteen months up to ``month`` (one query:
    one suppression), None when this month's is absent or suppressed."""
    index = month_index(month)
    year_ago, previous = month_of(index - 12), month_of(index - 1)
    result = indicators.query(
        viewer,
        indicator.name,
        group_by=("month",),
        communes=(commune,) if indicator.per_commune else (),
        first_month=year_ago,
        last_month=month,
    )
    values = {
        cell.dimensions[0]: cell.value
        for cell in result.cells
        if not cell.suppressed and cell.value is not None
    }
    if month not in values:
        return None
    scope = commune if indicator.per_commune else None

    def at(wanted: str) -> Fact | None:
        value = values.get(wanted)
        return None if value is None else _fact(indicator, scope, wanted, value)

    return Change(_fact(indicator, scope, month, values[month]), at(previous), at(year_ago))


def month_facts(
    *,
    indicators: Indicators,
    gaps: Gaps,
    viewer: Viewer,
    commune: str,
    month: str,
    key_indicators: Sequence[str] = KEY_INDICATORS,
    gap_themes: int = 3,
    gap_questions: int = 1,
) -> MonthFacts:
    """Every fact of the briefing of ``commune`` for ``month``, ranked; the caller's access
    checked by the engine (the commune must be theirs)."""
    declared = {i.name: i for i in indicators.declarations(viewer)}
    changes: list[Change] = []
    for name in key_indicators:
        if name not in declared:
            continue
        change = indicator_change(indicators, viewer, declared[name], commune, month)
        if change is not None:
            changes.append(change)
    found = gaps.gaps(viewer, communes=(commune,), first_month=month, last_month=month)
    # The most frequent only; a suppressed theme is never stated.
    content_gaps = replace(
        found,
        themes=tuple(t for t in found.themes if not t.suppressed)[:gap_themes],
        questions=found.questions[:gap_questions],
    )
    quoted = (
        *(t.theme for t in content_gaps.themes),
        *(q.question for q in content_gaps.questions),
    )
    return MonthFacts(commune, month, ranked(changes), content_gaps, quoted)


def gap_facts(found: ContentGaps, commune: str, month: str) -> tuple[Fact, ...]:
    """The shown themes' counts as facts (suppressed themes are not)."""
    return tuple(
        Fact(
            indicator=GAPS,
            label=theme.theme,
            month=month,
            value=float(theme.unanswered),
            unit="questions",
            decimals=0,
            commune=commune,
            theme=theme.theme,
        )
        for theme in found.themes
        if not theme.suppressed and theme.unanswered is not None
    )


def question_facts(found: ContentGaps, commune: str, month: str) -> tuple[Fact, ...]:
    """The listed questions' counts (how many times each was asked without an answer)."""
    return tuple(
        Fact(
            indicator=GAPS,
            label=question.question,
            month=month,
            value=float(question.asked),
            unit="questions",
            decimals=0,
            commune=commune,
        )
        for question in found.questions
    )
