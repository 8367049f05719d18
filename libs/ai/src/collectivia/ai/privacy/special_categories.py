"""Hints of special categories of personal data (GDPR Art. 9) in French text.

A hint, not a verdict: it looks for vocabulary (accents and case ignored). Callers block the
text, or send it only to a model endpoint the register approves for such data.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class SpecialCategory(StrEnum):
    HEALTH = "health"
    RELIGION = "religion"
    POLITICAL_OPINION = "political-opinion"
    TRADE_UNION = "trade-union"
    SEXUAL_ORIENTATION = "sexual-orientation"
    ETHNIC_ORIGIN = "ethnic-origin"
    GENETIC_BIOMETRIC = "genetic-biometric"


# Written without accents, lowercase: the text is folded the same way before matching.
_VOCABULARY: dict[SpecialCategory, str] = {
    SpecialCategory.HEALTH: (
        r"malad(?:e|es|ie|ies)|handicap\w*|invalidite|cancer\w*|diabet\w*|hospitalis\w*"
        r"|chimiotherapie|dialyse|depression|depressi(?:f|ve)|psychiatri\w*|alzheimer|parkinson"
        r"|sclerose|autis\w*|enceinte|grossesse|vih|seropositi\w*|sida|ordonnance|medicaments?"
        r"|medecin traitant|arret de travail|pathologie|fauteuil roulant|mdph|aah|allergi\w*"
        r"|epilep\w*|asthm\w*|traitement medical|soins? palliatifs?|addiction|alcoolique"
    ),
    SpecialCategory.RELIGION: (
        r"religions?|religieu(?:x|se|ses)|musulman\w*|chretien\w*|catholique\w*|protestant\w*"
        r"|juif|juive|juifs|juives|judaisme|islam|bouddhis\w*|hindou\w*|athee|mosquee"
        r"|synagogue|ramadan|halal|casher|kasher|voile islamique|culte"
    ),
    SpecialCategory.POLITICAL_OPINION: (
        r"parti politique|opinions? politiques?|militant(?:e|es|s)? (?:du|au|de la|d)"
        r"|adherent(?:e)? (?:du|au) parti|je vote|j ai vote pour|electeur (?:du|de la)"
        r"|rassemblement national|france insoumise|parti socialiste|les republicains"
        r"|parti communiste|reconquete|europe ecologie"
    ),
    SpecialCategory.TRADE_UNION: (
        r"syndicats?|syndique(?:e|s|es)?|syndicale?s?|syndicaux|cgt|cfdt|cftc|unsa"
        r"|force ouvriere|cfe-cgc|sud solidaires"
    ),
    SpecialCategory.SEXUAL_ORIENTATION: (
        r"orientation sexuelle|homosexu\w*|heterosexu\w*|bisexu\w*|lesbienne\w*|gay|gays"
        r"|lgbt\w*|transgenre\w*|vie sexuelle"
    ),
    SpecialCategory.ETHNIC_ORIGIN: (
        r"origine ethnique|origines ethniques|ethnie\w*|raciale?s?|racisme|raciste\w*"
        r"|couleur de peau|origines? (?:maghrebine|africaine|arabe|asiatique|rom)s?|gitan\w*"
    ),
    SpecialCategory.GENETIC_BIOMETRIC: (
        r"genetique\w*|adn|empreintes? digitales?|biometri\w*|reconnaissance faciale"
    ),
}
_PATTERNS = {category: re.compile(rf"\b(?:{words})\b") for category, words in _VOCABULARY.items()}
_APOSTROPHES = re.compile(r"['\u2019]")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _APOSTROPHES.sub(" ", stripped)


def contains_special_category(text: str) -> frozenset[SpecialCategory]:
    """The special categories whose vocabulary appears in ``text`` (empty when none)."""
    folded = _fold(text)
    return frozenset(category for category, pattern in _PATTERNS.items() if pattern.search(folded))
