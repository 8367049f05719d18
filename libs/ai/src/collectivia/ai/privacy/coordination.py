"""First names listed with a name already found: "Pierre et Marie", "Agathe, Baptiste et
Hugo". A capitalised known first name next to a name, joined by "et", "ou" or a comma, is a
name too, whichever of them the model or the rules saw first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import LOWER, NOT_NAMES, UPPER, folded
from collectivia.ai.privacy.spans import PiiType, Span

_KNOWN_FIRST = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES)
_FIRST_NAME = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
# "and", "y", "e": English, Spanish and Portuguese lists ("Mateo y Valeria").
# "Mélanie → Stéphane": a handover's arrow joins two people too.
_JOIN = (
    r"(?:[ \t]*,[ \t]*|[ \t]+(?:et|ou|&|and|y|e|→|->)[ \t]+"
    r"|[ \t]*,[ \t]*(?:et|ou|and|y|e)[ \t]+)"
)
# What a list may say of each person before the next: "Yanis (CE1) et Lina", "Daphné 9 ans,
# Kervens 11 ans", "Zofia (02/05/2015), Jan".
_NOTE = r"(?:[ \t]*\([^()\n]{1,30}\)|[ \t]+\d{1,2}[ \t]*ans)?"
_NEXT = re.compile(rf"{_NOTE}{_JOIN}({_FIRST_NAME})(?![\w'\u2019-])")
_PREVIOUS = re.compile(rf"(?<![\w'\u2019-])({_FIRST_NAME}){_NOTE}{_JOIN}$")


def _known(word: str) -> bool:
    return folded(word) in _KNOWN_FIRST or is_first_name(word)


# How far back a listed first name may start before the name it is listed with.
_LOOK_BACK = 60


# "M. et Mme Rakotomalala (Hery et Voahangy)": the first names of the people just named,
# in brackets after their name.
_BRACKETED = re.compile(rf"[ \t]*\(((?:{_FIRST_NAME})(?:{_JOIN}(?:{_FIRST_NAME}))*)\)")
_BRACKETED_NAME = re.compile(_FIRST_NAME)


def _bracketed(text: str, span: Span) -> list[tuple[int, int]]:
    """The first names in brackets after ``span``: two or more, or one known first name
    ("M. Durand (Woippy)" is where he lives)."""
    match = _BRACKETED.match(text, span.end)
    if match is None:
        return []
    words = list(_BRACKETED_NAME.finditer(text, match.start(1), match.end(1)))
    if any(folded(word.group()) in NOT_NAMES or is_french_word(word.group()) for word in words):
        return []
    if len(words) == 1 and not _known(words[0].group()):
        return []
    return [word.span() for word in words]


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
        places = [
            (shift + match.start(1), shift + match.end(1))
            for match, shift in ((after, 0), (before, offset))
            if match is not None and _known(match.group(1))
        ]
        for start, end in places + _bracketed(text, span):
            if any(start < other_end and other_start < end for other_start, other_end in seen):
                continue
            seen.add((start, end))
            listed = Span(PiiType.NAME, start, end, text[start:end])
            found.append(listed)
            waiting.append(listed)
    return found


# "mes deux enfants Ilyes et Maëlle", "mes enfants noah et jade", "nos trois filles : Lina,
# Sara et Nour", "j'ai 2 fils adam et rayan": after a plural kinship word (a number allowed),
# the list that follows names the children, whatever its case.
_NUMBER = r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d{1,2})"
_KINSHIP = re.compile(
    rf"(?i:(?<![\w'\u2019])(?:(?:mes|nos|ses|leurs|vos|tes)[ \t]+(?:{_NUMBER}[ \t]+)?"
    rf"|(?:j['\u2019]ai|jai|on[ \t]+a|nous[ \t]+avons|il[ \t]+a|elle[ \t]+a)[ \t]+{_NUMBER}[ \t]+)"
    r"(?:petits-)?(?:enfants|filles|fils|garçons|garcons|gamins|gosses|jumeaux|jumelles|frères"
    r"|freres|sœurs|soeurs|neveux|nièces|nieces|ados|bébés|bebes|petites-filles))"
    r"[ \t]*(?:[:(,][ \t]*)?"
)
_LIST_ITEM = re.compile(rf"[{UPPER}{LOWER}]+(?:-[{UPPER}{LOWER}]+)?(?![\w'\u2019])")
_LIST_JOIN = re.compile(_JOIN)
_SPACE = re.compile(r"[ \t]+(?=[a-zàâäçéèêëîïôöùûü])")


def kinship_lists(text: str) -> Iterator[Span]:
    """Every first name of a list after "mes enfants", "mes deux filles"...: two or more
    first names, each known as one (any case), or a single capitalised one."""
    for match in _KINSHIP.finditer(text):
        items: list[re.Match[str]] = []
        position = match.end()
        while (item := _LIST_ITEM.match(text, position)) is not None and is_first_name(
            item.group()
        ):
            items.append(item)
            join = _LIST_JOIN.match(text, item.end())
            if join is None and item.group().islower():
                # "mes filles lina sara et nour": a text message may leave the commas out
                join = _SPACE.match(text, item.end())
            if join is None:
                break
            position = join.end()
        if len(items) == 1 and not items[0].group()[:1].isupper():
            continue  # "mes enfants lisent": one lower-case word may be anything
        for item in items:
            yield Span(PiiType.NAME, item.start(), item.end(), item.group())


# A series of three first names or more, in any case, an initial after one where two share it
# (« les élèves : léo, kaïs, maëlys, ethan b., ethan r., aya »): a class's, a team's, a
# household's list, whatever word comes before it.
_SERIES_ITEM = re.compile(rf"({_LIST_ITEM.pattern})(?:[ \t][{UPPER}{LOWER}]\.)?")
_SERIES_JOIN = re.compile(r"[ \t]*,[ \t]*(?:(?:et|and)[ \t]+)?|[ \t]+(?:et|and)[ \t]+")
_SERIES_START = re.compile(r"(?:^|(?<=[\s:(]))(?=[^\W\d_])")


def first_name_series(text: str) -> Iterator[Span]:
    position = 0
    while (start := _SERIES_START.search(text, position)) is not None:
        items: list[re.Match[str]] = []
        at = start.start()
        while (item := _SERIES_ITEM.match(text, at)) is not None and _a_series_name(item.group(1)):
            items.append(item)
            join = _SERIES_JOIN.match(text, item.end())
            if join is None:
                break
            at = join.end()
        if len(items) >= 3:
            for item in items:
                yield Span(PiiType.NAME, item.start(), item.end(), item.group())
            position = items[-1].end()
        else:
            position = start.start() + 1


def _a_series_name(word: str) -> bool:
    return (
        len(word) > 1
        and is_first_name(word.capitalize() if word.islower() else word)
        and folded(word) not in NOT_NAMES
        and not is_french_word(word.lower())
    )
