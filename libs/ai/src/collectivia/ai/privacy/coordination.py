"""First names listed with a name already found: "Pierre et Marie", "Agathe, Baptiste et
Hugo". A capitalised known first name next to a name, joined by "et", "ou" or a comma, is a
name too, whichever of them the model or the rules saw first."""

from __future__ import annotations

import re
from collections.abc import Iterable

from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.lexicon import LOWER, UPPER, folded
from collectivia.ai.privacy.spans import PiiType, Span

_KNOWN_FIRST = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES)
_FIRST_NAME = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
_JOIN = r"(?:[ \t]*,[ \t]*|[ \t]+(?:et|ou|&)[ \t]+|[ \t]*,[ \t]*(?:et|ou)[ \t]+)"
_NEXT = re.compile(rf"{_JOIN}({_FIRST_NAME})(?![\w'\u2019-])")
_PREVIOUS = re.compile(rf"(?<![\w'\u2019-])({_FIRST_NAME}){_JOIN}$")


def _known(word: str) -> bool:
    return folded(word) in _KNOWN_FIRST or is_first_name(word)


# How far back a listed first name may start before the name it is listed with.
_LOOK_BACK = 40


def listed_first_names(text: str, names: Iterable[Span]) -> list[Span]:
    """The known first names listed beside ``names`` (and beside those, in turn)."""
    found: list[Span] = []
    seen = {(span.start, span.end) for span in names}
    waiting = [span for span in names if span.type is PiiType.NAME]
    while waiting:
        span = waiting.pop()
        after = _NEXT.match(text, span.end)
        before = _PREVIOUS.search(text[max(0, span.start - _LOOK_BACK) : span.start])
        offset = max(0, span.start - _LOOK_BACK)
        for match, shift in ((after, 0), (before, offset)):
            if match is None or not _known(match.group(1)):
                continue
            start, end = shift + match.start(1), shift + match.end(1)
            if any(start < other_end and other_start < end for other_start, other_end in seen):
                continue
            seen.add((start, end))
            listed = Span(PiiType.NAME, start, end, text[start:end])
            found.append(listed)
            waiting.append(listed)
    return found
