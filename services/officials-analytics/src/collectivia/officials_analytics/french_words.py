"""French words compared as people write them: case, accents, apostrophes, hyphens and
« Saint / St » aside (« Saint-Julien-lès-Metz » and « st julien les metz » are one name)."""

from __future__ import annotations

import re
import unicodedata

# Spaces, punctuation, apostrophes (straight and typographic) and hyphens (of all widths).
_SEPARATORS = re.compile("[\\s'`\u2019\\-\u2010\u2011\u2013\u2014_/,;:.!?()«»\"]+")
# The abbreviations written for « Saint » / « Sainte » in place names.
_SAINTS = {"saint": "st", "sainte": "ste"}


def without_accents(text: str) -> str:
    """Accents removed: "élève" -> "eleve"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded(text: str) -> str:
    """``text`` lower-cased, without accents, its words separated by one space."""
    plain = without_accents(text.casefold())
    words = (_SAINTS.get(w, w) for w in _SEPARATORS.split(plain) if w)
    return " ".join(words)


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(folded(text).split())
