"""The normalised form of a question, so that the same question asked in different words
meets: placeholders of masked personal data dropped, lower case, elisions split, accents
folded, French stop words and the words that only frame a question left out, a plural's
final s or x dropped; the remaining words, each once, in alphabetical order.

"Quels sont les horaires de la piscine ?" and "horaires piscine svp" give "horaire piscine".
The grouping runs on the question once more masked (``redact``): a name the chat missed
never becomes a key word.
"""

from __future__ import annotations

import re

from collectivia.officials_analytics.french_words import without_accents

# A placeholder of the privacy guard: [EMAIL_1], [NOM_2], [DATE_NAISSANCE_1]...
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019]")
_WORD = re.compile(r"\w+", re.UNICODE)


# Snowball's French stop words and Apache Lucene's FrenchAnalyzer list (articles, pronouns,
# prepositions, être and avoir), then the words that frame a question to a public service
# without saying what it is about; accents folded.
_STOP_WORDS_TEXT = """
    a afin ai aie aient aies ainsi ait apres as au aujourd auquel aura aurai auraient aurais
    aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels
    avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons c ca car ce
    ceci cela celle celles celui cependant certain certaine certaines certains ces cet cette
    ceux chez ci combien comme comment concernant contre d dans de depuis des desquelles
    desquels des dont du duquel durant elle elles en entre es est et etaient etais etait etant
    etc ete etes etiez etions etre eu eue eues eurent eus eut eux fut j je jusqu jusque l la
    laquelle le lequel les lesquelles lesquels leur leurs lorsque lui m ma mais me meme memes
    mes moi mon n ne ni non nos notre nous on ont ou par parmi pas pendant peu plus plusieurs
    pour pourquoi pres puis puisque qu quand que quel quelle quelles quels qui quoi s sa sans se
    selon sera serai seraient serais serait seras serez seriez serions serons seront ses si
    sinon soi soient sois soit sommes son sont sous suis sur t ta te tes toi ton tous tout toute
    toutes tu un une vers vos votre vous y
    il ils bonjour bonsoir merci svp stp plait madame monsieur mme mr
    aimerais aimerait besoin doit dois est-ce faire faut fait peut peux pourrais pourriez
    pouvez savoir sait sais souhaite souhaiterais veux voudrais voudrait voulais question
    questions renseignement renseignements info infos information informations
"""
STOP_WORDS = frozenset(without_accents(w) for w in _STOP_WORDS_TEXT.split())


def _singular(word: str) -> str:
    """A plural's mark dropped where it is plain: "horaires", "dechets", "eaux"; not where
    the final s belongs to the word ("permis", "bus", "frais", "adresse")."""
    if len(word) > 3 and word.endswith("s") and word[-2] not in "aisu":
        return word[:-1]
    if word.endswith("eaux"):
        return word[:-1]
    return word


def terms(question: str) -> list[str]:
    """The question's meaningful words, folded, in the order they come (repeats kept)."""
    text = _ELISION.sub(" ", _PLACEHOLDER.sub(" ", question).lower())
    words = _WORD.findall(without_accents(text))
    return [_singular(w) for w in words if w not in STOP_WORDS and len(w) > 1 and "_" not in w]


def normalised(question: str) -> str:
    """The grouping key of a question: its words, each once, sorted; empty when nothing is
    left (a question of stop words only, or no question)."""
    return " ".join(sorted(set(terms(question))))
