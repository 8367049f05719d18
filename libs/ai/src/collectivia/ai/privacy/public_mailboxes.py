"""The mailboxes of public services, the collectivity's own or any other public body's
(« cimetieres@ville-clermont-ferrand.fr », « etat-civil@orleans-metropole.fr »): a service's
name at a public body's domain is printed on letters and websites, and is no one's personal
data. A person's mailbox there stays personal (« c.vidal@mairie-bourges.fr »): every word of
the mailbox's name must be a word of French and none a first name; without the French forms
(no model package installed), none is exempt."""

from __future__ import annotations

import re

from collectivia.ai.privacy.first_name_lexicon import listed_by_insee
from collectivia.ai.privacy.french_words import french_forms_known, is_french_word
from collectivia.ai.privacy.lexicon import ACRONYMS, folded, word_set
from collectivia.platform.communes import communes_named

# The words public bodies' domains are made of: a commune's, an intercommunality's, a
# department's or the State's (« mairie-cusset.fr », « orleans-metropole.fr », « ac-lyon.fr »),
# or a commune's name alone (« limoges.fr »).
_PUBLIC_BODY_WORDS = word_set(
    """mairie ville commune agglo agglomeration metropole communaute cc departement
    region prefecture gouv caf ameli cpam msa ccas cias sdis crous univ universite ac
    francetravail interieur justice chu ars epci sivom sivu smictom sictom"""
)
# Mail providers whose name is also a commune's (« orange.fr » is not Orange's town hall).
_MAIL_PROVIDERS = word_set("orange wanadoo free sfr neuf laposte bbox numericable")
_DOMAIN_WORD = re.compile(r"[^\W\d_]+")
_MAILBOX_WORD = re.compile(r"[^\W_]+")


def is_public_service_mailbox(email: str) -> bool:
    local, _, domain = email.rpartition("@")
    if not _public_body_domain(domain):
        return False
    words = _MAILBOX_WORD.findall(folded(local))
    return bool(words) and french_forms_known() and all(map(_service_word, words))


def _public_body_domain(domain: str) -> bool:
    words = _DOMAIN_WORD.findall(folded(domain))
    first_label = folded(domain.split(".", 1)[0])
    if first_label in _MAIL_PROVIDERS:
        return False
    return any(word in _PUBLIC_BODY_WORDS for word in words) or bool(
        communes_named(first_label.replace("-", " "))
    )


# Services' short words (« pref-naturalisations@ », « support.dsi@ »).
# (« pm », « cni » and the like are the lexicon's acronyms already)
_SERVICE_SHORT_WORDS = word_set("pref dgs dgst dsi drh rh dst st")


def _service_word(word: str) -> bool:
    """« urbanisme », « civil », « ccas », « etatcivil » (two glued); not « s », « sophie »,
    « vidal », « jb63 »."""
    if word in ACRONYMS or word in _SERVICE_SHORT_WORDS:
        return True
    if _french_word(word):
        return True
    # glued words, of four letters or more, none opening with a first name (« pierrerose »)
    if any(listed_by_insee(word[:end]) for end in range(3, len(word))):
        return False
    return any(
        _french_word(word[:cut]) and _french_word(word[cut:]) for cut in range(4, len(word) - 3)
    )


def _french_word(word: str) -> bool:
    return len(word) > 2 and word.isalpha() and is_french_word(word) and not listed_by_insee(word)
