"""Where a name is a work's subject or a figure of folklore, not a person who writes to us.

"une conférence sur Victor Hugo", "l'exposition consacrée à Frida Kahlo", "le Père Noël":
the capitalised words after such a context are left as they are.
"""

from __future__ import annotations

import re

from collectivia.ai.privacy.lexicon import CAPITALISED_WORD

_SUBJECT = re.compile(
    r"(?i:\b(?:conf[ée]rence|exposition|expo|hommage|spectacle|film|documentaire|lecture"
    r"|concert|pi[èe]ce|[œo]euvres?|po[èe]mes|biographie|festival|colloque|atelier|visite"
    r"|rétrospective|retrospective|cycle|soirée|soiree|livre|roman|article|reportage"
    r"|émission|emission|thèse|these|exposé|expose|cours|dossier\s+pédagogique)s?"
    r"(?:\s+(?:consacr[ée]e?s?|d[ée]di[ée]e?s?))?\s+(?:sur|[àa]|autour\s+de|de\s+la\s+vie\s+de))"
    rf"[ \t]+({CAPITALISED_WORD}(?:[ \t]+(?:de[ \t]+|d['\u2019])?{CAPITALISED_WORD}){{0,2}})"
)
_FOLKLORE = re.compile(
    r"\b(?:P[èe]re|M[èe]re)[ \t]+(?:No[ëe]l|Fouettard|Lachaise|Castor|Michel|Ubu)\b"
    r"|\bSaint[ \t-]Nicolas\b"
)


def cultural_names(text: str) -> list[tuple[int, int]]:
    regions = [match.span(1) for match in _SUBJECT.finditer(text)]
    return regions + [match.span() for match in _FOLKLORE.finditer(text)]
