"""Names followed by an apposition: "Sakiko Morimoto, étudiante", "Emeka Obi, 34 ans",
"Léa (8 ans)". Two or three capitalised words before an age or a role are a person's name,
whatever its origin; a single one only before an age, when it is a known first name or an
item of a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, NOT_NAMES, folded
from collectivia.ai.privacy.person_names import PLACE_WORDS, after_place_word, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

# "34 ans", not "20 ans d'action" (an organisation's age)
_AGE = r"\(?\d{1,3}[ \t]*ans\b(?![ \t]+d(?:e\b|['\u2019]))"
_ROLE = (
    r"(?i:(?:étudiante?|etudiante?|retraitée?|lycéenne?|lyceenne?|collégienne?|salariée?"
    r"|demandeu(?:r|se)\s+d['\u2019]emploi|mère|père|maman|papa|veuve?|locataire|habitante?"
    r"|agente?|infirmière?|aide-soignante?|enseignante?|professeure?|président|présidente"
    r"|trésorière?|secrétaire|bénévole|auto-entrepreneu(?:r|se)|artisane?|commerçante?"
    r"|responsable|gérante?|née?\s+le|née?\s+en)\b)"
)
_NAMES_BEFORE = re.compile(
    rf"(?<![\w'\u2019-])({CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD}){{1,2}})"
    rf"[ \t]*,[ \t]*(?:{_AGE}|{_ROLE})"
)
# One word before an age or a birth: a known first name, or an item of a list ("Inès (7
# ans), Malo (4 ans)", "- Thanushan, né le 26/07/2006"; not "La Poste, 15 ans de retard", not
# "Service Jeunesse, 12 ans et plus").
_ONE_BEFORE_AGE = re.compile(
    rf"(?<![\w'\u2019-])({CAPITALISED_WORD})[ \t]*(?:(?:,[ \t]*|\()\d{{1,2}}[ \t]*ans\b"
    r"|,[ \t]*(?i:née?s?[ \t]+(?:le|en)\b))"
)
_LIST_ITEM_BEFORE = re.compile(r"(?:^|[:,;(\n-]|\bet)[ \t]*$")
_KNOWN_FIRST = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES)


def _plausible(text: str, start: int, words: list[str]) -> bool:
    if after_place_word(text, start):
        return False
    return not any(
        folded(word) in NOT_NAMES or folded(word) in PLACE_WORDS or is_edge_word(word)
        for word in words
    )


def find_apposed_names(text: str) -> Iterator[Span]:
    for match in _NAMES_BEFORE.finditer(text):
        start, end = match.span(1)
        words = match.group(1).split()
        # "Croix Rouge, bénévole", "Pôle Emploi, demandeur d'emploi": without a known first
        # name, a word of French makes it an organisation's name
        known = any(folded(word) in _KNOWN_FIRST for word in words)
        if not known and any(is_french_word(word) for word in words):
            continue
        if _plausible(text, start, words):
            yield Span(PiiType.NAME, start, end, match.group(1))
    for match in _ONE_BEFORE_AGE.finditer(text):
        start, end = match.span(1)
        known = folded(match.group(1)) in _KNOWN_FIRST
        listed = _LIST_ITEM_BEFORE.search(text[max(0, start - 20) : start]) is not None
        word = match.group(1)
        if listed and not known and is_french_word(word) and word[1:].islower():
            continue  # a list item that is a word of French ("- Enfant, né le") is no one
        if (known or listed) and _plausible(text, start, [word]):
            yield Span(PiiType.NAME, start, end, match.group(1))
