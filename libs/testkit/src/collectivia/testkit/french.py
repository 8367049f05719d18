"""Is a message French? Enough of a check for the services' message catalogues (every text a
user or an integrator reads): no typical English word left — the codes, roles, field names
and slugs the messages quote aside — and some French.

The English words are those of the messages the services used to send in English, and
other common ones; the French words include those of short field messages (« fichier vide »,
« valeur invalide », « format AAAA-MM attendu »), which may have no accented letter.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

# Codes the messages quote (``system_id``, ``template_id``, ``query``, ``limit``,
# ``integrator``, ``data-steward``, ``open``, ``true``...) are not here, nor words French
# shares (« question », « minute », « conversation », « contact », « services »).
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
    "token",
    "this",
    "your",
    "please",
    "found",
    "allowed",
    "missing",
    "exceeds",
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
    "no conversation",
    "is required",
    "a minute",
    "retry in",
    "has already been",
    "not found",
    "too long",
    "does not",
)
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH_WORDS) + r")(?![\w-])", re.IGNORECASE)
# French words, or a letter English has not.
_FRENCH = re.compile(
    r"(?<!\w)(?:(?:le|la|les|un|une|des|du|de|est|sont|aucune?|au|pour|ne|pas|votre|requis"
    r"|inconnue?s?|erreur|introuvable|ligne|champ|vide|invalide|attendue?|dans|par|et|ou|si"
    r"|non|trop|fichier|doit|valeurs?|illisibles?|libre)(?!\w)|[ld]')|[éèêàâùûçôî]",
    re.IGNORECASE,
)


# What a message quotes rather than says: a placeholder, or one code between guillemets
# (« file », « decision »).
_QUOTED = re.compile(r"\{[^{}]*\}|«\s*[^\s«»]+\s*»")


# « an » is also French (a year): « un an », « par an », « l'an dernier ».
_FRENCH_AN = re.compile(r"(?<![\w-])(?:un|par|l')\s?an(?![\w-])", re.IGNORECASE)


def english_words(text: str) -> list[str]:
    """The English words and phrases found in ``text`` (what it quotes aside)."""
    text = _FRENCH_AN.sub(" ", _QUOTED.sub(" ", text))
    lowered = text.lower()
    return [p for p in ENGLISH_PHRASES if p in lowered] + _ENGLISH.findall(text)


def assert_french(text: str) -> None:
    assert text.strip(), "an empty message"
    found = english_words(text)
    assert not found, f"English in {text!r}: {found}"
    assert _FRENCH.search(text), f"no French word in {text!r}"


def french_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem details of ``response``, which must have ``status`` and say why in French
    (its ``detail`` and each field's ``message``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert_french(body["detail"])
    for error in body.get("errors", []):
        assert_french(error["message"])
    return body
