"""Is a message French? Enough of a check for the chat's own messages: no typical English word
left (the roles, field names and codes they quote aside), and French words.

The register's check (``ethics_register_testing.french``) with the words of the English
messages the chat used to send added; the two lists together would serve every service.
"""

from __future__ import annotations

import re

# Words of the English messages the register and the chat used to send, and other common
# ones. Codes the messages quote (``query``, ``limit``, ``contact``, ``integrator``,
# ``data-steward``...) are not here; nor are words French shares (« question », « minute »,
# « conversation », « contact », « services »).
ENGLISH_WORDS = (
    "the",
    "is",
    "are",
    "an",
    "no",
    "not",
    "cannot",
    "needs",
    "requires",
    "required",
    "must",
    "entry",
    "entries",
    "before",
    "only",
    "reload",
    "unknown",
    "invalid",
    "reviewed",
    "with",
    "approval",
    # the chat's
    "empty",
    "longer",
    "than",
    "characters",
    "more",
    "retry",
    "such",
    "between",
    "answer",
    "already",
    "been",
    "rated",
    "channel",
    "has",
    "for",
    "of",
    "and",
    "or",
    "realm",
    "token",
)
ENGLISH_PHRASES = (
    "the entry",
    "requires the role",
    "no system",
    "in the register",
    "no conversation",
    "is required",
    "a minute",
    "retry in",
    "has already been",
)
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w-])", re.IGNORECASE)
# French words, or a letter English has not (short labels: « valeur inconnue », « requis »).
_FRENCH = re.compile(
    r"(?<!\w)(?:(?:le|la|les|un|une|des|du|de|est|sont|aucune?|au|pour|ne|pas|votre|requis"
    r"|inconnue?|erreur|introuvable|ligne|champ|vide|invalide|attendu|dans|par)(?!\w)|[ld]')"
    r"|[éèêàâùûçôî]",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    """The English words and phrases found in ``text``."""
    lowered = text.lower()
    return [p for p in ENGLISH_PHRASES if p in lowered] + _ENGLISH.findall(text)


def assert_french(text: str) -> None:
    assert text.strip(), "an empty message"
    found = english_words(text)
    assert not found, f"English in {text!r}: {found}"
    assert _FRENCH.search(text), f"no French word in {text!r}"
