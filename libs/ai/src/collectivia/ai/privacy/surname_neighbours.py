"""A surname in capitals beside a first name already found: "DIALLO Oumar", "Oumar DIALLO";
a first name before a surname found alone ("nazali Grâce Mbuyi Kalala"); a surname in lower
case after a first name in lower case ("yvonne le moal").

The model often tags the first name alone; the upper-case word next to it, in a mixed-case
message, is the surname (not in an all-capitals message, where every word is upper case,
and not an acronym of the administration: "Oumar CAF" is not a name).
"""

from __future__ import annotations

import re

from collectivia.ai.privacy.first_name_lexicon import is_first_name, listed_by_insee
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import (
    ACRONYMS,
    CAPITALISED_WORD,
    NOT_NAMES,
    UPPER,
    folded,
    word_set,
)
from collectivia.ai.privacy.person_names import PLACE_WORDS, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

# "BEN-M'BAREK", "DUPONT-N'DIAYE": a part may start with an elided letter.
_UPPER_PART = rf"(?:[{UPPER}]['\u2019])?[{UPPER}]{{2,}}"
_UPPER_WORD = rf"{_UPPER_PART}(?:-{_UPPER_PART})*"
_BEFORE = re.compile(rf"(?<![\w'\u2019-])({_UPPER_WORD})[ \t]+$")
_AFTER = re.compile(rf"[ \t]+({_UPPER_WORD})(?![\w'\u2019-])")


def _surname(word: str) -> bool:
    key = folded(word)
    return key not in ACRONYMS and key not in NOT_NAMES and not is_edge_word(word)


# The particle of a surname in capitals: "DE OLIVEIRA Joaquim", "VAN DAMME Kristof".
_PARTICLE_BEFORE = re.compile(
    r"(?<![\w'\u2019-])(?:DE|DA|DOS|DAS|DI|DEL|DU|LE|LA|VAN|VON|EL|BEN|AL)[ \t]+$"
)


# A first name right before a surname found alone ("nazali Grâce Mbuyi Kalala": the model
# took "Grâce" for the noun), inside a sentence, not after an article or a preposition ("la
# Rose Dupont" may be a boat, "rue Pierre Durand" a street).
_FIRST_BEFORE = re.compile(rf"(?:^|[ \t])([\w'\u2019-]+)[ \t]+({CAPITALISED_WORD})[ \t]+$")
_NOT_BEFORE_A_FIRST_NAME = word_set("la le les l' de du des d' à a au aux sur en par pour")


# A surname typed in lower case after a first name typed so ("yvonne le moal le bourg",
# "elena dumitrescu"): a word of no French dictionary, its particle maybe; not a texting
# abbreviation ("karim wesh", "nadia stp") nor a word without a vowel.
_LOWER_AFTER = re.compile(
    r"[ ]((?:(?:le|la|de|du|da|dos|van|ben|el|al)[ ])?([a-zà-öø-ÿ]{3,}(?:-[a-zà-öø-ÿ]{2,})?))"
    r"(?![\w'\u2019@.-])"
)
_TEXTING = word_set(
    "wesh slt bjr bsr cc mdr ptdr jsp tkt tqt stp svp bcp dsl ajd jsuis chui koi pk pcq frr"
    " inchallah wallah hamdoulah bisou bizz cdt cordialement mrc stv jpp jcrois jveux jvais"
)


def _lower_surname_end(text: str, end: int) -> int | None:
    match = _LOWER_AFTER.match(text, end)
    if match is None:
        return None
    word = match.group(2)
    if (
        is_french_word(word)
        or folded(word) in _TEXTING
        or not re.search("[aeiouyàâäéèêëîïôöùûü]", word)
        or is_first_name(word)
        or communes_named(word)
    ):
        return None
    return match.end(1)


def _first_name_before(text: str, start: int) -> int | None:
    match = _FIRST_BEFORE.search(text[max(0, start - 60) : start])
    if match is None:
        return None
    previous, first = match.group(1), match.group(2)
    if first.isupper() or not listed_by_insee(first) or previous[-1:] in ".!?:;":
        return None
    key = folded(previous)
    if key in _NOT_BEFORE_A_FIRST_NAME or key in PLACE_WORDS or previous[:1].isupper():
        return None
    return max(0, start - 60) + match.start(2)


def with_surnames(text: str, names: list[Span]) -> list[Span]:
    """``names`` with the upper-case surname beside each mixed-case name added, the particle
    in capitals before an upper-case surname, and a first name INSEE lists right before a
    surname found alone."""
    if text.upper() == text:
        return names
    extended = []
    for span in names:
        start, end = span.start, span.end
        first_word = span.text.split()[0] if span.text.split() else ""
        if span.type is PiiType.NAME and len(first_word) > 1 and first_word.isupper():
            particle = _PARTICLE_BEFORE.search(text[max(0, start - 8) : start])
            if particle is not None:
                start = max(0, start - 8) + particle.start()
        if span.type is PiiType.NAME and not span.text.isupper():
            before = _BEFORE.search(text[max(0, start - 40) : start])
            if before is not None and _surname(before.group(1)):
                start = max(0, start - 40) + before.start(1)
            after = _AFTER.match(text, end)
            if after is not None and _surname(after.group(1)):
                end = after.end(1)
            elif span.text.islower() and " " not in span.text:
                end = _lower_surname_end(text, end) or end
            words = span.text.split()
            if start == span.start and words and not is_first_name(words[0]):
                start = _first_name_before(text, start) or start
        extended.append(
            span
            if (start, end) == (span.start, span.end)
            else Span(span.type, start, end, text[start:end])
        )
    return extended
