"""Names after a civility, written in any case: "MADAME FATOU CAMARA", "Mme LE BIHAN",
"madame ramanantsoa", "MR TRAN VAN LONG".

After a civility the next name-shaped words are the name, up to a word of the language, a
verb or a punctuation mark. Capitalised or upper-case words follow one another, stopping at
a verb or an adjective in capitals ("MADAME DESOLEE DU RETARD"); in lower case the first word
must be a known first name or a word French does not know ("madame ramanantsoa", not
"bonjour madame ca va"), and a second one is taken on the same terms ("monsieur diallo
mamadou"): "madame diallo habite ici" must not take the verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.french_words import is_elided_word, is_french_word, is_inflected_form
from collectivia.ai.privacy.lexicon import NOT_NAMES, folded, word_set
from collectivia.ai.privacy.lone_first_names import WORD_FIRST_NAMES
from collectivia.ai.privacy.person_names import an_article_then_a_word, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

# Full words and "mr", "mme", "mlle" in any case; other abbreviations capitalised ("me" is a
# pronoun, "pr" is "pour" in a text message); "Père", "Sœur" only capitalised and not after
# a determiner ("le Père Noël").
CIVILITY = (
    r"(?:(?i:monsieur|madame|mademoiselle|docteur|ma[îi]tre|professeur)"
    r"|M\.|(?i:mr|mme|mlle|mrs)\.?|Ms\.?|Miss|D[Rr]\.?|P[Rr]\.?|Me|MM\.|Mmes"
    r"|P[èe]re|S(?:œ|oe)ur|Fr[èe]re)"
)
_CIVILITY = re.compile(rf"(?<![\w.'\u2019]){CIVILITY}(?=[ \t])")
_DETERMINER_BEFORE = re.compile(
    r"(?i:\b(?:le|la|les|un|une|du|des|au|aux|mon|ma|ton|ta|son|sa|notre|votre|leur|ce|cette)"
    r"|\bl['\u2019]|\bd['\u2019])[ \t]*$"
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# Particles of a name in any case ("LE BIHAN", "de la Tour", "VAN DER BERG", "BEN SALAH").
_PARTICLES = word_set(
    "le la de du des van von der den ben bin ould ait aït el al da dos das di del ter"
)
# Verbs that follow a name in upper-case messages ("MR TRAN DEMANDE UN RDV"), which the list
# of function words does not hold.
_FOLLOWING_VERBS = word_set(
    """
    demande demandent souhaite souhaitent voudrait voudraient veut habite habitent travaille
    vient viendra passera passe appelle appellera rappelle signale déclare declare
    sollicite informe reste attend cherche ecrit écrit
    """
)
_KNOWN_FIRST = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES)
_KNOWN = _KNOWN_FIRST | frozenset(folded(name) for name in WORD_FIRST_NAMES)
_MAX_WORDS = 4
_ELIDED_NAME = re.compile(r"[dDlL]['\u2019][^\W\d_]")


def _stops(word: str) -> bool:
    key = folded(word)
    return is_edge_word(word) or key in NOT_NAMES or key in _FOLLOWING_VERBS


def _a_word_here(word: str) -> bool:
    """An inflected form of French (a verb, an adjective), in lower case or in capitals:
    case tells nothing there; a capitalised word in mixed case is taken as a name."""
    return (word.islower() or word.isupper()) and is_inflected_form(word)


def _name_after(text: str, start: int) -> Span | None:
    words: list[re.Match[str]] = []
    position = start
    while len(words) < _MAX_WORDS:
        word = _WORD.match(text, position)
        if word is None:
            break
        raw = word.group()
        particle = folded(raw) in _PARTICLES
        # "d'Arcangues", "D'ALMEIDA": an elided particle is part of the name
        elided_name = _ELIDED_NAME.match(raw) is not None and raw[2:3].isupper()
        if not words and is_elided_word(raw):
            break  # "Madame l'Adjointe": her office, not her name
        if not particle and not elided_name and _stops(raw):
            break
        if not words and raw.islower() and folded(raw) not in _KNOWN and is_french_word(raw):
            break  # "bonjour madame ca va", "monsieur inscrire": lower-case French
        after_particle = bool(words) and folded(words[-1].group()) in _PARTICLES
        if after_particle and words[-1].group().islower() and raw.isupper() and len(raw) > 1:
            break  # "Mme Diouf du CCAS": an acronym after a lower-case particle
        if not particle and folded(raw) not in _KNOWN and _a_word_here(raw):
            break  # "MADAME DESOLEE DU RETARD", "MR TRAN DEMANDE", "monsieur désolé"
        if (
            len(words) >= 2
            and folded(words[-2].group()) not in _PARTICLES
            and an_article_then_a_word(words[-1].group(), raw)
        ):
            words.pop()  # "M. LAMBERT LA SEMAINE DERNIERE": an article after the surname
            break
        lower = raw[:1].islower()
        if words and lower and not particle:
            first_lower = words[0].group()[:1].islower()
            known = {folded(w.group()) for w in words[:1]} | {folded(raw)}
            # "monsieur diallo mamadou", "madame sow aminata": a known first name, or a
            # word French does not know; "madame diallo habite" stops at the verb.
            unknown = not known & _KNOWN_FIRST and is_french_word(raw)
            if not first_lower or len(words) > 1 or unknown:
                break
        words.append(word)
        gap = re.match(r"[ \t]+", text[word.end() :])
        if gap is None:
            break
        position = word.end() + gap.end()
    while words and folded(words[-1].group()) in _PARTICLES:
        words.pop()  # "Monsieur le" + "Maire": a particle alone is no name
    if not words:
        return None
    first, last = words[0].start(), words[-1].end()
    return Span(PiiType.NAME, first, last, text[first:last])


def find_civility_names(text: str) -> Iterator[Span]:
    for match in _CIVILITY.finditer(text):
        word = match.group()
        religious = word[:1] in "PpSsFf" and not word.casefold().startswith("pr")
        before = text[max(0, match.start() - 12) : match.start()]
        if religious and _DETERMINER_BEFORE.search(before):
            continue
        gap = re.match(r"[ \t]+", text[match.end() :])
        start = match.end() + (gap.end() if gap else 0)
        span = _name_after(text, start)
        if span is not None:
            yield span
