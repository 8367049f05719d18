"""Whether a word is a first name: INSEE's file of the first names given in France since 1900.

The ``prenoms`` package (MIT) ships INSEE's national file, ranked by frequency: about 13,000
first names of every origin given in France often enough (Mamadou, Elif, Bogdan, Linh, Nolwenn,
Yassine...), besides the long tail of names given a handful of times, left out here (it holds
"La", "Le", "Paris"). Only its data files are read (importing the package would load its eleven
megabytes of surnames): once, at the first message that asks (a few milliseconds).

A first name is trusted only where a context rule says a name may follow ("salut Kévin",
"dites à Inès", "(Thierry)"): never alone. Words that are names and everyday words or places
("Rose", "Marine", "Ange", "Nancy", "Lorraine", "Mai") are not first names here; in lower case
("yassine", not "pierre") a word French knows never is.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path

from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.french_words import is_french_word, is_inflected_form
from collectivia.ai.privacy.lexicon import folded, stop_words, word_set

logger = logging.getLogger(__name__)

_PACKAGE = "prenoms"
_FILES = ("dist.prenoms.f.all.txt", "dist.prenoms.m.all.txt")
# The file's first line gives where its common, uncommon and rare names end, then its size.
_COMMON, _UNCOMMON, _RARE = 0, 1, 2

# The short forms people sign with, which no register lists.
NICKNAMES = word_set(
    """
    Véro Vero Seb Steph Stef Caro Flo Domi Manu Nico Juju Fred Alex Max Sam Mimi Lulu Jojo
    Momo Titi Dédé Babeth Isa Cathy Chris Greg Ben Nath Vivi Gégé Jeannot Pat Phil Gigi Kiki
    Fifi Nono Loulou Cricri Mathou Lolo Doudou Sandy Jérem Jeremy Tonio Toni Tony Béa Bea
    Marco Fanfan Jacquot Pierrot Popol Riton Gaby Zaza Soso Nanou Manou Mumu
    """
)
# Common first names that are also forms of French words ("Germaine", "Régis", "Elias"):
# names first, whatever their case.
_NAMES_BEFORE_WORDS = word_set(
    """
    Elias Germaine Marianne Marina Régis Lise Rosa Tomas Dora Colas Émilienne Philippine
    Muguette Florentine Bonnie Donna Lia Mira Tara Matis Alexandrine Benjamine Delia Elia
    Laya Naïs Octavie Perla Rosie Sema Serine Anas Anass Baya Hava Musa Rida Rima Désiré
    Désirée Aimé Aimée Félicité Matisse Satine Collette Servais
    """
)
# Names that are places, months, feasts, titles or figures before they are anyone's first name
# here: "à Nancy", "en Lorraine", "France Travail", "en Mai", "Molière". Everyday nouns ("Rose",
# "Marine", "Ange") are names when capitalised outside a noun's position (after "la", "une":
# ``after_determiner``), and never in lower case.
_NOT_FIRST_NAMES = frozenset(
    folded(word)
    for word in word_set(
        """
        Paris France Nancy Lorraine Alsace Lourdes Venise Valence Vienne Orange Chine
        Argentine Toscane Mali Sahel Boston Brooklyn Jersey Dakota Médina Metz Moselle
        Marly Cora Engie Mercedes Automne Nemo
        Mai Avril Juin Août Janvier Noël Pâques Toussaint Ascension Assomption
        Sultan Prince Princesse Reine Roi Pape Papa Maman Nana Baba Bibi Boubou Lady Queen
        Christ Messie Islam Ramadan Saint Sainte Trinité Amour Espoir Liberté
        Molière Voltaire Napoléon Socrate Aristote Homère Danton Hoche Newton Moïse
        Lancelot Merlin Junior Silver Rock Jazz Ocean
        Don Dona Le La Les Van Ben Si Ma Mi Pa Lee Can Chan Li Lin Jan Ion Ray Ken Tan Sid Bob
        """
    )
)
_lock = threading.Lock()
_tiers: dict[str, int] | None = None
_HAND = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES | NICKNAMES | _NAMES_BEFORE_WORDS)


def _data_folder() -> Path | None:
    spec = importlib.util.find_spec(_PACKAGE)  # found, not imported
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) / "data" if locations else None


def _read() -> dict[str, int]:
    folder = _data_folder()
    tiers: dict[str, int] = {}
    if folder is None or not all((folder / name).is_file() for name in _FILES):
        logger.warning("no INSEE first names (package %s): the hand-made lists only", _PACKAGE)
        return tiers
    for name in _FILES:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        cuts = [int(cut) for cut in lines[0].split()]
        for rank, first_name in enumerate(lines[1].split(",")):
            if not first_name or rank >= cuts[_RARE]:
                continue
            tier = next(t for t in (_COMMON, _UNCOMMON, _RARE) if rank < cuts[t])
            key = folded(first_name)
            tiers[key] = min(tier, tiers.get(key, _RARE))
    return tiers


def insee_tiers() -> dict[str, int]:
    """Each folded INSEE first name, with how common it is (0 common, 1 uncommon, 2 rare)."""
    global _tiers
    tiers = _tiers
    if tiers is None:
        with _lock:
            tiers = _tiers
            if tiers is None:
                tiers = _tiers = _read()
    return tiers


def listed_by_insee(word: str) -> bool:
    """Whether INSEE lists ``word`` as a first name, in any case, accents or not ("Gaël",
    "GAEL"), a word of French or not ("Rose")."""
    return folded(word) in insee_tiers()


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name written as one ("Kévin", "KÉVIN", "yassine", "Véro").

    Capitalised, a name INSEE lists, unless it is an everyday word or a place; a rare one
    that French knows ("Cerise", "Dune") is left out too. In lower case, never a word French
    knows ("pierre", "marine", "rose"). Compound names count by their parts ("Jean-Luc").
    """
    parts = word.split("-")
    if len(parts) > 1:
        return all(is_first_name(part) for part in parts if part)
    key = folded(word)
    if len(key) < 2 or key in _NOT_FIRST_NAMES or key in stop_words():
        return False
    lower = word.islower()
    if key in _HAND:
        return not lower or not is_french_word(word) or key in _LOWER_TRUSTED
    tier = insee_tiers().get(key)
    if tier is None:
        return False
    if lower or tier != _COMMON:
        return not is_french_word(word)
    # "Remise est prévue", "Court", "Neige": a verb, an adjective or a plural of French,
    # capitalised at the start of a sentence, unless people often bear it
    return not is_inflected_form(word)


# Hand-listed first names French knows as words, trusted in lower case all the same (the
# existing rules already took them after "ma fille", "c'est").
_LOWER_TRUSTED = frozenset(
    folded(word) for word in word_set("jade ines inès lea léa emma louise lucas hugo")
)


def is_word_too(word: str) -> bool:
    """Whether a first name is a word of French too, and no hand list vouches for it as a name
    ("Prudence", "Harmonie", "Fortune"; not "Julie", "Pierre")."""
    return folded(word) not in _HAND and is_french_word(word)
