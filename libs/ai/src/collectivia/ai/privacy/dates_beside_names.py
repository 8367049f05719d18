"""A full date written right after someone's name, as lists and forms give people: « Denisa
(12/04/2016) », « KABONGO Jean-Pierre, 14-02-1980 », « 1. Adam Benkirane - 04/05/2014 »,
« Anzizat 03/03/2008 ». Such a date is the person's birth. A date of this year or the last
one is an appointment's, a request's or a reply's (« Mme Martin, 12/03/2026 ») and stays."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

from collectivia.ai.privacy.spans import PiiType, Span

# On the name's line: a bracket, a comma, a dash or a colon between, or a space only.
_DATE_AFTER = re.compile(
    r"[ \t]*(?:\(|,|[-\u2013\u2014:])?[ \t]*"
    r"((?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2((?:19|20)\d\d))(?![\d/.-]|[.,]\d)"
)
_OLDEST_YEAR = 1900
_RECENT_YEARS = 2


def dates_beside_names(text: str, found: Iterable[Span]) -> Iterator[Span]:
    latest = datetime.date.today().year - _RECENT_YEARS
    for span in found:
        if span.type is not PiiType.NAME:
            continue
        match = _DATE_AFTER.match(text, span.end)
        if match is None or not _OLDEST_YEAR <= int(match.group(3)) <= latest:
            continue
        yield Span(PiiType.BIRTH_DATE, match.start(1), match.end(1), match.group(1))
