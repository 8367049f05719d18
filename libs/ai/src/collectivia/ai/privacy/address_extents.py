"""An address's whole extent: the flat or building beside the street ("Bâtiment C, appt 4,
12 rue …", "12 rue …, appt 12") and the town named after it ("…, appt 12, 57140 Woippy", "12 rue de
Verdun, Marly", "7 rue Chambière à Metz"). The town counts only when the official list of
communes knows it, so "12 rue de Verdun, Jean est venu" keeps its first part alone."""

from __future__ import annotations

import re

from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

# "appt 12", "bât. B", "bâtiment C", "escalier 2", "3e étage", "porte 5", "boîte 4".
_COMPLEMENT = (
    r"(?<![\w'\u2019])(?:(?i:appt|appart(?:ement)?|apt|app|bât|bat|bâtiment|batiment|escalier|esc|porte|boîte"
    r"|boite|logement|log)\.?\s*[\w]{1,4}|\d{1,2}\s?(?i:e|er|ème|eme)\s+(?i:étage|etage))"
)
_COMPLEMENTS_AFTER = re.compile(rf"(?:\s*,\s*|\s+)({_COMPLEMENT})")
_COMPLEMENTS_BEFORE = re.compile(rf"((?:{_COMPLEMENT}\s*,?\s*)+)$")
# A town's name: up to four words joined by spaces or hyphens ("Montigny-lès-Metz",
# "Le Ban-Saint-Martin"), tried longest first against the official list.
_TOWN_WORDS = re.compile(
    r"(?:\s*,?\s*(?<!\d)\d{5}\s+|\s*,\s*(?:à\s+)?|\s+à\s+)"
    r"((?:[\w'\u2019]+)(?:[ -][\w'\u2019]+){0,3})"
)


def with_extent(text: str, span: Span) -> Span:
    """``span`` widened to its complements and its town, when they are there."""
    start, end = span.start, span.end
    before = _COMPLEMENTS_BEFORE.search(text[max(0, start - 60) : start])
    if before is not None:
        start = max(0, start - 60) + before.start(1)
    while (after := _COMPLEMENTS_AFTER.match(text, end)) is not None:
        end = after.end(1)
    if not re.search(r"\d{5}\s+\S+$", text[span.start : end]):
        end = _town_end(text, end) or end
    if (start, end) == (span.start, span.end):
        return span
    return Span(PiiType.ADDRESS, start, end, text[start:end])


def _town_end(text: str, end: int) -> int | None:
    match = _TOWN_WORDS.match(text, end)
    if match is None or not match.group(1)[:1].isupper():
        return None
    words = re.split(r"(?<=[ -])", match.group(1))
    for count in range(len(words), 0, -1):
        name = "".join(words[:count]).rstrip(" -")
        if communes_named(name):
            return match.start(1) + len(name)
    return None
