"""Is a message French? Enough of a check for the assistant's own messages: no typical
English word left (the slugs, field names and codes they quote aside), and French words.

The register's check (``ethics_register_testing.french``), copied, with the words of the
assistant's messages added: English ones it could have sent (template, charter, reply...),
and French ones of its short field messages (« fichier vide », « valeur invalide »)."""

from __future__ import annotations

import re

# Words of the English messages the register used to send, those the assistant could send,
# and other common ones. Codes the messages quote (``template_id``, ``open``, ``true``,
# ``integrator``...) are not here.
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
    "of",
    "for",
    "has",
    "been",
    "this",
    "your",
    "please",
    "empty",
    "already",
    "found",
    "allowed",
    "missing",
    "exceeds",
    "characters",
    "file",
    "template",
    "charter",
    "reply",
)
ENGLISH_PHRASES = (
    "the entry",
    "requires the role",
    "no system",
    "in the register",
    "not found",
    "too long",
    "does not",
)
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w-])", re.IGNORECASE)
# French words, or a letter English has not (short labels: « valeur inconnue », « requis »,
# « fichier vide », « format AAAA-MM attendu »).
_FRENCH = re.compile(
    r"(?<!\w)(?:(?:le|la|les|un|une|des|du|de|est|sont|aucune?|au|pour|ne|pas|votre|requis"
    r"|inconnue?s?|erreur|introuvable|et|ou|si|non|trop|vide|fichier|champ|ligne|doit|valeurs?"
    r"|attendue?|illisibles?|invalide|libre)(?!\w)|[ld]')|[éèêàâùûçôî]",
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
