"""A name found once is a name wherever else the message writes it: "avec ma fille Daria (8
ans) ... Comment inscrire Daria à l'école ?", or the signature "fatoumata sissoko" under
"je soussignée fatoumata keita épouse sissoko". The model and the rules read each place on
its own context; the second mention often has none.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import NOT_NAMES, folded
from collectivia.ai.privacy.person_names import common_noun, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# Shorter words are initials, particles or abbreviations ("El", "Ba" alone is too short to
# trust anywhere else).
_MIN_LETTERS = 3


def _name_words(names: Iterable[Span]) -> dict[str, bool]:
    """The words of the names found: folded word -> whether it was ever written in lower case."""
    words: dict[str, bool] = {}
    for span in names:
        if span.type is not PiiType.NAME:
            continue
        for word in _WORD.findall(span.text):
            key = folded(word)
            if len(key) < _MIN_LETTERS or is_edge_word(word) or key in NOT_NAMES:
                continue
            words[key] = words.get(key, False) or word.islower()
    return words


def repeated_names(text: str, names: list[Span]) -> list[Span]:
    """The other mentions of the words of ``names``, side by side words joined in one name.

    A name written capitalised counts capitalised only elsewhere ("Mme Petit", not "un petit
    souci"), unless it is a first name ("Rayan et Lina ... rayan né le"); one in lower case,
    anywhere; never as a word of the language.
    """
    words = _name_words(names)
    if not words:
        return []
    taken = sorted((span.start, span.end) for span in names)
    starts = [start for start, _ in taken]
    found: list[Span] = []
    for match in _WORD.finditer(text):
        word = match.group()
        key = folded(word)
        if key not in words:
            continue
        if word.islower() and (is_french_word(word) or not (words[key] or is_first_name(word))):
            continue
        if common_noun(text, match.start(), match.end()):
            continue  # "Rose Vallet ... la Rose des vents": a noun where a determiner says so
        i = bisect.bisect_right(starts, match.start())
        if i and taken[i - 1][1] > match.start():
            continue  # inside a name already found
        previous = found[-1] if found else None
        if previous is not None and text[previous.end : match.start()] in (" ", "\t"):
            found[-1] = Span(
                PiiType.NAME, previous.start, match.end(), text[previous.start : match.end()]
            )
        else:
            found.append(Span(PiiType.NAME, match.start(), match.end(), word))
    return found
