"""A name and an address written one after the other, as a letter's heading or a form's line
gives them: "Bonjour, Khamla Sisavath, 12 rue des Glycines, 86000 Poitiers". The model may not
know such a name, nor the rules such a place ("Kerlaouen, 29260 Ploudaniel"): where each stands
says what the other is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from collectivia.ai.privacy.addresses import PLACE_ADDRESS, a_dwelling
from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, NOT_NAMES, folded
from collectivia.ai.privacy.person_names import PLACE_WORDS, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

# One to four capitalised words (one: a first name), a comma, then the address; at a
# line's or a sentence's start, or after a greeting and its comma.
_BEFORE_ADDRESS = re.compile(
    r"(?:^|[\n.!?:;]|(?i:bonjour|bonsoir|madame|monsieur|hello|salut)[ \t]*,)[ \t]*"
    rf"({CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD}){{0,3}})[ \t]*,[ \t]*$"
)


def a_name_word(word: str) -> bool:
    """A word that may be part of a name: no place word, no word of French unless a first name."""
    key = folded(word)
    if key in NOT_NAMES or key in PLACE_WORDS or is_edge_word(word):
        return False
    return is_first_name(word) or not is_french_word(word)


def names_before_addresses(text: str, spans: Iterable[Span]) -> Iterator[Span]:
    for span in spans:
        if span.type is not PiiType.ADDRESS:
            continue
        offset = max(0, span.start - 80)
        match = _BEFORE_ADDRESS.search(text[offset : span.start])
        if match is None or not all(a_name_word(word) for word in match.group(1).split()):
            continue
        if " " not in match.group(1) and not is_first_name(match.group(1)):
            continue  # one word: a first name signing ("Nadia, 11 lotissement …"), no town
        yield Span(PiiType.NAME, offset + match.start(1), offset + match.end(1), match.group(1))


# After the name, on its line, in brackets or on the next line: an apposition may come
# between ("Iñaki Larralde, éleveur, Ferme Etxeberria, route d'Ainhoa, 64250 Espelette",
# "MARCEL PETIT, 86 ANS, LE BOURG, 23150 AHUN"), then a place and its postcode: where the
# person lives.
_AFTER_NAME = re.compile(
    rf"[ \t]*(?:,[ \t]*(?:[^,\n]{{1,25}},[ \t]*)?|\n[ \t]*|\([ \t]*)({PLACE_ADDRESS})"
)


def addresses_after_names(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """The place written right after someone's name, with its postcode, as a letter's
    heading or signature gives it ("Soazig Le Meur, Kerlaouen, 29260 Ploudaniel")."""
    for span in found:
        if span.type is not PiiType.NAME:
            continue
        match = _AFTER_NAME.match(text, span.end)
        if match is None or not a_dwelling(match.group(1)):
            continue
        yield Span(PiiType.ADDRESS, match.start(1), match.end(1), match.group(1))
