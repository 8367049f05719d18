"""First names alone that are also words ("Rose", "Claire", "Pierre", "Marine"): a person's
name only when the context says so, never from the word alone.

- listed with a pronoun: "Rose et moi", "moi et Océane", "Claire et lui";
- after "avec", "chez" or a verb done to someone: "je viendrai avec Pierre", "passé voir
  Ambre" (not "pour Noël", not "chez Darty");
- before what people do: "Marine viendra", "Claire m'a dit", "Pierre est passé".
The word must be capitalised and a known first name (of the larger list, or one of the
first names that are words, which the other lists leave out).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.lexicon import LOWER, UPPER, folded, word_set
from collectivia.ai.privacy.spans import PiiType, Span

# First names that are everyday words too: trusted only in the contexts above.
WORD_FIRST_NAMES = word_set(
    """
    Rose Claire Olive Prune Violette Blanche Capucine Colombe Perle Aurore Ambre Céleste
    Constance Prudence Marine Pierre Jade Océane Margot Fleur Iris Victoire Clémence Mélodie
    Joy Désiré Désirée Modeste Aimé Aimée Bienvenu Fidèle Dieudonné Espérance Reine Ange
    Angèle Félicité Grâce Marguerite Sylvestre Lys Lilas Hortense Valentin
    Martin Florence Vivien Franck Christian
    """
)
_KNOWN = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES | WORD_FIRST_NAMES) - {
    folded(word) for word in ("Noël", "Pâques", "Toussaint", "Avril", "Mai", "Juin", "Août")
}
_NAME = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
_END = r"(?![\w'\u2019-])"
_PRONOUN = r"(?:moi|toi|lui|elle|nous|vous|eux|elles)"
_WITH_PRONOUN = re.compile(
    rf"(?<![\w'\u2019-])({_NAME}){_END}(?=[ \t]*,?[ \t]+et[ \t]+{_PRONOUN}\b)"
    rf"|(?i:\b{_PRONOUN}[ \t]*,?[ \t]+et)[ \t]+({_NAME}){_END}"
)
# Not followed by a capitalised word: "avec Pierre Durand" is the first + last name rule's.
_AFTER_PREPOSITION = re.compile(
    rf"(?i:\b(?:avec|chez|voir|appeler|prévenir|accompagner|emmener|chercher|récupérer))"
    rf"[ \t]+({_NAME}){_END}(?![ \t]+[{UPPER}])"
)
_DOES = re.compile(
    rf"(?<![\w'\u2019-])({_NAME})[ \t]+(?=(?:m['\u2019]|t['\u2019]|nous[ \t]+|vous[ \t]+"
    r"|lui[ \t]+|ne[ \t]+|n['\u2019])?(?:viendra|viendront|vient|venait|passera|passe"
    r"|arrive|arrivera|appellera|rappellera|a[ \t]+(?:dit|appelé|appele|téléphoné|écrit"
    r"|envoyé|proposé|expliqué|demandé|aidé)|est[ \t]+(?:venue?|passée?|partie?|malade"
    r"|tombée?|enceinte|hospitalisée?|née?|décédée?)|habite|travaille|voudrait|s['\u2019]"
    r"occupe|pourra|pourrait|peut|doit|dit|dira|amènera|ramènera|gardera|garde)\b)"
)


def find_lone_first_names(text: str) -> Iterator[Span]:
    for pattern in (_WITH_PRONOUN, _AFTER_PREPOSITION, _DOES):
        for match in pattern.finditer(text):
            index = 1 if match.group(1) is not None else 2
            if folded(match.group(index)) in _KNOWN:
                start, end = match.span(index)
                yield Span(PiiType.NAME, start, end, text[start:end])
