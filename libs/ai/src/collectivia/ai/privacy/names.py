"""Detector of person names: after a civility, in self-introductions, and first + last names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_name_lexicon import listed_by_insee
from collectivia.ai.privacy.first_names import FIRST_NAMES
from collectivia.ai.privacy.lexicon import (
    ACRONYMS,
    CAPITALISED_WORD,
    LOWER,
    NOT_NAMES,
    UPPER,
    folded,
    word_set,
)
from collectivia.ai.privacy.spans import PiiType, Span

_FIRST = "(?:" + "|".join(sorted(FIRST_NAMES, key=len, reverse=True)) + ")"
_FIRST_COMPOUND = rf"{_FIRST}(?:-{_FIRST})?"
_SURNAME = rf"(?:(?:Le|La|De|Du|Van|Von|Ben|El)\s)?{CAPITALISED_WORD}"
# Up to three name words, lowercase particles allowed ("Madame de Villiers", "Marie-Thérèse
# d'Arcangues de Saint-Jean", "M. van der Berg").
_INNER_PARTICLE = (
    r"(?:(?:de|du|des|van|von|der|ben|bin|ould|ait|aït|el|da|dos)[ \t]+(?:la[ \t]+|der[ \t]+)?"
    r"|d['\u2019])"
)
# After a particle, a capitalised word, not an acronym ("Mme Diouf du CCAS").
_TOKEN_PATTERN = (
    rf"(?:{_INNER_PARTICLE}[{UPPER}](?:['\u2019][{UPPER}])?[{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*"
    rf"|{_SURNAME})"
)
_TOKEN = re.compile(_TOKEN_PATTERN)
_NAME_RUN = rf"{_TOKEN_PATTERN}(?:[ \t]+{_TOKEN_PATTERN}){{0,2}}"

_CIVILITY = re.compile(
    r"(?<![\w.])(?:M\.|Mr\.?|MM\.|Mme\.?|Mmes|Mlle\.?|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur"
    r"|Maître|Me|Pr\.?|Professeur)\s+"
    rf"({_NAME_RUN})"
)
_INTRODUCTION = re.compile(
    r"(?i:\bje\s+m['\u2019]appelle|\bmon\s+nom\s+est"
    r"|\bnom\s*(?:et\s+prénoms?|de\s+famille)?\s*:|\bprénoms?\s*(?:et\s+nom)?\s*:"
    # an export's field pasted as it is: "nom": "Garnier", prenom=Élodie, "last_name": "Diop"
    r"|[\"']?\b(?:nom|pr[ée]noms?|nom_(?:de_)?(?:famille|naissance|usage)|first_?name|last_?name"
    r"|given_?name|family_?name|surname)[\"']?[ \t]*(?:=|:[ \t]*[\"']))[ \t]*[\"']?"
    rf"({_NAME_RUN})"
)
# "je suis Parisienne": after these, one word counts only when it is a known first name.
_LOOSE_INTRODUCTION = re.compile(rf"(?i:\bje\s+suis|\bmoi\s*,?\s+c['\u2019]est)[ \t]+({_NAME_RUN})")
_FIRST_LAST = re.compile(rf"(?<![\w'\u2019-])({_FIRST_COMPOUND})[ \t]+({_SURNAME})(?![\w'\u2019-])")
# "BEN-M'BAREK Sofia": a part of the surname may start with an elided letter.
_UPPER_SURNAME = (
    r"(?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]['\u2019][A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]{2,}|[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]{3,})"
    r"(?:-(?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]['\u2019])?[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]{2,})?"
)
_LAST_FIRST = re.compile(
    rf"(?<![\w'\u2019-])({_UPPER_SURNAME})[ \t]+({_FIRST_COMPOUND})(?![\w'\u2019-])"
)
# Lists and forms write the surname first, then a comma ("- KOCH, Émilie", "Représentant
# légal : KEITA, Moussa ; KEITA, Hawa"): one name, where an item or a field starts.
_LAST_COMMA_FIRST = re.compile(
    r"(?m:(?:^|(?<=[:;().\u2013\u2014\u2022*-]))[ \t]*)"
    rf"((?:(?:LE|LA|DE|DU|DA|DI|EL|AL)[ \t]+)?{_UPPER_SURNAME}(?:[ \t]+{_UPPER_SURNAME})?),[ \t]*"
    rf"([{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)(?![\w'\u2019-])"
)
# "mon fils Lucas": a known first name alone counts after a word for a relative or a neighbour.
_RELATIVE = re.compile(
    r"(?i:\b(?:mon|ma|notre)\s+(?:fils|fille|enfant|mari|femme|époux|épouse|conjointe?"
    r"|compagnon|compagne|frère|sœur|soeur|père|mère|neveu|nièce|petit-fils|petite-fille"
    r"|voisine?|locataire|ami|amie))[ \t,]+"
    rf"({_FIRST_COMPOUND}(?:[ \t]+{_SURNAME})?)(?![\w'\u2019-])"
)
# Words after which a first + last name is a place's name ("école Jules Ferry").
_PLACE_WORDS = word_set(
    """
    rue avenue boulevard bd place allée impasse quai chemin route cours square parc jardin
    école collège lycée salle gymnase stade médiathèque bibliothèque centre espace résidence
    piscine hôpital clinique maison halle théâtre musée foyer ehpad fondation prix lycee ecole
    """
)
_WORD_BEFORE = re.compile(r"([\w-]+)[\s'\u2019]*$")


_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
_CIVILITIES = word_set("m mr mme mlle mm mmes monsieur madame mademoiselle dr docteur me maître pr")


def _is_name_word(word: str) -> bool:
    """Not a known non-name ("Maire", "Lundi"), nor a roman numeral ("Louis XIV")."""
    return word.casefold() not in NOT_NAMES and not _ROMAN_NUMERAL.fullmatch(word)


def _trim(run: str, offset: int) -> Span | None:
    """Keep the leading name words of a run, stopping at the first word that is not a name."""
    start: int | None = None
    end = 0
    for token in _TOKEN.finditer(run):
        if start is None and token.group().casefold() in _CIVILITIES:
            continue  # "je suis Mme Le Gall": the civility is no part of the name
        if not _is_name_word(token.group().split()[-1]):
            break
        start = token.start() if start is None else start
        end = token.end()
    if start is None or end <= start:
        return None
    return Span(PiiType.NAME, offset + start, offset + end, run[start:end])


def _after_place_word(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    return before is not None and before.group(1).casefold() in _PLACE_WORDS


def find_names(text: str) -> Iterator[Span]:
    for match in _CIVILITY.finditer(text):
        span = _trim(match.group(1), match.start(1))
        if span is not None:
            yield span
    for match in _INTRODUCTION.finditer(text):
        span = _trim(match.group(1), match.start(1))
        if span is not None:
            yield span
    for match in _LOOSE_INTRODUCTION.finditer(text):
        span = _trim(match.group(1), match.start(1))
        if span is not None and (" " in span.text or span.text in FIRST_NAMES):
            yield span
    for match in _RELATIVE.finditer(text):
        span = _trim(match.group(1), match.start(1))
        if span is not None:
            yield span
    for match in _FIRST_LAST.finditer(text):
        if _is_name_word(match.group(2).split()[-1]) and not _after_place_word(text, match.start()):
            yield Span(PiiType.NAME, match.start(), match.end(), match.group())
    for match in _LAST_FIRST.finditer(text):
        if _is_name_word(match.group(1)) and not _after_place_word(text, match.start()):
            yield Span(PiiType.NAME, match.start(), match.end(), match.group())
    for match in _LAST_COMMA_FIRST.finditer(text):
        surname = match.group(1).split()[-1]
        if (
            _is_name_word(surname)
            and folded(surname) not in ACRONYMS  # "CCAS, Marie": the service, then its agent
            and listed_by_insee(match.group(2).split("-")[0])
        ):
            start = match.start(1)
            yield Span(PiiType.NAME, start, match.end(), text[start : match.end()])
