"""The periods a French question names, as months ("YYYY-MM", inclusive) counted from
today: « en mars », « en mars 2025 », « de janvier à mars », « depuis janvier »,
« cette année », « l'an dernier », « en 2025 », « au premier trimestre », « sur les 6 derniers
mois », « le mois dernier », « ce mois-ci ». A small grammar over the folded question: a
month without a year is the latest one that has begun."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.french_words import folded

# Folded as the questions are (no accents): "fevrier", "aout".
MONTHS = tuple(folded(name) for name in messages.MONTH_NAMES)
_NUMBERS = {
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "dix huit": 18,
    "vingt quatre": 24,
}
_QUARTERS = {
    "premier": 1,
    "1er": 1,
    "deuxieme": 2,
    "second": 2,
    "2e": 2,
    "2eme": 2,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "dernier": 4,
}
_MONTH = "(" + "|".join(MONTHS) + ")"
_YEAR = r"(?: ((?:19|20)\d\d))?"
_COUNT = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"

_RANGE = re.compile(rf"\b(?:de|d|entre) {_MONTH}{_YEAR} (?:a|et) {_MONTH}{_YEAR}\b")
_SINCE = re.compile(rf"\bdepuis (?:le (?:debut|mois) (?:de |d )?)?{_MONTH}{_YEAR}\b")
_LAST_MONTHS = re.compile(
    rf"\b(?:(?:sur|pendant|durant|depuis) )?(?:les|ces) {_COUNT} derniers mois\b"
)
_QUARTER = re.compile(
    r"\b(?:au |du |le |pendant le |sur le )?("
    + "|".join(_QUARTERS)
    + r") trimestre"
    + _YEAR
    + r"\b"
)
_THIS_YEAR = re.compile(r"\b(?:cette annee|depuis le debut de l annee|depuis janvier dernier)\b")
_LAST_YEAR = re.compile(r"\b(?:l an dernier|l annee derniere|l annee passee|l an passe)\b")
_YEAR_ONLY = re.compile(r"\b(?:en|annee|pour|sur) ((?:19|20)\d\d)\b")
_LAST_MONTH = re.compile(r"\b(?:le|du|au) mois (?:dernier|passe|precedent)\b")
_THIS_MONTH = re.compile(r"\bce mois ci\b")
_ONE_MONTH = re.compile(
    rf"\b(?:(?:en|de|d|pour|au mois de|au mois d|le mois de) )?{_MONTH}{_YEAR}\b"
)


@dataclass(frozen=True)
class SpokenPeriod:
    first: str
    last: str
    # What the question said, folded (« en mars 2025 »): the words it takes.
    words: str


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _latest(month: int, year: str | None, current: int) -> int:
    """The month ``month`` of ``year``, or without a year the latest one begun."""
    if year:
        return _index(int(year), month)
    index = _index(current // 12, month)
    return index if index <= current else index - 12


def spoken_period(question: str, *, today: date) -> SpokenPeriod | None:
    """The period ``question`` names, or None when it names none."""
    text = folded(question)
    current = _index(today.year, today.month)

    def found(first: int, last: int, match: re.Match[str]) -> SpokenPeriod:
        return SpokenPeriod(_month(first), _month(min(last, max(first, current))), match.group(0))

    if match := _RANGE.search(text):
        start_month, start_year, end_month, end_year = match.groups()
        end = _latest(MONTHS.index(end_month) + 1, end_year or start_year, current)
        start = _index(int(start_year) if start_year else end // 12, MONTHS.index(start_month) + 1)
        if start > end and not start_year:
            start -= 12
        return SpokenPeriod(_month(start), _month(end), match.group(0))
    if match := _SINCE.search(text):
        start = _latest(MONTHS.index(match.group(1)) + 1, match.group(2), current)
        return found(start, current, match)
    if match := _LAST_MONTHS.search(text):
        count = match.group(1)
        months = int(count) if count.isdigit() else _NUMBERS[count]
        return found(current - max(months, 1) + 1, current, match)
    if match := _QUARTER.search(text):
        quarter = _QUARTERS[match.group(1)]
        start = _latest(quarter * 3 - 2, match.group(2), current)
        return found(start, start + 2, match)
    if match := _THIS_YEAR.search(text):
        return found(_index(today.year, 1), current, match)
    if match := _LAST_YEAR.search(text):
        return found(_index(today.year - 1, 1), _index(today.year - 1, 12), match)
    if match := _LAST_MONTH.search(text):
        return found(current - 1, current - 1, match)
    if match := _THIS_MONTH.search(text):
        return found(current, current, match)
    if match := _ONE_MONTH.search(text):
        month = _latest(MONTHS.index(match.group(1)) + 1, match.group(2), current)
        return SpokenPeriod(_month(month), _month(month), match.group(0))
    if match := _YEAR_ONLY.search(text):
        year = int(match.group(1))
        return found(_index(year, 1), _index(year, 12), match)
    return None
