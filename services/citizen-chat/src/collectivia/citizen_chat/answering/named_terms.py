"""The names a question gives (a country, a city, a brand), which the page quoted must use.

"Quelles sont les règles du divorce en Espagne ?" shares "divorce" and "règles" with a French
page about divorce, and "Comment obtenir un numéro de sécurité sociale au Japon ?" all its
words but one with the page about the French number: quoting them answers another question
than the one asked. Such a name is a capitalised word after a preposition of place (not an
acronym such as "CAF", which pages often spell out); when the page quoted first never uses
it, the page is not about what was asked. Places of France are no such names (the
collectivity's own communes, any commune of the official list, a region: "mon fils part
étudier à Lille" asks the national rule), nor what follows "pour" ("pour Noël"). A word made
from the name ("européen" for "Europe", "espagnol" for "Espagne") is a use of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.platform.communes import communes_named

# A capitalised word with lower-case letters after its first (not an acronym).
_NAME = re.compile(r"(?<!\w)([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)*)")
# The place a question is about follows a preposition of place: "en Espagne", "au Japon",
# "aux États-Unis", "à Lyon", "depuis Ottawa" ("hors d'Europe" says where not to look).
_PLACE_BEFORE = re.compile(r"(?:^|\s)(en|au|aux|à|a|dans|depuis|vers)\s+$", re.IGNORECASE)
# How a commune of that name is written after the preposition: "à Lille", "au Havre" (Le
# Havre), "aux Sables-d'Olonne"; never "en" ("en Suisse" is the country, not the Moselle's
# Suisse).
_COMMUNE_ARTICLE = {
    "à": "",
    "a": "",
    "dans": "",
    "depuis": "",
    "vers": "",
    "au": "Le ",
    "aux": "Les ",
}
# The regions of France (2016), whose rules are the national ones.
_FRENCH_REGIONS = frozenset(
    analyze(
        "Auvergne-Rhône-Alpes Bourgogne-Franche-Comté Bretagne Centre-Val-de-Loire Corse "
        "Grand-Est Hauts-de-France Île-de-France Normandie Nouvelle-Aquitaine Occitanie "
        "Pays-de-la-Loire Provence-Alpes-Côte-d'Azur Guadeloupe Martinique Guyane Réunion "
        "Mayotte Alsace Lorraine Champagne-Ardenne Picardie Aquitaine Limousin Midi-Pyrénées "
        "Languedoc-Roussillon Auvergne Bourgogne Franche-Comté"
    )
)


def named_terms(question: str, own_names: Collection[str] = ()) -> set[str]:
    """Analysed terms of the names the question gives, but those of ``own_names``."""
    own = {term for name in own_names for term in analyze(name)}
    terms: set[str] = set()
    for match in _NAME.finditer(question):
        place = _PLACE_BEFORE.search(question[: match.start()])
        if place is None:
            continue
        article = _COMMUNE_ARTICLE.get(place.group(1).lower())
        if article is not None and communes_named(article + match.group(1)):
            continue
        named = set(analyze(match.group(1)))
        if named <= _FRENCH_REGIONS:
            continue
        terms.update(term for term in named if term not in own)
    return terms


def uses_names(page_terms: Collection[str], names: Collection[str]) -> bool:
    """True when the page uses every name, or a word made from it ("Europe": "européen",
    "Espagne": "espagnol")."""
    return all(
        name in page_terms or any(term.startswith(name) for term in page_terms) for name in names
    )
