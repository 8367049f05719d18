"""The names model's addresses beside the rules' (the model trained on the labelled sets learnt
their extents from thousands of examples; a rule knows the forms someone wrote down).

- Where no rule found anything, the model's address counts when it holds a number and a word
  that is no day's or month's (« mar. 12 mars », « 8 h. » are dates): a place's name alone is
  the rules' to judge (a quarter without a street, an address abroad of a form no
  rule knows; measured on a set written apart: addresses R 0.789 → 0.850, P 0.921 → 0.926).
- Where it overlaps one address a rule found and nothing else, the address takes the model's
  wider extent: the estate before the building (« Les Jardins de Font-Vert, bât. C, 13014
  Marseille »), the district after the town (« Marseille 15e »). Measured once, blind, on a set
  written apart (Marseille, the Alps, Mayotte): addresses P / R 0.888 / 0.882 → 0.909 / 0.903,
  masked whole 0.917 → 0.944, names unchanged. A model's span that also covers a name, a phone
  or a second address leaves them as the rules found them; a person the model sees at the
  head of a rule's address is a name, and the address starts after it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from collectivia.ai.privacy.address_extents import (
    COMPLEMENT,
    LAND_PLOT,
    with_building_before,
    with_whole_town,
)
from collectivia.ai.privacy.addresses import NAMED_DWELLING
from collectivia.ai.privacy.addresses_abroad import UK_POSTCODE
from collectivia.ai.privacy.countries import COUNTRY
from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import MONTHS, word_set
from collectivia.ai.privacy.place_addresses import PUBLIC_BUILDING
from collectivia.ai.privacy.spans import PiiType, Span

_CELL_EDGE = re.compile(r"[\t;|]")
# A number after the address that measures something is no part of it (« …, 45 m² »).
_MEASURE = re.compile(r"\d\s*(?i:m²|m2|€|eur|euros?|ans?|%|kg|km|h)(?![\w])")
# A country closes an address abroad (« …, Co. Kerry, V92 PX53, Ireland »).
_COUNTRY_LAST = re.compile(rf"{COUNTRY}$")
# the words that introduce an address are not its part (« on est 4, adresse bat A … »)
_LABEL = re.compile(r"(?i:\badresse|\baddress|\bdomicili|:)")
# A date or an hour is no address, whatever the model says (« Date : mar. 12 mars », « avant
# 8 h. »): an address of its own holds a word that is neither a day's nor a month's.
_CALENDAR_WORD = re.compile(
    rf"(?i:{MONTHS}|janv|f[ée]vr|avr|juil|sept|oct|nov|d[ée]c|lun|mar|mer|jeu|ven|sam|dim"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|heures?|min)"
)


# What follows an address and is no part of it though it holds a number: a date (« …, Union
# des Comores, du 1er juin au 30 août »), a land plot (« …, 57400 Sarrebourg, parcelle 214 »).
_DATE = re.compile(rf"(?i:\b(?:1er|\d{{1,2}})\s+{MONTHS}\b)")
_POSTCODE = re.compile(r"(?<!\d)\d{5}(?!\d)")
# A street's number comes before it: after it, « du 5 », « le 12 » is a day.
_DAY_AT_END = re.compile(r"(?i:\b(?:du|le|au|dès\s+le)\s+\d{1,2})$")
# A vehicle's registration (« Véhicule : Fiat 500, FK-204-ZT ») is no home.
_PLATE = re.compile(r"(?<![\w-])[A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}(?![\w-])")


def _runs_on(tail: str) -> bool:
    return _DATE.search(tail) is not None or LAND_PLOT.match(tail.lstrip(" \t\n,;:-")) is not None


def _a_home_alone(read: str) -> bool:
    """The model's address where no rule read anything: a number and a place's word, not a
    car's registration, nor a place and its days (« avenue Foch du 5 au 24 décembre »); not a
    public place (« cimetière Saint-Léon, concession n° 412 »), a business by its number
    (« EARL …, SIRET 812 345 678 »), a flat alone (« 3e étage droite »), a number and a person
    (« 5 Thiago Martins da Costa »)."""
    return (
        _STANDALONE_NUMBER.search(read) is not None
        and _a_place(_COMPLEMENTS.sub(" ", read))
        and _PUBLIC_PLACE_FIRST.match(read) is None
        and _BUSINESS_NUMBER.search(read) is None
        and not _a_number_and_a_person(read)
        and _PLATE.search(read) is None
        and (_DATE.search(read) is None or _POSTCODE.search(read) is not None)
        and _DAY_AT_END.search(read) is None
    )


# A number of its own, or a British or an Irish postcode (« BS6 5QT », « V92 X4F3 »): a number
# glued to a letter alone names a team or a flat's size (« U11 AS Castellane », « un T3 »).
_STANDALONE_NUMBER = re.compile(
    rf"(?<![^\W\d_])(?<!\d)\d|\b[A-Z]\d{{2}}[ \t][A-Z0-9]{{4}}\b|\b{UK_POSTCODE}\b"
)


# A capitalised word, a full stop, then a word in lower case: an abbreviation, not a sentence's
# end (« Avda. de Navarra 7 »).
_ABBREVIATED = re.compile(r"\.[ \t]+[a-zà-ÿ]")


def _no_one(text: str, person: tuple[int, int]) -> bool:
    """What the model took for a person at an address's head and is its first part: a house's
    own name (« Etxe Berria, 880 route de Cambo »), a street's abbreviated type (« Avda. »)."""
    start, end = person
    first = text[start:end].split()[0].casefold()
    return (
        re.fullmatch(NAMED_DWELLING, text[start:end]) is not None
        or _ABBREVIATED.match(text, end) is not None
        or first in _BUILDING_WORDS
    )


# A building's word first: « RESIDENCE LE PARC FLEURI, ESCALIER 3, … » is the address's head.
_BUILDING_WORDS = word_set(
    """résidence residence rés. immeuble bâtiment batiment villa casa lotissement cité hameau
    domaine propriété foyer"""
)


_COMPLEMENTS = re.compile(COMPLEMENT)
_ONE_LOWER_WORD = re.compile(r"[a-zà-ÿ]+[ \t]+")


def _a_head(text: str, start: int, end: int) -> bool:
    """What the model reads before a rule's address is its part unless it is a land plot
    (« maison d'habitation, parcelle AB 214, 18 rue … ») or one word of the sentence in lower
    case (« besoin 4 rue des Rosiers »), not a flat or a house (« porte 45 », « maison n°4 »), nor
    a public building's name."""
    head = text[start:end]
    # (nor a public building's name: « Maison des associations, 28 rue … » is its address)
    if LAND_PLOT.search(head) or _PUBLIC_PLACE_FIRST.match(head):
        return False
    if _ONE_LOWER_WORD.fullmatch(head) and is_french_word(head.strip()):
        return (
            _COMPLEMENTS.match(text, start) is not None
            or re.match(NAMED_DWELLING, text[start:]) is not None
        )
    return True


# A public place the model reads with a number of its own (a grave's, a room's): no one's home;
# a care home (« EHPAD Le Bosquet, 64300 Orthez ») or a compound's house (« maison 45, Ban
# Phonxay ») is one.
_PUBLIC_PLACE_FIRST = re.compile(rf"{PUBLIC_BUILDING}(?![\w-])")
_BUSINESS_NUMBER = re.compile(r"(?i:\bsiret|\bsiren|\bn°\s?tva|\brcs)\b")
_NUMBER_THEN_WORD = re.compile(r"\d{1,4}[ \t]+([^\W\d_][\w-]*)")


def _a_number_and_a_person(read: str) -> bool:
    word = _NUMBER_THEN_WORD.match(read)
    return word is not None and is_first_name(word.group(1)) and word.group(1)[:1].isupper()


def _a_place(text: str) -> bool:
    return any(not _CALENDAR_WORD.fullmatch(word) for word in re.findall(r"[^\W\d_]{3,}", text))


# (the sentence's words: one in lower case at least, no number, no country)
_COUNTRY_THEN_WORDS = re.compile(
    rf"[ \t]*,?[ \t]*{COUNTRY}(?=[ \t]*,(?![ \t]*{COUNTRY})[^\d\n]*\b[a-zà-ÿ][^\d\n]*$)"
)


def _closed_by_country(text: str, start: int, end: int) -> int:
    """A country closes an address abroad: the words the model reads on after it, without a
    number, are the sentence's (« …, Bristol BS6 5QT, United Kingdom, d'où ma demande »)."""
    country = _COUNTRY_THEN_WORDS.search(text, start, end)
    return country.end() if country is not None and country.start() > start else end


_BLANK_LINE = re.compile(r"[ \t]*\n[ \t]*\n")


def _before_blank_line(text: str, start: int, end: int) -> int:
    """An address ends with its paragraph: what the model reads on after a blank line is the
    letter's next part (« …\n62160 Bully-les-Mines\n\nBully, le 8 janvier 2025 »)."""
    blank = _BLANK_LINE.search(text, start, end)
    return blank.start() if blank is not None else end


def with_model_addresses(
    text: str,
    found: list[Span],
    by_model: Iterable[tuple[int, int]],
    persons: Iterable[tuple[int, int]] = (),
) -> list[Span]:
    spans = list(found)
    added = []
    people = list(persons)
    for start, model_end in by_model:
        end = _before_blank_line(text, start, model_end)
        overlapping = [i for i, span in enumerate(spans) if span.start < end and start < span.end]
        if not overlapping:
            end = _closed_by_country(text, start, end)
            if _a_home_alone(text[start:end]):
                added.append(
                    with_whole_town(text, Span(PiiType.ADDRESS, start, end, text[start:end]))
                )
            continue
        if len(overlapping) != 1 or spans[overlapping[0]].type is not PiiType.ADDRESS:
            continue
        rule = spans[overlapping[0]]
        # A person the model sees where a rule's address begins (« Anaïs Morel, résidence Les
        # Badamiers, appt 6, 97615 Dzaoudzi »): the address starts where the model's does.
        person = next(
            (p for p in people if rule.start <= p[0] and p[1] <= start and not _no_one(text, p)),
            None,
        )
        first = start if person is not None else min(rule.start, start)
        if first < rule.start and not _a_head(text, first, rule.start):
            first = rule.start
        head, tail = text[first : rule.start], text[rule.end : max(rule.end, end)]
        # not across a table's cells; after the rule's end, a number or a country (« Marseille
        # 15e », « …, nr. 05, Les Arcs 1800 »), not what the model runs on with (« …, 69000
        # Exempleville, chambre », « …, 75019 Paris, 45 m² »)
        if _CELL_EDGE.search(head) or _CELL_EDGE.search(tail) or _LABEL.search(head):
            continue
        if person is not None:
            added.append(Span(PiiType.NAME, *person, text[person[0] : person[1]]))
        closes = _COUNTRY_LAST.search(tail) or (
            any(char.isdigit() for char in tail)
            and _MEASURE.search(tail) is None
            and not _runs_on(tail)
        )
        wider = first, rule.end + (len(tail) if closes else 0)
        if wider != (rule.start, rule.end):
            # and the building the rules know before the model's start (« aire d'accueil des
            # gens du voyage, » before « emplacement 7, chemin … »)
            widened = Span(PiiType.ADDRESS, *wider, text[wider[0] : wider[1]])
            spans[overlapping[0]] = with_whole_town(text, with_building_before(text, widened))
    return sorted(spans + added, key=lambda span: span.start)
