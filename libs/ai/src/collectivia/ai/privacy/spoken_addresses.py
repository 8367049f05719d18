"""Addresses dictated to a phone and typed as heard, their numbers in words (« vingt-trois rue
des lilas soixante-neuf cent villeurbanne », « deux rue du lavoir vingt et un mille cinq cents
montbard »): the street's number in words, its type, its name, then the postcode in words and
a town the official list holds, which is where the address ends. Without its postcode, the
town comes after « à » (« quarante deux rue du faubourg boutonnet à montpellier », not « deux
rue fermées cette semaine à lyon »), and a flat or room said after it belongs to it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.addresses import STREET_TYPES
from collectivia.ai.privacy.lexicon import NUMBER_WORD
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

_SPOKEN_NUMBER = rf"(?:{NUMBER_WORD}|mille)(?:[- ](?:et[- ])?(?:{NUMBER_WORD}|mille))*(?![\w-])"
_OPENING = re.compile(
    rf"(?<![\w'\u2019-])(?i:{_SPOKEN_NUMBER})(?:[ \t]+(?i:bis|ter))?[ \t]+{STREET_TYPES}[ \t]+"
)
_POSTCODE_IN_WORDS = re.compile(rf"(?i:{_SPOKEN_NUMBER})[ \t]+")
# Without a postcode, only a street's number and name that cannot be a sentence's words: not
# « un » (« un cours de yoga … à la salle »), a name opening as names of streets do. A phone's
# keyboard often drops the accent of « à ».
_TOWN_AFTER = re.compile(r"(?i:à|a)[ \t]+")
_ARTICLE_NUMBER = re.compile(r"(?i:une?)[ \t]")
_STREET_NAME_OPENING = re.compile(r"(?i:(?:du|des|de|la|le|les)(?![\w-])|[dl]['\u2019])")
# The flat or room said after the town (« … a montpellier appartement douze »).
_COMPLEMENT = re.compile(
    rf"[ \t,]+(?i:appartement|appart|appt|chambre|porte|bâtiment|batiment|bât|bat)[ \t]+"
    rf"(?:(?i:{_SPOKEN_NUMBER})|\d+|[A-Za-z](?![\w-]))"
)
_WORD = re.compile(r"[\w'\u2019-]+")
# How far the street's name, its building and its floor may run before the postcode.
_MOST_WORDS = 14


def find_spoken_addresses(text: str) -> Iterator[Span]:
    for opening in _OPENING.finditer(text):
        end = _town_end(text, opening)
        if end is not None:
            complement = _COMPLEMENT.match(text, end)
            end = complement.end() if complement else end
            yield Span(PiiType.ADDRESS, opening.start(), end, text[opening.start() : end])


def _town_end(text: str, opening: re.Match[str]) -> int | None:
    """The end of the town after the first postcode said in words (or « à ») that a commune
    follows, on the same line, after one word of the street's name at least."""
    start = opening.end()
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    words = list(_WORD.finditer(text, start, line_end))[:_MOST_WORDS]
    named_as_streets = _STREET_NAME_OPENING.match(text, start) and not _ARTICLE_NUMBER.match(
        text, opening.start()
    )
    for word in words[1:]:
        postcode = _POSTCODE_IN_WORDS.match(text, word.start(), line_end)
        if postcode is None and named_as_streets:
            postcode = _TOWN_AFTER.match(text, word.start(), line_end)
        if postcode is None:
            continue
        town = list(_WORD.finditer(text, postcode.end(), line_end))[:4]
        for count in range(len(town), 0, -1):
            name = text[town[0].start() : town[count - 1].end()]
            if communes_named(name):
                return town[count - 1].end()
    return None
