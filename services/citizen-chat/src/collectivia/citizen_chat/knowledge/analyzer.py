"""A French analyzer for lexical retrieval.

Lowercase, split elisions (l', d', qu', j'...), drop stop words (the Snowball French list),
stem with the Snowball French stemmer, then strip accents so that "eleve" and "élève" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Snowball's French stop-word list, plus the forms of être/avoir it lists, accents stripped.
_STOP_WORDS_TEXT = """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants
    etantes suis es est sommes sont serai seras sera serons serez seront serais serait serions
    seriez seraient etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons
    soyez soient fusse fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue
    eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions
    auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons
    ayez aient eusse eusses eussions eussiez eussent ceci cela cet cette ici ils les leurs quel
    quels quelle quelles sans soi
"""
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_ELISION = re.compile(
    r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019]", re.IGNORECASE
)
_WORD = re.compile(r"\w+", re.UNICODE)


def strip_accents(text: str) -> str:
    """Remove combining marks: "élève" -> "eleve"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return strip_accents(str(_STEMMER.stemWord(word)))


def forget_words() -> None:
    """Empty the stems kept of every word seen, questions' included (a name the masking
    missed may be one): after an erasure, none of its words stays in memory. Stemming again
    costs microseconds; the indexes keep their terms."""
    _stem.cache_clear()


def analyze(text: str, more_stop_words: frozenset[str] = frozenset()) -> list[str]:
    """Index terms of a French text: elisions split, stop words out, stemmed, unaccented;
    ``more_stop_words`` (unaccented) are left out too."""
    words = _WORD.findall(_ELISION.sub(" ", text.lower()))
    terms: list[str] = []
    for word in words:
        if word.isdigit():
            terms.append(word)
            continue
        bare = strip_accents(word)
        if bare in _STOP_WORDS or bare in more_stop_words:
            continue
        terms.append(_stem(word))
    return terms


def plain_terms(text: str) -> list[str]:
    """The baseline analyzer: lowercase, accents stripped, split on non-word characters."""
    return _WORD.findall(strip_accents(text.lower()))
