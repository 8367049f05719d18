"""Is a message French? Enough of a check for the register's own messages: no typical
English word left (the slugs, field names and codes they quote aside), and French words."""

from __future__ import annotations

import re

# Words of the English messages the register used to send, and other common ones. Codes the
# messages quote (``system_id``, ``reason``, ``high``, ``ethics-officer``...) are not here.
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
)
ENGLISH_PHRASES = ("the entry", "requires the role", "no system", "in the register")
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w-])", re.IGNORECASE)
# French words, or a letter English has not (short labels: « valeur inconnue », « requis »).
_FRENCH = re.compile(
    r"(?<!\w)(?:(?:le|la|les|un|une|des|du|de|est|sont|aucune?|au|pour|ne|pas|votre|requis"
    r"|inconnue?|erreur|introuvable)(?!\w)|[ld]')|[éèêàâùûçôî]",
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
