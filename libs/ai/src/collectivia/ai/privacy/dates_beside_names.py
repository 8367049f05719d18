"""A full date written right after someone's name, as lists and forms give people: « Denisa
(12/04/2016) », « KABONGO Jean-Pierre, 14-02-1980 », « 1. Adam Benkirane - 04/05/2014 »,
« GAUTHIER Marcel ; 03/02/1944 », « MENDES Carlos, chef de famille, 22.11.1979 », « Paulette
Girardot, 5 août 1937 », a year in brackets « Yassine (2005) », « Marcel Hue (1927-2024) ».
Such a date is the person's birth. A date of this year or the last one is an appointment's, a
request's or a reply's (« Mme Martin, 12/03/2026 ») and stays."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

from collectivia.ai.privacy.lexicon import MONTHS
from collectivia.ai.privacy.spans import PiiType, Span

_SEPARATOR = r"(?:[,;:]|[-\u2013\u2014])"
# On the name's line: a bracket or a separator between, or a space only; one short apposition
# may come first (a role, a class: « chef de famille », « CP »). A birth name in brackets may
# end before (« Soifia Binti Ali (née Houmadi), 12/12/1989 »).
_DATE_AFTER = re.compile(
    rf"\)?[ \t]*(?:\(|{_SEPARATOR})?[ \t]*"
    rf"(?:[^\W\d][^,;()\n\d]{{0,24}}?[ \t]*{_SEPARATOR}[ \t]*)?"
    r"((?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2(?P<year>(?:19|20)\d\d)"
    rf"|(?:1er|[12]?\d|3[01])[ \t]+(?i:{MONTHS})[ \t]+(?P<spelt_year>(?:19|20)\d\d)"
    # the year first, as an export writes it ("2008/05/19", "1975-03-02")
    r"|(?P<year_first>(?:19|20)\d\d)([/.-])(?:0?[1-9]|1[0-2])\6(?:0?[1-9]|[12]\d|3[01])"
    # as Chinese and Japanese write it ("2019年3月8日")
    r"|(?P<han_year>(?:19|20)\d\d)年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])日)"
    r"(?![\d/-]|[.,]\d)"  # a sentence's full stop may follow, not more digits
)
# A year alone in brackets, or a life's years: « Yassine (2005) », « Marcel Hue (1927-2024) ».
_YEAR_IN_BRACKETS = re.compile(
    r"[ \t]*\((?P<born>(?:19|20)\d\d)(?:[ \t]*[-\u2013][ \t]*(?:19|20)\d\d)?\)"
)
# A date with a two-digit year in brackets: « Lucien Bessière (5/3/41) », « Walid (04-07-88) ».
_SHORT_DATE_IN_BRACKETS = re.compile(
    r"[ \t]*\((?P<date>(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2(?P<year>\d\d))\)"
)
_OLDEST_YEAR = 1900
_RECENT_YEARS = 2


def dates_beside_names(text: str, found: Iterable[Span]) -> Iterator[Span]:
    latest = datetime.date.today().year - _RECENT_YEARS
    for span in found:
        if span.type is not PiiType.NAME:
            continue
        match = _DATE_AFTER.match(text, span.end)
        short = _SHORT_DATE_IN_BRACKETS.match(text, span.end)
        if match is None and short is not None:
            # « (12/03/26) » is this year's or last year's: an appointment's, not a birth's
            if not latest % 100 < int(short.group("year")) <= (latest + _RECENT_YEARS + 1) % 100:
                yield Span(
                    PiiType.BIRTH_DATE, short.start("date"), short.end("date"), short.group("date")
                )
            continue
        if match is None:
            bracketed = _YEAR_IN_BRACKETS.match(text, span.end)
            if bracketed is not None and _OLDEST_YEAR <= int(bracketed.group("born")) <= latest:
                start, end = bracketed.span("born")
                yield Span(PiiType.BIRTH_DATE, start, end, text[start:end])
            continue
        year = int(
            match.group("year")
            or match.group("spelt_year")
            or match.group("year_first")
            or match.group("han_year")
        )
        if _OLDEST_YEAR <= year <= latest:
            yield Span(PiiType.BIRTH_DATE, match.start(1), match.end(1), match.group(1))
