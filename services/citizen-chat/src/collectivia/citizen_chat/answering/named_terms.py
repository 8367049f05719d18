"""The names a question gives (a country, a city, a brand), which the page quoted must use.

"Quelles sont les règles du divorce en Espagne ?" shares "divorce" and "règles" with a French
page about divorce, and "Comment obtenir un numéro de sécurité sociale au Japon ?" all its
words but one with the page about the French number: quoting them answers another question
than the one asked. Such a name is a capitalised word after a preposition of place (not an
acronym such as "CAF", which pages often spell out); when the page quoted first never uses
it, the page is not about what was asked. The collectivity's own communes
are no such names: the pages are theirs even when they do not repeat them. A word made
from the name ("européen" for "Europe", "espagnol" for "Espagne") is a use of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from collectivia.citizen_chat.knowledge.analyzer import analyze

# A capitalised word with lower-case letters after its first (not an acronym).
_NAME = re.compile(r"(?<!\w)([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)*)")
# The place a question is about follows a preposition of place: "en Espagne", "au Japon",
# "aux États-Unis", "à Lyon", "depuis Ottawa" ("hors d'Europe" says where not to look).
_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:en|au|aux|à|a|dans|depuis|vers|pour)\s+$", re.IGNORECASE)


def named_terms(question: str, own_names: Collection[str] = ()) -> set[str]:
    """Analysed terms of the names the question gives, but those of ``own_names``."""
    own = {term for name in own_names for term in analyze(name)}
    terms: set[str] = set()
    for match in _NAME.finditer(question):
        if not _PLACE_BEFORE.search(question[: match.start()]):
            continue
        terms.update(term for term in analyze(match.group(1)) if term not in own)
    return terms


def uses_names(page_terms: Collection[str], names: Collection[str]) -> bool:
    """True when the page uses every name, or a word made from it ("Europe": "européen",
    "Espagne": "espagnol")."""
    return all(
        name in page_terms or any(term.startswith(name) for term in page_terms) for name in names
    )
