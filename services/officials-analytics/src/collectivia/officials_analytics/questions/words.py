"""The words of a question as the matching compares them: folded (case, accents, apostrophes
aside), the small words dropped, the others stemmed with the French Snowball stemmer (plurals
and feminine forms aside: « posées » and « posé » are one word)."""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

from collectivia.officials_analytics.french_words import folded_words

# Words that say nothing of what is asked (« sans » and « avec » do: they stay).
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "ce",
        "ces",
        "cet",
        "cette",
        "combien",
        "d",
        "de",
        "des",
        "du",
        "en",
        "est",
        "et",
        "il",
        "ils",
        "j",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "m",
        "ma",
        "mes",
        "mon",
        "n",
        "ne",
        "nombre",
        "on",
        "ont",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "tes",
        "ton",
        "un",
        "une",
        "y",
    ]
)


_STEMMER = snowballstemmer.stemmer("french")
# A Snowball stemmer keeps its state while it works: one word at a time.
_STEMMING = threading.Lock()


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    with _STEMMING:
        stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def content_words(text: str) -> tuple[str, ...]:
    """The stems of ``text``'s meaningful words, in order."""
    return tuple(stem(w) for w in folded_words(text) if w not in STOPWORDS)
