"""Digits a scanner read as letters (« 06 3l 47 92 08 », « l4/02/1979 », « 05 55 3O 41 87 »):
a letter l, I, O or o inside a run of digits is read as the digit it stands for, so that phone
numbers, dates of birth and social security numbers in a scanned letter are found where they
are, character for character."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from collectivia.ai.privacy.spans import Span

_AS_DIGITS = str.maketrans("lIOo", "1100")
# A run of digits and the letters read for them, maybe with a date's separators inside; a word
# of its own (« l'école », « Lola », « 2OO4 » is a year, « O2 » no number).
_DIGITS_RUN = re.compile(r"(?<![\w'\u2019])[\dlIOo](?:[\dlIOo]|[/.-](?=[\dlIOo]))*(?![\w'\u2019])")


def with_digits_read(text: str) -> str:
    """``text`` of the same length, the letters inside runs that hold a digit made digits."""

    def read(match: re.Match[str]) -> str:
        run = match.group()
        if not any(char.isdigit() for char in run):
            return run
        return run.translate(_AS_DIGITS)

    return _DIGITS_RUN.sub(read, text)


def through_scans(*finds: Callable[[str], Iterator[Span]]) -> Callable[[str], Iterator[Span]]:
    """``finds`` run on one copy of the text with its scanned digits read (made once, not once
    per rule), their spans cut from the text as written."""

    def find_read(text: str) -> Iterator[Span]:
        read = with_digits_read(text)
        for find in finds:
            for span in find(read):
                yield Span(span.type, span.start, span.end, text[span.start : span.end])

    return find_read
