"""Names that the context gives away, whatever their case and origin.

"je m'appelle jade", "moi c'est yacine boumediene", "ma fille Awa", "mon voisin Kowalski":
after a self-introduction the next words are a name until a word of the language; after a
word for a relative, a capitalised word is a name, a lower-case one only when it is a known
first name ("ma fille est malade", "mon mari travaille" are not names); after "je suis", a
known first name ("je suis jade", not "je suis parisienne"). An initial and a surname
("L. Garnier") are a name wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_names import FIRST_NAMES
from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, NOT_NAMES, UPPER
from collectivia.ai.privacy.person_names import is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

_INTRODUCTION = re.compile(
    r"(?i:\bje\s+m['\u2019]?\s?a?ppel+e|\bmon\s+(?:nom|prénom)\s+(?:c['\u2019]est|est)"
    r"|\bmoi\s*,?\s+c['\u2019]\s?est|\bje\s+me\s+nomme|\bj['\u2019]\s?m['\u2019]\s?appel+e"
    r"|\b(?:nom|pr[ée]nom)\s*:)"
    r"[ \t:,]+"
)
_RELATIVE = re.compile(
    r"(?i:\b(?:mon|ma|notre|mes)\s+(?:fils|fille|enfant|bébé|mari|femme|époux|épouse|conjointe?"
    r"|compagnon|compagne|frère|sœur|soeur|père|mère|neveu|nièce|petit-fils|petite-fille"
    r"|grand-père|grand-mère|oncle|tante|cousine?|voisine?|locataire|ami|amie|copine?"
    r"|collègue|beau-père|belle-mère|filleule?)|\b(?:maman|papa|parents?|tuteur|tutrice)\s+"
    r"(?:de|d['\u2019]))[ \t,:]+"
)
_I_AM = re.compile(r"(?i:\bje\s+suis|\bj['\u2019]?\s?suis|\bchui|\bici)[ \t,:]+")
# "L. Garnier", "J.-P. Kouassi": not "M." (Monsieur), which the civility rule reads.
_INITIAL_SURNAME = re.compile(
    rf"(?<![\w.])(?!M\.)[{UPPER}]\.(?:-[{UPPER}]\.)?[ \t]?{CAPITALISED_WORD}(?![\w'\u2019-])"
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_KNOWN_FIRST = frozenset(name.casefold() for name in FIRST_NAMES)
_MAX_WORDS = 3


def _words_after(
    text: str, start: int, *, known_first: bool = False, relative: bool = False
) -> Span | None:
    """Up to three name words from ``start``, stopping at the first word of the language.

    ``known_first``: the first word must be a known first name; ``relative``: a known first
    name or a capitalised word, and only capitalised words after it.
    """
    end = position = start
    for count in range(_MAX_WORDS):
        word = _WORD.match(text, position)
        if word is None or is_edge_word(word.group()):
            break
        capitalised = word.group()[:1].isupper()
        known = word.group().casefold() in _KNOWN_FIRST
        if count == 0 and (known_first or relative) and not known:
            if known_first or not capitalised:
                return None
        elif count > 0 and relative and not capitalised:
            # "ma fille Awa mange": after a relative, only a capitalised surname follows.
            break
        end = word.end()
        gap = re.match(r"[ \t]+", text[end:])
        if gap is None:
            break
        position = end + gap.end()
    if end == start:
        return None
    return Span(PiiType.NAME, start, end, text[start:end])


def find_introduced_names(text: str) -> Iterator[Span]:
    for match in _INTRODUCTION.finditer(text):
        span = _words_after(text, match.end())
        if span is not None:
            yield span
    for match in _RELATIVE.finditer(text):
        span = _words_after(text, match.end(), relative=True)
        if span is not None:
            yield span
    for match in _I_AM.finditer(text):
        span = _words_after(text, match.end(), known_first=True)
        if span is not None:
            yield span
    for match in _INITIAL_SURNAME.finditer(text):
        if match.group().split(".")[-1].strip().casefold() not in NOT_NAMES:
            yield Span(PiiType.NAME, match.start(), match.end(), match.group())
