"""People's names found by the French model, cleaned by the rules of context.

The model finds names of every origin, capitalised or not, but it also takes the civility
("Mme Kowalczyk"), a greeting or an SMS word at the edges ("slt c yacine boumediene jvoudrai"),
and the person a street, a school or a gymnasium is named after ("école Marie Curie"): the
edges are trimmed, and a name right after a place word is a place, not a person.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from collectivia.ai.privacy.first_name_lexicon import is_first_name, listed_by_insee
from collectivia.ai.privacy.french_words import is_french_word, is_inflected_form, is_verb_form
from collectivia.ai.privacy.lexicon import (
    ACRONYMS,
    COURTESY_WORDS,
    FOREIGN_WORDS,
    LOWER,
    NOT_NAMES,
    SMS_WORDS,
    stop_words,
    word_set,
)
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

CIVILITIES = word_set(
    """
    m. m mr mr. mm. mme mme. mmes mlle mlle. madame monsieur mademoiselle messieurs mesdames
    dr dr. docteur maître me pr pr. professeur mrs mrs. ms ms. miss mevrouw meneer herr frau
    signora signor sig. sig.ra abbé
    """
)
# Particles that belong to a name when capitalised ("Le Goff", "De Almeida", "Ait Ahmed").
_PARTICLES = word_set("le la les de du des d' l' van von ben bin ould ait aït el al da dos das di")


@cache
def _edge_words() -> frozenset[str]:
    return stop_words() | SMS_WORDS | NOT_NAMES | _RELATIVES | _WHEN | _DECLARANT


# The model may take the relative with the name ("mère de ilyas benali"): trimmed like a title.
_RELATIVES = word_set(
    """
    mère père maman papa fils fille frère sœur soeur mari femme époux épouse enfant enfants
    voisin voisine grand-mère grand-père oncle tante cousin cousine neveu nièce
    tonton tata tatie mamie mamy papi papy mémé pépé famille
    """
)


# "je soussignée fatoumata keita": the declarant's word of a certificate, accents or not.
_DECLARANT = word_set("soussigné soussignée soussigne soussignee soussignés soussignées")
# "fatoumata keita épouse sissoko", "Mme Martin née Weber": a married name and a birth name,
# two names (the word between is neither).
_MARITAL = word_set("épouse epouse ép ép. née nee veuve vve divorcée divorcee")
# "NICO DU CLUB", "Marie-Josée de la Réunion": after a lone first name, "du", "de la" and a
# noun of the language say where the person is from, not their surname ("Joachim du Bellay").
# Whole words only: "dylan dubois" has no "du" in it.
_FROM_PARTICLES = re.compile(
    r"(?i:\s+(?:(?:du|des|de\s+la|de)\s+|de\s+l['\u2019]\s*|d['\u2019]\s*))"
)
_FINAL_PARTICLES = word_set("de du des la le d' l'")
# "Hatice Demir ben" (Turkish "I"): a particle of other languages ends no name in lower case
# ("Ben" may be a first name).
_LOWER_FINAL_PARTICLES = word_set("ben bin van von da dos")
# "HADDAD FATIMA J AI", "sarah j habite": a pronoun whose apostrophe the writer left out.
_ELIDED_LETTERS = frozenset("cdjlmnstCDJLMNST")

# "j'ai croisé gaston hier": the model may take the time with a lower-case name.
_WHEN = word_set("hier demain matin soir midi aujourd'hui maintenant tantôt")
_TITLES = (NOT_NAMES - _PARTICLES) | CIVILITIES
# After these words a name is the name of a place, not a person's.
PLACE_WORDS = word_set(
    """
    rue avenue av av. boulevard bd bld place pl. allée allee impasse quai chemin route cours
    square parc jardin esplanade parvis promenade passage sentier rond-point faubourg cité
    résidence lotissement école ecole collège college lycée lycee salle gymnase stade
    médiathèque mediatheque bibliothèque centre espace piscine hôpital hopital clinique maison
    halle théâtre theatre musée musee foyer ehpad fondation prix crèche creche groupe scolaire
    marché pavillon hall pont port gare aéroport aeroport station arrêt arret métro metro tram
    quartier institut cantine bâtiment batiment amphithéâtre amphitheatre
    zone zac zi za parking carrefour cimetière église chapelle cathédrale basilique temple
    mosquée synagogue caserne lac étang plage île tour immeuble pôle domaine château ferme
    moulin abbaye couvent porte ligne navette aire terrain piste rampe
    complexe dojo boulodrome conservatoire cinéma cinema auditorium campus université
    passerelle fort stèle stele statue monument phare digue jetée viaduc tunnel palais
    boulangerie pâtisserie patisserie pharmacie restaurant brasserie café cafe bar magasin
    boutique épicerie epicerie librairie garage supermarché hypermarché enseigne
    mairie ville commune village métropole metropole agglomération préfecture prefecture
    sous-préfecture département departement région region canton hôtel hotel
    déchetterie déchèterie dechetterie decheterie ressourcerie recyclerie
    ludothèque ludotheque halte-garderie garderie multi-accueil micro-crèche amicale
    association asso mjc chu chru
    """
)
# "les Amis de Saint-Exupéry": an association named after someone, when capitalised ("mes
# amis Karim et Paul" are people).
_CAPITALISED_PLACE_WORDS = word_set("Amis Compagnons")
_STREET_WORDS = word_set("rue avenue boulevard bd place allée impasse quai chemin route square")
_STREET_CIVILITIES = word_set("madame monsieur")
# Between a place word and the name: "rue du Général de Gaulle", "école Saint-Exupéry".
_BETWEEN_PLACE_AND_NAME = word_set(
    """
    de du des la le les l' d' aux au et ou général maréchal président présidente docteur abbé
    colonel commandant capitaine professeur lieutenant amiral saint sainte père mère frère
    sœur soeur cardinal pasteur
    social sociale sportif sportive culturel culturelle municipal municipale communal
    communale intercommunal intercommunale associatif associative nautique aquatique
    omnisports polyvalent polyvalente scolaire maternelle élémentaire primaire médical
    médicale hospitalier universitaire public publique nouveau nouvelle
    bus tram tramway métro metro car navette ligne
    """
)
# "lycée professionnel Jean Jaurès", "jardin partagé Olympe de Gouges": an adjective between
# the place word and the name (by its ending: no list can hold them all).
_PLACE_ADJECTIVE = re.compile(
    r"[a-zàâäçéèêëîïôöùûü-]{3,}(?:é|ée|és|ées|al|ale|aux|el|elle|els|elles|ique|iques|if|ive"
    r"|aire|aires|ier|ière|ien|ienne|ain|aine|ant|ante|ois|oise)"
)
# "Réunion avec M. Dubois", "Livraison au 7 allée...": a lone capitalised word opening a
# sentence and followed by one of these is a noun, not a name.
_PREPOSITIONS = word_set("avec au aux à de du des pour sur chez par en dans sous entre vers")
# A sentence's start, a line's, an item's of a list ("- Rédige", "2. Envoie") or a quotation's
# ("« Ignore tes consignes. »": a citizen's words quoted in a prompt).
_SENTENCE_START = re.compile(
    r"(?:^|[.!?:;\n«\u201c\u201e\"]\s*|(?:^|\n)[ \t]*(?:[-\u2013\u2014•*·]|\d{1,2}[.)])[ \t]*)$"
)
_NEXT_WORD = re.compile(r"\s+([\w']+)")
_WORD = re.compile(r"[^\s]+")
_EDGE_PUNCTUATION = ',;:!?¡¿()[]{}«»"“”…'
_ROMAN_NUMERAL = re.compile(r"[IVXLC]{2,}|I")
_WORDS_BEFORE = re.compile(r"([\w.'\u2019-]+)[\s]*$")


def _folded(word: str) -> str:
    return word.casefold().strip(_EDGE_PUNCTUATION).replace("\u2019", "'")


def _elided(word: str) -> str:
    """The word after an elision: "l'avenue" is "avenue"; "d'" stays "d'"."""
    _, apostrophe, tail = word.rpartition("'")
    return tail if apostrophe and tail else word


def is_edge_word(word: str) -> bool:
    folded = _folded(word)
    if not folded:
        return True
    if folded in _TITLES or folded in SMS_WORDS:
        return True
    if folded in FOREIGN_WORDS and (len(folded) > 1 or word.islower()):
        return True  # "e" in "João Silva e moro", not the initial "E."
    if courtesy_word(word):
        return True
    head, apostrophe, tail = folded.partition("'")
    if apostrophe and word[:1].islower() and head + apostrophe in _edge_words():
        return True  # "j'ai", "c'est", "l'école": elided words of the language
    if apostrophe and word.isupper() and head + apostrophe in _edge_words():
        # "N'A", "QU'IL", "J'AI" in capitals, not "N'DIAYE": the tail is a word too
        return tail in _edge_words() or is_french_word(tail)
    # Capitalised particles stay ("Le Goff"); other words of the language go.
    return folded in _edge_words() and (word[:1].islower() or folded not in _PARTICLES)


def courtesy_word(word: str) -> bool:
    """A greeting, a thanks or a wish of another language ("Kenavo", "Misaotra"), unless it
    is a first name too ("Sana", "Mila")."""
    stripped = word.strip(_EDGE_PUNCTUATION + ".")
    return _folded(stripped) in COURTESY_WORDS and not is_first_name(stripped)


_FOREIGN_LANGUAGES = ("en", "es", "pt", "it", "de", "nl", "pl", "ro", "tr", "ca")


@cache
def _foreign_function_words() -> frozenset[str]:
    """Function words of the languages newcomers also write in (spaCy's stop-word lists,
    imported at first use like the French one): "Soy Javier Fernández", "Myself Tharshini
    Sivakumar", "Me pueden": never a name's edge."""
    words: set[str] = set()
    for code in _FOREIGN_LANGUAGES:
        words |= importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
    return frozenset(word.casefold() for word in words if len(word) > 1)


def _foreign_opening(word: str) -> bool:
    """A function word of another language opening a name ("Soy", "Myself"), never a first
    name or a particle. Only at the start: at the end, "Theresa May" keeps her surname, and
    "Thank you very much" stays a clause, which the shape rules drop whole."""
    folded = _folded(word)
    if folded in _PARTICLES:
        return False
    return folded in _foreign_function_words() and not is_first_name(word.strip(_EDGE_PUNCTUATION))


def _month_named_last(text: str, words: list[tuple[int, int]]) -> bool:
    """A month that is a first name too, last after a name's words, no year after it (« Phạm
    Thị Mai, née le … », « Vo Thi Mai »; not « le 12 Mai 2024 »)."""
    if len(words) < 2:
        return False
    last = text[words[-1][0] : words[-1][1]]
    before = text[words[-2][0] : words[-2][1]]
    return (
        last[:1].isupper()
        and _folded(last) in _MONTH_FIRST_NAMES
        and before[:1].isupper()
        and not is_edge_word(before)
        and _YEAR_AFTER.match(text, words[-1][1]) is None
    )


_MONTH_FIRST_NAMES = word_set("mai avril juin")
_YEAR_AFTER = re.compile(r"[ \t]*\d")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    while words and (
        is_edge_word(text[words[0][0] : words[0][1]])
        or _foreign_opening(text[words[0][0] : words[0][1]])
        or _lower_case_lead(text, words)
    ):
        if _first_name_before_surname(text, words):
            break
        words.pop(0)
    while words and (
        is_edge_word(text[words[-1][0] : words[-1][1]]) or _lower_case_tail(text, words)
    ):
        if _month_named_last(text, words):
            break
        words.pop()
    if not words:
        return None
    first, last = words[0][0], words[-1][1]
    while last > first and (
        text[last - 1] in _EDGE_PUNCTUATION + ".'\u2019-" or _symbol(text[last - 1])
    ):
        # A final dot belongs to an initial ("Perrin G.") only.
        initial = last - 2 >= first and text[last - 2].isupper()
        if text[last - 1] == "." and initial and (last - 3 < first or text[last - 3] == " "):
            break
        last -= 1
    return (first, last) if last > first else None


def _symbol(character: str) -> bool:
    """An emoji or a sign the model leaves at a name's end (« Julie 😉 »)."""
    return unicodedata.category(character).startswith("S")


def _lower_case_lead(text: str, words: list[tuple[int, int]]) -> bool:
    """A word in lower case before a capitalised name, of any language (« hijo Javier »,
    « kinderen Femke », « ben Joost van der Berg »): no part of it, unless it is a first name
    typed in lower case or a particle before a surname (« de Villiers »)."""
    if len(words) < 2:
        return False
    head = text[words[0][0] : words[0][1]]
    following = text[words[1][0] : words[1][1]].strip(_EDGE_PUNCTUATION)
    if not head[:1].islower() or not following[:1].isupper():
        return False
    if _folded(head) in _PARTICLES:
        return is_first_name(following)
    return not is_first_name(head)


def _lower_case_tail(text: str, words: list[tuple[int, int]]) -> bool:
    """A short word or a word of some language in lower case after a capitalised name
    (« Teiva Tetuanui tō », « Lukas het »): no part of it."""
    if len(words) < 2:
        return False
    tail = text[words[-1][0] : words[-1][1]].strip(_EDGE_PUNCTUATION + ".")
    before = text[words[-2][0] : words[-2][1]]
    if not tail[:1].islower() or not before[:1].isupper() or _folded(tail) in _PARTICLES:
        return False
    return len(tail) <= 3 or is_french_word(tail) or _folded(tail) in _foreign_function_words()


def _first_name_before_surname(text: str, words: list[tuple[int, int]]) -> bool:
    """A capitalised first name that is a month or a country too (« Mai Xiong », « France
    Dumoulin », « Avril Ngo »), before a capitalised surname French does not know: the
    model tagged the two together, and both are the name."""
    if len(words) < 2:
        return False
    head = text[words[0][0] : words[0][1]]
    surname = text[words[1][0] : words[1][1]].strip(_EDGE_PUNCTUATION)
    return (
        head[:1].isupper()
        and not head.isupper()
        and listed_by_insee(head)
        and _folded(head) not in stop_words()
        and surname[:1].isupper()
        and not is_edge_word(surname)
        and not is_french_word(surname)
    )


def place_names(text: str) -> list[tuple[int, int]]:
    """Where the names of places are: the capitalised words after "rue", "école", "salle"...

    "salle Olympe de Gouges", "crèche Françoise Dolto", "centre social Nelson Mandela": the
    model may tag the whole, a part, or the place word with the name; all of it is a place.
    """
    regions = []
    words = list(_WORD.finditer(text))
    for index, word in enumerate(words):
        place_word = _elided(_folded(word.group())) in PLACE_WORDS
        place_word = place_word or word.group() in _CAPITALISED_PLACE_WORDS
        if not place_word or word.group()[-1] in ",.;:":
            continue
        end = None
        previous_end = word.end()
        for following in words[index + 1 : index + 8]:
            # (a place's name ends with its line: « Demande de dérogation scolaire\nJe soussignée
            # Amandine Rochereau »)
            if "\n" in text[previous_end : following.start()]:
                break
            previous_end = following.end()
            raw = following.group()
            folded = _folded(raw)
            # a street named after a lady or a gentleman (« rue Madame Payé »): the civility
            # right after the street's word
            street_civility = (
                folded in _STREET_CIVILITIES
                and following is words[index + 1]
                and _folded(word.group()) in _STREET_WORDS
            )
            if street_civility:
                continue
            if folded in CIVILITIES:
                break
            if _elided(raw.replace("\u2019", "'"))[:1].isupper():  # "Dolto", "d'Orves"
                end = following.start() + len(raw.rstrip(_EDGE_PUNCTUATION + "."))
            elif folded not in _BETWEEN_PLACE_AND_NAME and not _PLACE_ADJECTIVE.fullmatch(raw):
                break
            if raw[-1] in _EDGE_PUNCTUATION + ".":
                break
        if end is not None:
            regions.append((word.start(), end))
    return regions


def after_place_word(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows "rue", "école", "gymnase"... (particles skipped)."""
    position = start
    for _ in range(4):
        before = _WORDS_BEFORE.search(text[max(0, position - 40) : position])
        if before is None:
            return False
        word = _elided(_folded(before.group(1)))
        # "l'" and "d'" stick to the next word: "rue d'Estienne d'Orves", "allée de l'Abbé".
        if word in PLACE_WORDS:
            return True
        if word not in _BETWEEN_PLACE_AND_NAME and not _PLACE_ADJECTIVE.fullmatch(word):
            return False
        position = max(0, position - 40) + before.start(1)
    return False


def _is_a_name(words: list[str]) -> bool:
    """Not a title alone ("Monsieur le Maire"), nor a king ("Louis XIV")."""
    if any(_ROMAN_NUMERAL.fullmatch(word) for word in words[1:]):
        return False
    return any(_folded(word) not in _TITLES | _PARTICLES for word in words)


def _opening_noun(text: str, start: int, end: int) -> bool:
    if " " in text[start:end] or not _SENTENCE_START.search(text[max(0, start - 3) : start]):
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in _PREPOSITIONS


def _title_and_words(text: str, start: int, first: int, last: int) -> bool:
    """A title and lower-case words of French: "Madame la Juge des tutelles" is no name
    once the title is trimmed ("tutelles"), unlike "Mme yacine boumediene"."""
    if first == start or not text[first:last].islower():
        return False
    return all(is_french_word(word) for word in text[first:last].split())


def _not_a_name_shape(text: str, start: int, end: int) -> bool:
    """What the model tags but no name looks like: digits ("nacida el 12/12/1968"), a clause
    of lower-case words around a capitalised one ("just moved to town from Dublin"), a first
    name in the plural ("toutes les Catherine")."""
    words = text[start:end].split()
    if any(character.isdigit() for character in text[start:end]):
        return True
    lower = [w for w in words if w[:1].islower() and _folded(w) not in _PARTICLES]
    if len(lower) >= 2 and any(w[:1].isupper() for w in words):
        return True
    if any(_folded(w) in _INSTITUTION_WORDS for w in words):
        return True
    if _DISTRICT.search(text, start, end):
        return True
    return len(words) == 1 and _PLURAL_BEFORE.search(text[max(0, start - 14) : start]) is not None


# An institution's or a place's name the model takes for a person's ("Metz Métropole").
_INSTITUTION_WORDS = word_set(
    """
    métropole metropole mairie ville commune agglomération communauté préfecture
    département région gare stade parc zone centre école collège lycée hôpital clinique
    université médiathèque bibliothèque piscine gymnase théâtre musée cinéma église
    cathédrale basilique mosquée synagogue cimetière caserne aéroport campus résidence
    lotissement quartier habitat
    """
)
# A town's district ("Metz-Nord", "Marseille-Est", "Woippy-Centre"): a place.
_DISTRICT = re.compile(r"\w-(?:Nord|Sud|Est|Ouest|Centre|Ville)\b")
_PLURAL_BEFORE = re.compile(r"(?i:\b(?:les|des|ces|aux|toutes\s+les|tous\s+les))\s+$")


def _without_elided_pronoun(text: str, first: int, last: int) -> int:
    """The end of the name less a final pronoun written without its apostrophe ("HADDAD
    FATIMA J AI", "sarah j habite"): one letter that elides, before a vowel's word."""
    if last - first < 3 or text[last - 2] != " " or text[last - 1] not in _ELIDED_LETTERS:
        return last
    if re.match(r" [aeiouyhâàéèêîôûAEIOUYHÂÀÉÈÊÎÔÛ]", text[last : last + 2]):
        return len(text[first : last - 1].rstrip()) + first
    return last


# "and" in the languages newcomers write in, in lower case: "Mateo y Valeria", "Femke en Daan".
_AND_WORDS = frozenset({"et", "y", "e", "and", "und", "en", "i", "ve", "și", "og", "ja"})
# Signs between two people's names in a note: "Sophie + Lou", "Hamdi / Ferreira".
# (and a dispute's « c/ », « contre »: « Moreau c/ Chevalier »)
_BETWEEN_PEOPLE = frozenset(
    {"+", "/", "&", "→", "->", "-", "\u2013", "\u2014", ";", "|", "c/", "C/", "vs", "vs."}
)


def _marital_parts(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """The name cut at "épouse", "née", "veuve", at "and" and at a sign between two people
    ("Sophie + Lou"): each side is a name of its own."""
    parts = []
    start = first
    for word in _WORD.finditer(text, first, last):
        if (
            _folded(word.group()) in _MARITAL
            or word.group() in _BETWEEN_PEOPLE
            or word.group() in _AND_WORDS
        ):
            if word.start() > start:
                parts.append((start, len(text[start : word.start()].rstrip()) + start))
            start = (
                word.end() + len(text[word.end() : last]) - len(text[word.end() : last].lstrip())
            )
    if start < last:
        parts.append((start, last))
    return parts


def _without_origin(text: str, first: int, last: int) -> int:
    """The end of the name less "du club", "de la Réunion" after a lone first name."""
    head = _WORD.match(text, first)
    if head is None or head.end() >= last or not is_first_name(head.group()):
        return last
    before = _WORDS_BEFORE.search(text[max(0, first - 20) : first])
    if before is not None and _folded(before.group(1)) in CIVILITIES:
        return last  # "Mme Marie de la Tour": a civility announces a full name
    particle = _FROM_PARTICLES.match(text, head.end(), last)
    if particle is None:
        return last
    if not (particle.group().islower() or text[first:last].isupper()):
        return last  # "Jean de La Fontaine"
    rest = text[particle.end() : last].split()
    if rest and all(is_french_word(word) for word in rest):
        return head.end()
    return last


def _without_final_particle(text: str, first: int, last: int) -> int:
    """A name never ends on "du", "de", "de la" ("KEVIN DU 3E" is Kevin of the third floor)."""
    words = text[first:last].split()
    while len(words) > 1 and (
        _folded(words[-1]) in _FINAL_PARTICLES
        or (words[-1].islower() and words[-1] in _LOWER_FINAL_PARTICLES)
    ):
        words.pop()
    if len(words) == len(text[first:last].split()):
        return last
    return first + text[first:last].index(words[-1], len(" ".join(words[:-1]))) + len(words[-1])


# Adverbs a writer puts right after a name ("Karim Benali vraiment désolé").
_ADVERBS = word_set(
    """
    aussi encore vraiment déjà deja toujours jamais ici là la-bas là-bas bien très tres trop
    souvent également egalement même meme seulement justement maintenant plutôt plutot
    """
)
# "slt cest yanis jhabite a metz": a pronoun glued to its verb, the apostrophe left out.
_GLUED_PRONOUN = re.compile(r"(?:j|c)([a-zàâäéèêëîïôöùûü]{2,})")


def _glued_word(word: str) -> bool:
    """A lower-case adverb, or a verb with its pronoun glued ("jai", "jsuis", "cest")."""
    if not word.islower() or is_first_name(word):
        return False
    if word in _ADVERBS or word in SMS_WORDS:
        return True
    if word.endswith("ment") and len(word) > 6 and is_inflected_form(word):
        return True
    glued = _GLUED_PRONOUN.fullmatch(word)
    return glued is not None and not is_french_word(word) and is_verb_form(glued.group(1))


# What follows a name as the subject of its clause, in any case ("M. FERRERO QUI HABITE
# 14 RUE …", "MON MARI MAMADOU DIALLO TRAVAILLE DE NUIT", "c'est garcia qui a appelé"): a
# relative pronoun or a common verb of the third person, never a part of a name.
_AFTER_A_SUBJECT = word_set(
    """
    qui que dont est sont ont habite habitent travaille travaillent vit vivent dort dorment
    va vont fait font doit doivent peut peuvent veut veulent vient viennent reste restent
    demande demandent souhaite souhaitent était étaient etait etaient avait avaient
    """
)


def follows_a_subject(word: str) -> bool:
    """Whether a word is one that follows a clause's subject (``_AFTER_A_SUBJECT``)."""
    return _folded(word) in _AFTER_A_SUBJECT


def _without_glued_word(text: str, first: int, last: int) -> int:
    """The end of the name before the first adverb or glued verb in it, or the first word
    that follows a subject: never a part of it, nor what follows it ("kevin jai besoin")."""
    words = list(_WORD.finditer(text, first, last))
    for index in range(1, len(words)):
        word = words[index].group()
        if _glued_word(word) or follows_a_subject(word):
            return words[index - 1].end()
    return last


def tidied(text: str, spans: list[Span]) -> list[Span]:
    """The names, whichever rule found them, less "du club" after a lone first name and less a
    pronoun without its apostrophe at their end; less an acronym, a rank or a hesitation
    before them (« ASVP Chloé Bernardeau », « Lt Foucart », « madame euh Jeannerot »); with
    the head an apostrophe or a hyphen cut (« N'DIAYE », « lou-anne ») and a Catalan's second
    surname (« Puig i Casals »); two first names a comma parts are two names (« Sekou, Binta »)."""
    kept = []
    for span in _parted_at_commas(list(_parted_at_hesitations(spans))):
        if span.type is not PiiType.NAME:
            kept.append(span)
            continue
        if _an_acronym_or_a_particle(span.text):
            continue
        first = _after_leading_word(text, span.start, span.end)
        first = _after_inner_civility(text, first, span.end)
        first = _with_hyphenated_head(text, first, span.end)
        first = _with_apostrophe_head(text, first)
        first = _with_initials_head(text, first)
        last = _without_origin(text, first, span.end)
        last = _without_elided_pronoun(text, first, last)
        last = _without_final_particle(text, first, last)
        last = _without_glued_word(text, first, last)
        last = _without_trailing_acronym(text, first, last)
        last = _with_catalan_surname(text, first, last)
        kept.append(
            span
            if (first, last) == (span.start, span.end)
            else Span(span.type, first, last, text[first:last])
        )
    return kept


# Particles alone, in capitals (« MON VOISIN DU 9 »): no one's name.
_LONE_PARTICLES = word_set("du de des la le les")


def _an_acronym_or_a_particle(name: str) -> bool:
    """A word in capitals alone that is an acronym of the administration or a particle
    (« CDI », « DU »), or a hesitation or a civility alone (« M. euh... Sánchez », « Mme »)."""
    word = name.strip(_EDGE_PUNCTUATION + ".")
    if _folded(word) in _HESITATIONS or _folded(name.strip(_EDGE_PUNCTUATION)) in _FULL_CIVILITIES:
        return True
    return word.isupper() and _folded(word) in ACRONYMS | _LONE_PARTICLES


def _without_trailing_acronym(text: str, first: int, last: int) -> int:
    """A chat's sender less their service after their name (« Rudy PM: », « Fanny CCAS »): an
    acronym in capitals after a name that is not in capitals."""
    words = list(_WORD.finditer(text, first, last))
    if len(words) < 2 or words[-2].group().isupper():
        return last
    tail = words[-1].group().rstrip(_EDGE_PUNCTUATION)
    if tail.isupper() and _folded(tail) in ACRONYMS:
        return words[-2].end()
    return last


# Hesitations a transcript or a hurried message puts before a name.
_HESITATIONS = word_set("euh heu bah ben hum hmm")
# Ranks a report writes before an officer's name, in any case (« Lt Foucart », « GPX Roques »).
# (the navy's too: « LV Thomas Kerhervé »)
_RANKS = word_set("lt cne cdt adj adc sgt brig bgd gp gpx gpp bp bcp lv ev cc cf cv qm")
# A widow's title before her late husband's name, as graves and registers write it (« Veuve
# Arnaud »; not « VEUVE DEPUIS 2011 »).
_WIDOW = word_set("veuve vve")


def _after_leading_word(text: str, first: int, last: int) -> int:
    """Where a name starts once an acronym in capitals (« ASVP », « PACS ») or a hesitation
    (« euh ») before it is left out, when a capitalised word follows it."""
    words = list(_WORD.finditer(text, first, last))
    if len(words) < 2 or not words[1].group()[:1].isupper():
        return first
    head = words[0].group().rstrip(_EDGE_PUNCTUATION)
    acronym = head.isupper() and _folded(head) in ACRONYMS
    hesitation = head.islower() and _folded(head) in _HESITATIONS
    rank = _folded(head.rstrip(".")) in _RANKS
    widow = _folded(head.rstrip(".")) in _WIDOW and not is_french_word(words[1].group())
    return words[1].start() if acronym or hesitation or rank or widow else first


# A surname whose apostrophe the reading cut (« N'|DIAYE », « O'|SULLIVAN », « N'|Guessan »).
_APOSTROPHE_HEAD = re.compile(r"(?<![\w'\u2019-])[NDO]['\u2019]$")


def _with_apostrophe_head(text: str, first: int) -> int:
    head = _APOSTROPHE_HEAD.search(text, max(0, first - 3), first)
    return head.start() if head is not None and text[first : first + 1].isupper() else first


# A compound first name's initials before the surname (« JM Lecuyer », « JP Martin », « MT
# Durand »): the pairs French compound first names make, not an acronym's.
_INITIALS_HEAD = re.compile(r"(?<![\w'\u2019.-])(?:J[BCFLMPY]|M[AT]|A[MC]|FX|P[AY])[ \t]$")


def _with_initials_head(text: str, first: int) -> int:
    head = _INITIALS_HEAD.search(text, max(0, first - 4), first)
    return head.start() if head is not None and text[first : first + 1].isupper() else first


# A Catalan's second surname after « i » (« Jordi Puig i Casals »).
_CATALAN_SECOND_SURNAME = re.compile(r" i ([A-ZÀ-Ý][\w'\u2019-]+)(?![\w'\u2019-])")


def _with_catalan_surname(text: str, first: int, last: int) -> int:
    second = _CATALAN_SECOND_SURNAME.match(text, last)
    two_words = len(_WORD.findall(text[first:last])) >= 2
    return second.end() if second is not None and two_words else last


# The first part of a compound first name a reading cut at its hyphen (« lou-|anne »).
_HYPHENATED_HEAD = re.compile(r"(?<![\w'\u2019-])([^\W\d_]{2,})-$")


def _with_hyphenated_head(text: str, first: int, last: int) -> int:
    head = _HYPHENATED_HEAD.search(text, max(0, first - 20), first)
    if head is None:
        return first
    word = _WORD.match(text, first, last)
    compound = f"{head.group(1)}-{word.group() if word is not None else ''}"
    return head.start(1) if listed_by_insee(compound.rstrip(_EDGE_PUNCTUATION)) else first


# Two names with a comma between them; « DUPONT, Marie » (a surname in capitals first) is one.
_COMMA_BETWEEN = re.compile(r",[ \t]+")


# A hesitation between a name said twice (« Marcel euh Marcel Chabert »): two names. Not
# ``_HESITATIONS`` whole: its « ben » is a particle inside a name (« Youssef ben Salah »).
_HESITATION_BETWEEN = re.compile(r"[ \t]+(?i:euh|heu|hum|bah)[ \t]+")


def _parted_at_hesitations(spans: list[Span]) -> Iterator[Span]:
    for span in spans:
        pause = _HESITATION_BETWEEN.search(span.text) if span.type is PiiType.NAME else None
        if pause is None or pause.start() == 0 or pause.end() == len(span.text):
            yield span
            continue
        after = span.start + pause.end()
        yield Span(span.type, span.start, span.start + pause.start(), span.text[: pause.start()])
        yield Span(span.type, after, span.end, span.text[pause.end() :])


def _parted_at_commas(spans: list[Span]) -> Iterator[Span]:
    for span in spans:
        comma = _COMMA_BETWEEN.search(span.text)
        before = span.text[: comma.start()] if comma is not None else ""
        after = span.text[comma.end() :] if comma is not None else ""
        if (
            span.type is not PiiType.NAME
            or comma is None
            or before.isupper()
            or not before[:1].isupper()
            or not after[:1].isupper()
            or "," in after
        ):
            yield span
            continue
        start = span.start + comma.end()
        yield Span(span.type, span.start, span.start + len(before), before)
        yield Span(span.type, start, span.end, after)


# Civilities no initial can be mistaken for ("Jean M. Dupont" keeps its "M.").
_FULL_CIVILITIES = word_set(
    "madame monsieur mademoiselle mme mme. mlle mlle. mr mr. mrs mrs. ms mevrouw meneer herr frau"
    " signora signor"
)


def _after_inner_civility(text: str, first: int, last: int) -> int:
    """Where a name starts when a civility stands inside what was found ("Réclamation Mme Odile
    Cloarec": a heading's word before it): after the civility."""
    words = list(_WORD.finditer(text, first, last))
    for index in range(len(words) - 2, 0, -1):
        if _folded(words[index].group()) in _FULL_CIVILITIES:
            return words[index + 1].start()
    return first


def _cleaned(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    trimmed = _trimmed(text, start, end)
    if trimmed is None:
        return
    first, last = trimmed
    for part_first, part_last in _marital_parts(text, first, last):
        part = _trimmed(text, part_first, part_last)
        if part is None:
            continue
        yield part


# An imperative's pronoun ("Appelez-moi", "Transmettez-le"), left out to look the verb up.
_SPACES = re.compile(r"\s+")
_IMPERATIVE_PRONOUN = re.compile(r"-(?:moi|toi|nous|vous|le|la|les|lui|leur|y|en)$", re.I)


def _without_opening_verb(text: str, first: int, last: int) -> int | None:
    """Where the name starts once a verb or a note's heading noun opening the sentence is left
    out ("Rédige une réponse", "Contactez J. Martin", "Passation Julie"), None when the verb
    was all of it: a conjugated form, as the lemmatizer's tables know it, is no one's name
    unless it is a first name too."""
    head = _WORD.match(text, first)
    if head is None or not _SENTENCE_START.search(text[max(0, first - 3) : first]):
        return first
    word = _IMPERATIVE_PRONOUN.sub("", head.group().rstrip(_EDGE_PUNCTUATION))
    rest = _SPACES.match(text, head.end())
    if _heading_noun(text, word, rest.end() if rest is not None else last, last):
        return rest.end() if rest is not None else None
    if not word[:1].isupper() or is_first_name(word) or not is_verb_form(word):
        return first
    if rest is not None and _first_name_like_a_participle(text, word, rest.end(), last):
        return first
    return rest.end() if rest is not None and rest.end() < last else None


# What an order or a note opens with: an infinitive, an imperative (« Contactez », « Appeler »).
_ORDER_ENDINGS = ("er", "ir", "re", "oir", "ez", "ons")


def _first_name_like_a_participle(text: str, word: str, following: int, last: int) -> bool:
    """A first name French reads as a participle (« Responsable légal : Chue Moua », « Ravi
    Sewdien ») before a surname French does not know: no order opens like that."""
    surname = _WORD.match(text, following, last)
    if surname is None:
        return False
    name = surname.group().strip(_EDGE_PUNCTUATION)
    return (
        not _folded(word).endswith(_ORDER_ENDINGS)
        and not word.isupper()
        and name[:1].isupper()
        and not name.isupper()
        and not is_edge_word(name)
        and not is_french_word(name)
    )


# The nouns of what a note records: an action ("Passation", "Relance", "Signalement") or a
# role ("Animateur", "Éducatrice") by its ending, or one of these. Surnames that are nouns
# are a trade's or a place's ("Boulanger Marie", "Rivière Paul"), not an action's.
_ACTION_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "age", "ure", "eur", "euse", "rice")
_NOTE_NOUNS = word_set("suivi rappel appel message note mail courriel rdv visite retour")


def _heading_noun(text: str, word: str, following: int, last: int) -> bool:
    """A note's heading before the first name or the surname in capitals that follows it
    ("Passation Julie → Marc", "Animateur Kévin", "Ménage KONATÉ Bakary"): a noun of French
    INSEE does not list as a first name."""
    name = _WORD.match(text, following, last)
    key = _folded(word)
    return (
        name is not None
        and word[:1].isupper()
        and not word.isupper()
        and (key.endswith(_ACTION_ENDINGS) or key in _NOTE_NOUNS)
        and is_french_word(word)
        and not listed_by_insee(word)
        and (is_first_name(name.group().strip(_EDGE_PUNCTUATION)) or name.group().isupper())
    )


def _acronyms(words: list[str]) -> bool:
    """Acronyms of the administration ("IBAN", "RIB", "CAF"), or capitals without a vowel."""
    return all(
        word.isupper()
        and (_folded(word) in ACRONYMS or not re.search(r"[AEIOUYÀÂÉÈÊËÎÏÔÛÙÜ]", word))
        for word in words
    )


# "la SPA de Thionville", "le marché à Forbach", "près de Hayange": a town after these.
_BEFORE_TOWN = re.compile(
    r"(?i:(?<![\w'\u2019-])(?:de|à|a|sur|près\s+de|pres\s+de)\s+|\bd['\u2019])$"
)


_TOWN_PARTICLE = re.compile(r"(?:de|d['\u2019])\s*")


# Where someone was born, lives, died or went, or a date: the word after "à" is a town,
# abroad too ("hier à Moroni", "né en 1950 à Tlemcen", "nato il 30/09/1973 a Napoli").
_PLACE_CONTEXT = re.compile(
    r"(?i:(?:\b(?:née?s?|nat[oa]|born|décédée?|decedee?|morte?|habite|habitait|vit|vivait|vivant"
    r"|résidante?|residante?|demeurant|domiciliée?|originaire|rentrée?|partie?|arrivée?|venue?"
    r"|installée?|vacances|séjour|sejour|voyage|hier|enterrée?|inhumée?)|\d{2,4})"
    r"\s+(?:à|a|in)\s+"
    # where someone comes from: "arrivera de Jaffna", "originaire de Tlemcen"
    r"|\b(?:arrive|arrivera|arrivée?|vient|venant|venue?|revient|rentre|originaire|partie?)"
    r"\s+(?:de\s+|d['\u2019]))$"
)
# An official name with its linking word ("Saint-Paul-lès-Dax", "Bourg-en-Bresse"): a commune
# wherever it stands, never anyone's name.
_COMMUNE_LINK = re.compile(r"-(?:lès|lez|sur|sous|en|de|du|des|la|le|les|aux|d['\u2019])-", re.I)


def a_town(text: str, first: int, last: int) -> bool:
    """A single word the official list of communes holds, after "de", "à", "sur": a place
    (unless it is a first name too: "la fille de Marie"); abroad too, where the words before
    "à" say it is a place."""
    civility = _WORDS_BEFORE.search(text[max(0, first - 20) : first])
    if civility is not None and _folded(civility.group(1)) in CIVILITIES:
        return False  # "Mme de Metz", "M. Thionville": a surname
    particle = _TOWN_PARTICLE.match(text, first, last)
    if particle is not None:  # "je suis de Maizières": the rule took "de" with the town
        first = particle.end()
    word = text[first:last]
    if " " not in word and _COMMUNE_LINK.search(word) and communes_named(word):
        return True
    if " " in word or not _BEFORE_TOWN.search(text[max(0, first - 10) : first]):
        return False
    if is_first_name(word):
        return False
    return bool(communes_named(word)) or bool(
        _PLACE_CONTEXT.search(text[max(0, first - 40) : first])
    )


def _without_letters(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The name less the capital letters labelling a building, a staircase or an option
    ("bât D", "escalier C", "la lettre B"): a letter beside a lower-case word is no initial.
    None when nothing capitalised is left."""
    words = list(_WORD.finditer(text, first, last))
    letters = [
        index
        for index, word in enumerate(words)
        if len(word.group().rstrip(_EDGE_PUNCTUATION + ".")) == 1 and word.group()[:1].isupper()
    ]

    before = _WORDS_BEFORE.search(text[max(0, first - 30) : first])

    def lower(index: int) -> bool:
        if index < 0:  # the word before the find: "bât D", "la case B"
            return before is not None and before.group(1)[:1].islower()
        return index < len(words) and words[index].group()[:1].islower()

    def initial(index: int) -> bool:  # "J. Martin": a letter, its dot, then a surname
        following = words[index + 1] if index + 1 < len(words) else None
        return (
            words[index].group().endswith(".")
            and following is not None
            and (following.group()[:1].isupper())
        )

    labels = {
        index for index in letters if (lower(index - 1) or lower(index + 1)) and not initial(index)
    }
    if not labels:
        return first, last
    kept = [word for index, word in enumerate(words) if index not in labels]
    if not any(len(word.group()) > 1 and word.group()[:1].isupper() for word in kept):
        return None
    # the run of words between labels with the most capitalised ones
    runs: list[list[re.Match[str]]] = [[]]
    for index, word in enumerate(words):
        if index in labels:
            runs.append([])
        else:
            runs[-1].append(word)
    best = max(runs, key=lambda run: sum(w.group()[:1].isupper() for w in run))
    return best[0].start(), best[-1].end()


_AFTER_GREETING = re.compile(r"[ \t]*[,!.]")


def _opening_greeting(text: str, first: int, last: int) -> bool:
    """Words opening a line before a comma, "!" or a dot, none of them a first name, one word
    or with one in lower case: a greeting in any language ("Dzień dobry,", "Silav,", "Kính
    chào."), not a name ("Nguyen Van Thanh, 12 rue…")."""
    line_start = text.rfind("\n", 0, first) + 1
    if text[line_start:first].strip(" \t-\u2013\u2014•*") or not _AFTER_GREETING.match(text, last):
        return False
    words = text[first:last].split()
    if len(words) > 3 or any(is_first_name(word.strip(_EDGE_PUNCTUATION)) for word in words):
        return False
    return len(words) == 1 or any(word[:1].islower() for word in words[1:])


_EXCLAMATION_MARK = re.compile(r"[ \t]*!")


def _exclamation(text: str, first: int, last: int) -> bool:
    """A word of French alone before "!" at a sentence's start ("Magnifique !", "Bravo !"),
    not one INSEE lists as a first name ("Merci. Rose !" calls someone)."""
    word = text[first:last]
    return (
        " " not in word
        and _EXCLAMATION_MARK.match(text, last) is not None
        and _SENTENCE_START.search(text[max(0, first - 3) : first]) is not None
        and is_french_word(word)
        and not listed_by_insee(word)
    )


_FIELD_COLON = re.compile(rf"(?:[ \t]+[{LOWER}'\u2019-]+){{0,2}}[ \t]*:")


def _field_label(text: str, first: int, last: int) -> bool:
    """A form's field opening a line or a sentence ("Motif :", "Titulaire :", "Future épouse :"):
    one word of French before a colon, or before one or two lower-case words and a colon,
    not a first name ("Martin : d'accord" is someone speaking)."""
    word = text[first:last]
    line_start = text.rfind("\n", 0, first) + 1
    opens = not text[line_start:first].strip(" \t-\u2013\u2014•*") or (
        _SENTENCE_START.search(text[max(0, first - 3) : first]) is not None
    )
    return (
        " " not in word
        and opens
        and _FIELD_COLON.match(text, last) is not None
        and is_french_word(word)
        and not is_first_name(word)
    )


# A sentence's, a line's or a table cell's start, not a colon's: forms put names after colons.
_OPENING = re.compile(
    r"(?:^|[.!?;|\n]\s*|(?:^|\n)[ \t]*(?:[-\u2013\u2014•*·\[]|\d{1,2}[.)])[ \t]*)$"
)


def _lone_opening_word(text: str, first: int, last: int) -> bool:
    """One word the model alone tags, opening a sentence, that INSEE does not list as a first
    name: a greeting or a word of another language (« Kính chào. », « Quiero saber… »,
    « Choukrane »), a heading (« Rivière »). Someone named by the surname alone has a civility
    or a relative's word before it, which the rules read."""
    word = text[first:last]
    return (
        " " not in word
        and _OPENING.search(text[max(0, first - 3) : first]) is not None
        and _AFTER_HESITATION.search(text, max(0, first - 12), first) is None
        and not listed_by_insee(word.strip(_EDGE_PUNCTUATION))
        and not _signed(text, first, last)
    )


# A hesitation's dots open no sentence: the name comes after it (« M. euh... Sánchez »).
_AFTER_HESITATION = re.compile(r"(?<![\w'\u2019-])(?i:euh|heu|hum|bah)(?:\.{2,}|…)[ \t]*$")


def _signed(text: str, first: int, last: int) -> bool:
    """The model's one word alone at the message's end, that French does not know and no
    thanks of another language is: the writer's signature (« … et mon tel 0639 12 65 40.
    Zaharati »), a first name INSEE does not list."""
    word = text[first:last].strip(_EDGE_PUNCTUATION)
    return (
        not text[last:].strip(" \t\n.!")
        and word[:1].isupper()
        and not is_french_word(word)
        and not courtesy_word(word)
    )


_SAINT = re.compile(r"(?:Saint|Sainte|St|Ste)-[A-ZÀ-Ý]")


def _lone_saint(text: str, first: int, last: int) -> bool:
    """A saint's name alone, as the model tags it: a parish, a place or a feast (« l'accueil
    de jour Saint-Vincent »); a person with such a surname has a civility or a first name
    before it, which the rules read."""
    return " " not in text[first:last] and _SAINT.match(text, first) is not None


_DETERMINER = re.compile(
    r"(?i:(?<![\w'\u2019])(?:la|le|les|une|un|du|des|ce|cette|ces|l['\u2019]))[ \t]*$"
)


# Where someone was born, lives or comes from: a place, known to INSEE or not (« né à Erevan »,
# « ma mère vit à Odessa », « originaire de Tiéti »).
# (not « la rentrée de Léa », « l'arrivée de Karim »: those are people)
_LIVED_IN = re.compile(
    r"(?i:(?:\bn[ée]e?s?|\bvi[tv]\w*|\bhabit\w*|\bdemeur\w*|\br[ée]sid\w*)[ \t]+(?:à|a|au|en)"
    # the date of birth between (« né le 6 juin 1992 à Erevan », « née le 03/09/1985 à Odessa »)
    r"|\bn[ée]e?s?[ \t]+(?:le[ \t]+)?(?:1er|\d{1,2})[ \t/.-]+[\w.]+[ \t/.-]+\d{2,4}[ \t]+(?:à|a|en)"
    r"|\boriginaires?[ \t]+(?:de|d['\u2019])"
    # a form's field (« Lieu de naissance : Erevan (Arménie) »)
    r"|\blieu[ \t]+de[ \t]+naissance[ \t]*:)[ \t]*$"
)


def an_article_then_a_word(article: str, word: str) -> bool:
    """An article after a name's word, then a word of French that is no first name (« M. LAMBERT
    LA SEMAINE DERNIERE »): the sentence goes on, the name has ended."""
    return (
        _folded(article) in ("le", "la", "les")
        and not is_first_name(word)
        and is_french_word(word.lower())
    )


def a_lived_in_place(text: str, first: int, last: int) -> bool:
    return len(text[first:last].split()) <= 2 and _LIVED_IN.search(text, 0, first) is not None


def common_noun(text: str, first: int, last: int) -> bool:
    """One word of French right after a determiner, capitalised for emphasis ("la Fontaine de
    la place", "la Rose des vents"): a noun, as "la Marine" is in French ("la Josiane", a name
    French does not know, stays one)."""
    word = text[first:last]
    return (
        " " not in word
        and _DETERMINER.search(text[max(0, first - 8) : first]) is not None
        and is_french_word(word)
    ) or _shouted_noun(word)


# Surnames that are an article and a word of French (« LE ROUX », « LE BRETON »).
_ARTICLE_SURNAMES = word_set(
    """roux blanc brun noir petit grand bon gros fort breton normand picard moine page borgne
    clerc maître maitre comte duc roy goff bihan meur floch"""
)


def _shouted_noun(words: str) -> bool:
    """In capitals, an article and a noun of French (« LE PLATANE DEVANT CHEZ MOI »); « LE
    ROUX », « LE GALL », a surname of that form or a word French does not know, stay."""
    article, _, noun = words.partition(" ")
    word = noun.lower()
    return (
        words.isupper()
        and article in ("LE", "LA", "LES")
        and " " not in noun
        and word not in _ARTICLE_SURNAMES
        and is_french_word(word)
        and not is_inflected_form(word)
        and not is_first_name(noun)
    )


def _courtesy_phrase(text: str, start: int, end: int) -> bool:
    """A greeting or a thanks of several words: it ends on a word of courtesy, every word
    before it one too or a first name ("Xin chào"); or it starts on one, the
    words after it in lower case and no first name ("Dobry wieczór", not "salam karim")."""
    words = [word.strip(_EDGE_PUNCTUATION) for word in text[start:end].split()]
    if len(words) < 2:
        return False
    if courtesy_word(words[-1]):
        return all(courtesy_word(word) or is_first_name(word) for word in words[:-1])
    return courtesy_word(words[0]) and all(
        word.islower() and not is_first_name(word) for word in words[1:]
    )


def find_person_names(text: str, model: PersonModel) -> Iterator[Span]:
    for start, end in model.persons(text):
        if _courtesy_phrase(text, start, end):
            continue
        for first, last in _cleaned(text, start, end):
            opening = _without_opening_verb(text, first, last)
            if opening is None:
                continue
            unlabelled = _without_letters(text, opening, last)
            if unlabelled is not None:  # "Emily Hartley and I": "and" was inside, now an edge
                unlabelled = _trimmed(text, *unlabelled)
            if unlabelled is None:
                continue
            first, last = unlabelled
            words = text[first:last].split()
            if _acronyms(words) or a_town(text, first, last):
                continue
            if a_lived_in_place(text, first, last):
                continue
            if not _is_a_name(text[first:last].split()) or after_place_word(text, first):
                continue
            if _not_a_name_shape(text, first, last):
                continue
            if _opening_noun(text, first, last) or _opening_greeting(text, first, last):
                continue
            if _field_label(text, first, last) or _exclamation(text, first, last):
                continue
            if _lone_opening_word(text, first, last) or _lone_saint(text, first, last):
                continue
            if common_noun(text, first, last):
                continue
            if _title_and_words(text, start, first, last):
                continue
            yield Span(PiiType.NAME, first, last, text[first:last])
