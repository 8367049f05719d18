"""A French question as a query of a declared indicator: the indicator, the communes (by
name or INSEE code), the period, values of its other dimensions (a theme of the chat...)
and the grouping. Nothing of the question reaches the SQL: it only chooses among declared
things. A question that names no indicator well enough, or an unknown commune, is refused
with what is close — never a guess presented as an answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.french_words import folded_words
from collectivia.officials_analytics.indicators.declarations import COMMUNE, MONTH, Indicator
from collectivia.officials_analytics.questions.matching import Candidate, IndicatorMatcher
from collectivia.officials_analytics.questions.periods import MONTHS, SpokenPeriod, spoken_period
from collectivia.officials_analytics.questions.words import STOPWORDS, content_words, stem
from collectivia.officials_analytics.storage.communes import CommuneDirectory
from collectivia.platform.errors import FieldError, InvalidInput

MAX_QUESTION = 500
SUGGESTIONS = 4
# « par <words> »: the dimension it groups by.
GROUPINGS: Mapping[str, str] = {
    "commune": COMMUNE,
    "communes": COMMUNE,
    "mois": MONTH,
    "theme": "theme",
    "themes": "theme",
    "service": "department",
    "services": "department",
    "direction": "department",
    "canal": "channel",
    "canaux": "channel",
    "tache": "task",
    "taches": "task",
    "finalite": "purpose",
    "finalites": "purpose",
    "application": "service",
    "applications": "service",
    "issue": "outcome",
    "classe de risque": "risk",
    "risque": "risk",
    "contrat": "contract",
    "contrats": "contract",
    "jeu de donnees": "dataset",
    "jeux de donnees": "dataset",
    "statut": "status",
}
_GROUPING = re.compile(
    r"\b(?:par|mois par) (" + "|".join(sorted(GROUPINGS, key=len, reverse=True)) + r")\b"
)
_INSEE = re.compile(r"\b(\d{5}|2[AB]\d{3})\b")
# « à Wailly », « pour Saint-Julien », « la commune de Marly »: a place the question names.
_PLACE = re.compile(
    "(?:\\b(?:à|a|pour|commune de)\\s+|\\bcommune d['\u2019]\\s*)([A-ZÀ-Ý][\\w'\u2019-]*)"
)
# The segments of a hierarchical value (« Papiers - Citoyenneté > État civil »).
_SEGMENTS = re.compile(r"\s*>\s*|\s+-\s+")

DimensionValues = Callable[[Indicator], Mapping[str, Sequence[str]]]


@dataclass(frozen=True)
class Understanding:
    question: str
    indicator: Indicator
    communes: tuple[str, ...]
    period: SpokenPeriod | None
    # Values of other declared dimensions, by dimension.
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    group_by: tuple[str, ...]


def _invalid(detail: str) -> InvalidInput:
    return InvalidInput(detail, [FieldError("question", detail)])


def _listed(candidates: Sequence[Candidate]) -> str:
    return ", ".join(
        messages.QUESTION_SUGGESTION.format(label=c.indicator.label, name=c.indicator.name)
        for c in candidates
    )


def chosen_indicator(matcher: IndicatorMatcher, words: Sequence[str]) -> Indicator:
    ranked = matcher.ranked(words)
    best = ranked[0]
    if best.phrase == 0:
        close = [c for c in ranked if c.overlap > 0][:SUGGESTIONS] or ranked[:SUGGESTIONS]
        raise _invalid(messages.QUESTION_NO_INDICATOR.format(suggestions=_listed(close)))
    tied = [c for c in ranked if (c.phrase, c.overlap) == (best.phrase, best.overlap)]
    if len(tied) > 1:
        raise _invalid(messages.QUESTION_AMBIGUOUS.format(suggestions=_listed(tied)))
    return best.indicator


def named_communes(question: str, directory: CommuneDirectory) -> tuple[tuple[str, ...], str]:
    """The INSEE codes of the communes the question names (by name, the start of a name
    when only one commune's fits, or code), and the question's folded words without those
    names. A place named after « à », « pour », « commune de » that is no member commune is
    refused."""
    words = list(folded_words(question))
    named = directory.named_in(question)
    codes = [commune.code for commune, _start, _end in named]
    for _commune, start, end in named:
        words[start:end] = [""] * (end - start)
    for match in _PLACE.finditer(question):
        place = folded_words(match.group(1))
        if not place or place[0] in MONTHS:
            continue
        if any(folded_words(c.name)[: len(place)] == place for c, _s, _e in named):
            continue
        fitting = [c for c in directory.communes if set(place) <= set(folded_words(c.name))]
        if len(fitting) == 1:
            codes.append(fitting[0].code)
            words = [w if w not in place else "" for w in words]
            continue
        names = ", ".join(c.name for c in (fitting or directory.communes))
        detail = (
            messages.QUESTION_COMMUNE_AMBIGUOUS if fitting else messages.QUESTION_COMMUNE_UNKNOWN
        )
        raise _invalid(
            detail.format(commune=match.group(1)[:60], names=names or messages.QUESTION_NO_NAMES)
        )
    codes += _INSEE.findall(question)
    return tuple(dict.fromkeys(codes)), " ".join(w for w in words if w)


def _segments(value: str) -> list[frozenset[str]]:
    return [frozenset(content_words(s)) for s in _SEGMENTS.split(value) if s.strip()]


def chosen_values(
    indicator: Indicator, values: Mapping[str, Sequence[str]], words: frozenset[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per dimension of ``indicator``, the values the question names: those with a segment
    all of whose words it has, the fullest segments only."""
    chosen: list[tuple[str, tuple[str, ...]]] = []
    for dimension in indicator.dimension_names:
        scored: dict[str, int] = {}
        for value in values.get(dimension, ()):
            sizes = [len(s) for s in _segments(value) if s and s <= words]
            if sizes:
                scored[value] = max(sizes)
        if scored:
            best = max(scored.values())
            chosen.append((dimension, tuple(sorted(v for v, n in scored.items() if n == best))))
    return tuple(chosen)


def groupings(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(GROUPINGS[m.group(1)] for m in _GROUPING.finditer(text)))


def understand(
    question: str,
    *,
    matcher: IndicatorMatcher,
    directory: CommuneDirectory,
    values: DimensionValues,
    today: date,
) -> Understanding:
    asked = " ".join(question.split())
    if not asked:
        raise _invalid(messages.QUESTION_EMPTY)
    if len(asked) > MAX_QUESTION:
        raise _invalid(messages.QUESTION_TOO_LONG.format(limit=MAX_QUESTION))
    communes, rest = named_communes(asked, directory)
    period = spoken_period(asked, today=today)
    if period is not None:
        rest = rest.replace(period.words, " ")
    grouped = groupings(rest)
    rest = _GROUPING.sub(" ", rest)
    words = [stem(w) for w in rest.split() if w not in STOPWORDS and not _INSEE.match(w)]
    indicator = chosen_indicator(matcher, words)
    filters = chosen_values(indicator, values(indicator), frozenset(words))
    return Understanding(
        question=asked,
        indicator=indicator,
        communes=communes,
        period=period,
        filters=filters,
        group_by=grouped,
    )
