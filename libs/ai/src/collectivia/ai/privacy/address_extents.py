"""An address's whole extent: the flat or building beside the street ("Bâtiment C, appt 4,
12 rue …", "12 rue …, appt 12"), a post box ("BP 14"), a hamlet before a road without a number,
the estate or the floor at the clause's end, and the town named after it ("…, appt 12, 57140
Woippy", "12 rue de Verdun, Marly", "7 rue Chambière à Metz", "…, plougonven"). The town counts
only when the official list of communes knows it (or after its postcode or « à »), so "12 rue de
Verdun, Jean est venu" keeps its first part alone."""

from __future__ import annotations

import re

from collectivia.ai.privacy.civilities import CIVILITY
from collectivia.ai.privacy.countries import COUNTRY
from collectivia.ai.privacy.first_name_lexicon import listed_by_insee
from collectivia.ai.privacy.french_words import is_french_word
from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, LOWER, UPPER, stop_words
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

# A residence's name: "Les Tilleuls", "du Parc", "des Hauts de Blémont".
_PLACE_NAME = (
    rf"(?:(?:les|le|la|l['\u2019]|des|du|de|d['\u2019])\s?)*{CAPITALISED_WORD}"
    # on its line: a form's next label may follow ("lieu-dit Les Mottets\nCommune : …")
    rf"(?:[ \t]+(?:(?:de|du|des|la|le|les|l['\u2019]|d['\u2019])\s?)*{CAPITALISED_WORD}){{0,3}}"
)
# "appt 12", "bât. B", "bâtiment C", "escalier 2", "3e étage", "porte 5", "boîte 4", an
# estate's "lot 17", a tower's "tour 3".
COMPLEMENT = (
    r"(?<![\w'\u2019])(?:(?i:appt|appart(?:ement)?|apt|app|bât|bat|bâtiment|batiment|escalier|esc|porte|boîte"
    r"|boite|logement|log|bloc|entrée|entree|chambre|chbre|lot|tour|villa|pavillon|studio|room"
    r"|flat|montée|montee|ch(?=\.?\s*\d)|apartment|appartamento|gebouw|block|building|estudio|room"
    r"|imm|immeuble|maison(?=\s*(?:n[°o]\s*)?\d)"  # a compound's "maison 27"
    # a Spanish or Portuguese writer's flat, a family plot's parcel, a Guinean town's sector
    r"|apto|parcelle|secteur|ilot|îlot"
    r"|case"  # the Antilles' and the Pacific's house ("case n° 7, impasse Darboussier")
    # a boat's berth (« ponton C, place 18 »), a pitch (« emplacement 7 »)
    r"|ponton|anneau|emplacement|place(?=\s*(?:n[°o]\s*)?\d{1,3}(?!\d))"
    r"|caravane"  # a family's caravan on a site (« caravane 4 »)
    r"|chambres?)\.?\s*"
    r"(?:n[°o]\s*)?(?:(?i:gauche|droite|du\s+fond|fond|face|en\s+face)"
    # its floor and side (« appartement 2e gauche »)
    r"|\d{1,2}\s?(?i:e|er|ème|eme)\s+(?i:gauche|droite|fond)"
    # its number or letter ("appt 12", "bât. B", "esc A2", a hostel's "ch. 4-17"), not a word
    # ("mon appartement au")
    r"|\d{1,4}[A-Za-z]?(?:-\d{1,4})?|[A-Z]\d{0,3}"
    # typed in lower case ("bat b"); not « a » and « y », words of French ("bat 6 a fort de …")
    r"|(?<=\s)[b-xz](?![\w'\u2019]))(?![\w])"
    # a building by its name ("bât. Hortensias", "bâtiment Les Tilleuls")
    rf"|(?i:b[âa]t|b[âa]timent)\.?\s+(?:(?:Les|Le|La|L['\u2019])\s?)?{CAPITALISED_WORD}"
    # the floor in words (« troisième étage », « au premier étage »)
    r"|(?i:premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|sixième"
    r"|septième|huitième|neuvième|dixième)\s+(?i:étage|etage)"
    # "3e étage", and the floor with its side ("2e gauche", "1er droite").
    r"|\d{1,2}\s?(?i:e|er|re|ère|ème|eme)\s+(?i:étage|etage|ét\.|gauche|droite|fond)"
    r"(?:\s+(?i:gauche|droite|fond|sans\s+ascenseur))?"
    # a Parisian maid's room under the roof, a caretaker's lodge (« chambre de bonne au 7e »,
    # « loge de la gardienne », « loge au rez-de-chaussée »)
    r"|(?i:chambre\s+de\s+bonne(?:\s+au\s+\d{1,2}\s?(?:e|ème|eme)(?:\s+étage)?)?"
    # (before a comma: « il loge résidence … » is the verb)
    r"|loge(?:\s+(?:de\s+la\s+gardienne|du\s+gardien|de\s+la\s+concierge))?"
    r"(?:\s+au\s+rez[ -]de[ -]chauss[ée]e)?(?=\s*,))(?![\w'\u2019])"
    # a road by its number: « RD 437 », « CD9 », « RN1 » (the Antilles' and Guiana's)
    r"|(?:RD|RN|CD|RT)\s?\d{1,4}(?![\w])"
    # and a kilometre marker on it (« PK 9 », « PK 18,5 »), Polynesia's side of the road with it
    # (« PK 23 côté montagne »)
    r"|PK\s?\d{1,3}(?:,\d{1,2})?(?![\w])(?:[ \t]+(?i:c[ôo]t[ée])[ \t]+(?i:mer|montagne))?"
    # a post box: « BP 14 », « CS 40012 »
    r"|(?:BP|B\.P\.|CS|TSA)\s?\d{1,5}(?![\w])"
    # a mining estate's number ("cité n°5", "cité 12"), as the Nord's and Lorraine's are known
    r"|(?i:cité|cite)\s?(?:n[°o]\s*)?\d{1,3}(?![\w])"
    # "rez-de-chaussée", "RDC": the ground floor is a complement like a floor's number.
    r"|(?i:rez[ -]de[ -]chauss[ée]e|rdc|sous-sol)(?![\w])"
    # an English speaker's floor ("Flat 3, 2nd floor, 41 rue Bourgneuf")
    r"|(?:\d{1,2}(?i:st|nd|rd|th)|(?i:ground|first|second|third|top))\s+(?i:floor)(?![\w])"
    # A residence or a cité between the street and the postcode: "14 rue Pasteur, résidence
    # Les Tilleuls, apt 7, 57100 Thionville" is one address.
    rf"|(?i:résidence|residence|rés\.|res\.|cité|cite|immeuble|lotissement|domaine|quartier"
    # the Antilles' « section », Réunion's « îlet » (hamlets of the Hauts); not a land
    # register's section (« section AB »)
    # the Antilles' « morne » (a hill's quarter) and « habitation » (an old estate)
    rf"|hameau|lieu-dit|lieudit|[îi]let|morne|habitation"
    # a harbour where a boat is moored (« ponton C, place 18, port de Lorient »)
    rf"|port(?:\s+de\s+plaisance)?|marina)\s+{_PLACE_NAME}"
    r"|(?i:port\s+de\s+plaisance)"  # (a town's own, unnamed: « ponton B, port de plaisance »)
    rf"|(?i:section)(?![ \t]+[A-Z]{{1,3}}(?![\w'\u2019]))\s+{_PLACE_NAME})"
)
# A town after its postcode: its article, its cedex ("Le Havre", "75 732 PARIS Cedex 15").
TOWN = (
    rf"(?:(?:Le|La|Les|L['\u2019]|LE|LA|LES)\s?)?{CAPITALISED_WORD}"
    rf"(?:\s+(?i:cedex)(?:\s+\d{{1,2}})?)?"
)
_GAP = r"(?:\s*,\s*|\s+[-\u2013\u2014]\s+|\s+)"  # "4, place Allende \u2013 2e étage"
# A residence typed in lower case ("résidence les tilleuls"): only when a postcode follows,
# after other complements maybe ("résidence principale depuis 2010" is no address's part).
_LOWER_RESIDENCE = (
    rf"(?i:résidence|residence|cité|cite)\s+[{LOWER}]+(?:['\u2019-][{LOWER}]+)*"
    rf"(?:[ \t]+[{LOWER}]+(?:['\u2019-][{LOWER}]+)*){{0,3}}"
    rf"(?={_GAP}(?:(?:{COMPLEMENT}){_GAP})*\d{{5}}\s)"
)
# A hamlet or a quarter between the street and the postcode ("14 rue du Lavoir, Le Petit Bois,
# 21410 Fleurey-sur-Ouche", "12 impasse des Tamarins, Bois-de-Nèfles, 97411 Saint-Paul").
_LOCALITY_BEFORE_POSTCODE = (
    # not a post box ("CS 40012"): a complement
    rf"(?!(?:BP|CS|TSA)\b)(?:(?:Le|La|Les|L['\u2019])\s?)?(?:{CAPITALISED_WORD}|[{UPPER}]['\u2019][{LOWER}]+)(?:\s+(?:(?:de|du|des|la|le|les)\s+)?"
    rf"{CAPITALISED_WORD}){{0,3}}(?=\s*,?\s*\d{{5}}\s)"
)
# A landmark where streets have no numbers (Mayotte, Guiana, villages abroad): « village de
# Tsoundzou 1, derrière la boulangerie, 97600 Mamoudzou »; only with the postcode after it.
LANDMARK_BEFORE_POSTCODE = (
    r"(?i:près|pres|derrière|derriere|devant|en\s+face|à\s+côté|a\s+cote|juste\s+après"
    r"|non\s+loin)\s+(?:de\s+|du\s+|des\s+|d['\u2019])?[^,\n]{2,40}?(?=\s*,\s*\d{5}\s)"
)
# At the clause's end, a floor alone ("…, bâtiment B, 5ème.") and the estate named with its
# article ("12, allée 3, Les Minguettes.").
_AT_CLAUSE_END = r"(?=[ \t]*(?:[.,;:!?)\n]|$))"
_FLOOR_AT_END = rf"\d{{1,2}}\s?(?i:e|er|ème|eme){_AT_CLAUSE_END}"
_ESTATE_AT_END = (
    rf"(?:Le|La|Les|L['\u2019])\s?{CAPITALISED_WORD}"
    rf"(?:[ \t]+(?:(?:de|du|des|la|le|les)[ \t]+)?{CAPITALISED_WORD}){{0,2}}{_AT_CLAUSE_END}"
)
_COMPLEMENTS_AFTER = re.compile(
    rf"{_GAP}({COMPLEMENT}|{_LOWER_RESIDENCE}|{_LOCALITY_BEFORE_POSTCODE}|{_FLOOR_AT_END}"
    rf"|(?<=,\s){LANDMARK_BEFORE_POSTCODE}"
    rf"|(?<=,\s){_ESTATE_AT_END}|(?<=,){_ESTATE_AT_END})"
)
# Places known by a name after their kind: a village (« village Zidock, Trois-Sauts, 97330
# Camopi »), a campsite, an estate's slab, bar or mesh (« dalle du Val-d'Argent, tour 4 »,
# « barre Balzac, entrée 3 », Strasbourg's « maille Karine, bât. 3 »). The building's word before
# a span, or the kind before the name a span opens with (Corsica's article too: « camping U
# Pirellu, mobil-home 18, … »).
_NAMED_PLACE_KINDS = r"village|camping|dalle|barre|maille"
_KIND_OF_NAMED_PLACE = re.compile(
    rf"(?<![\w-])(?i:{_NAMED_PLACE_KINDS})[ \t]+"
    r"(?:(?:du|des|de[ \t]+la|de)[ \t]+|d['\u2019]|(?-i:U)[ \t]+)?$"
)
# (and a floor alone before the street: « 5e, 14 rue Sainte-Catherine »)
_COMPLEMENTS_BEFORE = re.compile(
    rf"((?:(?:{COMPLEMENT}|\d{{1,2}}\s?(?i:e|er|ème|eme)(?=\s*,))\s*,?\s*)+)$"
)
# The building's own name before its complements or its street ("Foyer Adoma, chambre 117,
# 22 boulevard …", "maison Ttipia, 12 chemin …"; "Les Hauts de Valmy, bât. E, 8 rue …" with
# complements only): a building's word or an article first, never a person's name.
_BUILDING_BEFORE = re.compile(
    # (a word of its own: « Thomas Ferrero » holds no « mas »)
    # (a home for disabled adults: « foyer de vie Les Érables »)
    r"(?<![\w-])(?:(?:((?i:r[ée]sidence(?:-services)?|residenza|bâtiment|batiment"
    r"|foyer(?:-logement|\s+de\s+vie)?|tour"
    # a Basque house ("Etxe Berria, 880 route de Cambo")
    r"|immeuble|ferme|villa|mas|chalet|casa|manoir|ch[âa]teau|terrain|ehpad|hof|etxe"
    rf"|{_NAMED_PLACE_KINDS}"
    # a boat one lives on (« péniche L'Hirondelle, quai Rambaud, … »)
    r"|p[ée]niche|voilier|bateau|catamaran|pointu"
    r"|propri[ée]t[ée]"
    r"|h[ôo]tel(?!\s+(?i:de\s+ville|de\s+r[ée]gion|du\s+d[ée]partement|de\s+police|des\s+impôts))))"
    r"(?:\s+[a-zé]+)?\s+(?:(?:de|du|des)\s+|d['\u2019])?"
    r"(?:la\s+|l['\u2019])?"
    # a house by its own name ("maison Ttipia"); "Maison de la Métropole" is a public body's
    r"|((?i:maison))\s+(?!(?:de|du|des|d['\u2019])\s?)"
    rf"|(?:Les|Le|La|L['\u2019])\s?)"
    rf"{CAPITALISED_WORD}(?:\s+(?:(?:de|du|des|la|le|les)\s+)?{CAPITALISED_WORD}){{0,3}}"
    # an institution's home without a name ("hôtel social, 25 rue …", "Foyer de jeunes
    # travailleurs, chambre 31, …")
    r"|((?i:h[ôo]tel\s+social|foyer\s+de\s+jeunes\s+travailleurs|foyer\s+d['\u2019]h[ée]bergement"
    r"|foyer\s+de\s+travailleurs(?:\s+migrants)?|r[ée]sidence\s+sociale"
    # a travellers' site ("aire des gens du voyage, route de Bayonne, …")
    r"|aire\s+(?:d['\u2019]accueil\s+)?des\s+gens\s+du\s+voyage|aire\s+d['\u2019]accueil"
    # a family's plot (« terrain familial, chemin du Mas de … »), a house in the rock of the
    # Loire's hillsides (« cave demeurante, 12 coteau de … »), a squat, a young workers' hostel
    r"|terrain\s+familial|cave\s+demeurante|squat|fjt"
    # a boat by its name in quotes (« péniche « Lazy Heron », bassin de la Villette, … »)
    r"|(?:p[ée]niche|voilier|bateau|catamaran|pointu)\s+«[^»\n]{1,40}»"
    # an English house by its name (« Rose Cottage, 3 Mill Lane, … »)
    r"|(?-i:[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?[ \t](?:Cottage|House|Farm|Lodge|Barn|Barns|Manor))"
    # an asylum seekers' centre ("CADA Les Charmilles, chambre 31, 8 rue …"), a shelter's
    r"|cada|huda|chrs|centre\s+d['\u2019]accueil(?:\s+de\s+demandeurs\s+d['\u2019]asile)?"
    # a shelter by its kind and name ("Centre d'hébergement Les Acacias, chambre 9, …")
    r"|centre\s+d['\u2019]h[ée]bergement(?:\s+d['\u2019]urgence)?)"
    # (its name after « des »: « foyer de travailleurs migrants des Fillettes »)
    rf"(?:\s+(?:(?:Les|Le|La|L['\u2019])\s?|(?:des|du|de\s+la)\s+)?{CAPITALISED_WORD}"
    rf"(?:\s+{CAPITALISED_WORD}){{0,2}})?))"
    r"(?:\s*,\s*|\s+)$"
)
# A town's name: up to four words joined by spaces or hyphens ("Montigny-lès-Metz",
# "Le Ban-Saint-Martin"), tried longest first against the official list.
_TOWN_WORDS = re.compile(
    # Luxembourg's postcode has its letter: "L-3392 Roeser"
    r"(?:\s*(?:,|[-\u2013\u2014])?\s*(?:L-)?(?<!\d)\d{4,5}\s+|\s*,\s*(?:[àa]\s+)?|\s+[àaÀA]\s+"
    # a writer without capitals or commas puts the town right after the street ("7 rue
    # jacquard appt 2 tourcoing"): in lower case only, and only a commune's name (below)
    rf"|[ \t]+(?=[{LOWER}]))"
    r"((?:[\w'\u2019]+)(?:[ -][\w'\u2019]+){0,5})"
)
_HAMLET_BEFORE = re.compile(
    rf"(?:^|(?<=[\n(:;,]))[ \t]*({CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD}){{0,2}})"
    r"[ \t]*(?:,[ \t]*|[ \t]*\n[ \t]*)$"
)
# where a clause starts, or after a verb ("Nous habitons Les Minguettes, tour 20"); not after
# a first name or "de" ("Soazig Le Meur", "Hubert de La Roche-Aymon")
_CLAUSE_END = re.compile(
    # (a list's bullet too: « - Les Minguettes, tour 14, … »)
    # (a form's value in quotes: « "adresse":"Les Hauts de Sainte-Croix, villa 6, … »)
    r"(?:^|[\n:,;(\"«]|(?<![\w'\u2019])(?!(?:des|les|une)\b)[a-zé]{3,}"
    r"|(?:^|\n)[ \t]*[-*•\u2013])[ \t]*$"
)
# Where the writer says it is their home: a building's name after it opens the address even
# before a number ("Adresse : Le Formentor, 27 boulevard …", "j'habite Les Terrasses …").
_HOME_CUE = re.compile(
    r"(?i:\bj['\u2019]?\s?habite|\bhabit(?:e|ons|ez|ent)|\bdemeurant|\bdomicili[ée]e?s?"
    r"|\b(?:adresse|domicile)[ \t]*:|\bI\s+live\s+at"
    # "the cottage at La Chaumière, 212 chemin …", "Our house: Les Hêtres, 2 …", "sa maison, La
    # Vieille Forge, 7 rue …"
    r"|\bat|\b(?:house|home|maison|propri[ée]t[ée])[ \t]*[:,]?)[ \t]*$"
)
_AFTER_A = re.compile(r"\s*,?\s*[àaÀA]\s+$")
# A foreign country: an address in France has its postcode.
_ABROAD = rf"(?!France\b){COUNTRY}"
# Between an address abroad and its country: its town, its district or region, its postcode
# ("…, Recife, Pernambuco, Brasil", "…, commune Tafrant, province de Taounate, Maroc",
# "…, Macapá - AP, 68900-100, Brasil").
_DIVISION = (
    r"(?:(?i:commune|province|wilaya|daïra|daira|district|région|region|state|județul|judetul"
    r"|county|préfecture|prefecture|département|departement|île|ile"
    r"|sat|jud\.|județ|judet|comuna|com\.|ora[șs]|sector"  # Romania's village, county, town
    r"|brgy\.|barangay|purok"  # the Philippines' neighbourhoods
    r"|estado|departamento|barrio"
    # a quarter, a house, a Lao village's unit (« quartier Matonge », « maison n° 123 »,
    # « unité 08 »)
    r"|quartier|maison|unit[ée])\s+"
    r"(?:(?:de|du|des)\s+|d['\u2019])?)?"
)
# (any capitalised word: "Port-au-Prince", "Ben M'hidi")
_ANY_CAPITALISED = (
    rf"(?:[{UPPER}\u0400-\u042f][\w'\u2019]*(?:-[\w'\u2019]+)*"
    rf"|[{UPPER}]\.(?:[{UPPER}]\.)+)"  # "Bogotá D.C."
)
_CHAIN_WORD = (
    # a block, an entrance, a floor, a flat ("bl. 215, vh. A, et. 4, ap. 12")
    r"(?:(?i:bl|vh|et|ap|sc|kv)\.\s?[A-Z0-9]{1,4}(?![\w])|"
    rf"{COMPLEMENT}|{_ANY_CAPITALISED}|\d{{2,6}}(?:-\d{{3,4}})?|[A-Z]{{2}}(?![\w])|(?i:n[°o])\.?\s?\d{{1,4}}"
    r"|(?i:rue|avenue|route|street|road)\s+\d{1,4}"
    # a Canadian province in brackets and postcode ("Montréal (Québec) H2J 2L1, Canada")
    r"|\([A-Z][\w'\u2019-]+\)|[A-Z]\d[A-Z]\s?\d[A-Z]\d)"
)
_CHAIN_PART = (
    rf"{_DIVISION}{_CHAIN_WORD}(?:[ -](?:(?:de|do|da|du|des|el|al)\s+)?{_CHAIN_WORD}){{0,3}}"
)
_CHAIN_GAP = r"(?:[ \t]*,[ \t]*|[ \t]+[-\u2013][ \t]+|[ \t]+(?=\d))"
# an Italian province after its town ("18030 Olivetta San Michele (IM)")
_PROVINCE = rf"(?:[ \t]+{CAPITALISED_WORD}){{0,3}}[ \t]+\([A-Z]{{2}}\)(?=[ \t]*(?:[.,;)\n]|$))"
CHAIN_TO_COUNTRY = (
    # the end of a street's name the span stopped short of ("12 rue Larbi Ben| M'hidi, …")
    rf"(?:[ -]{_ANY_CAPITALISED}){{0,2}}(?:{_PROVINCE})?"
    rf"(?:{_CHAIN_GAP}{_CHAIN_PART}){{0,6}}[ \t]*,[ \t]*{_ABROAD}(?![\w-])"
)
# the province alone closes it too
_PROVINCE_AFTER = re.compile(_PROVINCE)
_CHAIN_TO_COUNTRY = re.compile(CHAIN_TO_COUNTRY)
_COUNTRY_AFTER = re.compile(rf"(?:[ \t]+\([A-Z]{{2}}\))?[ \t]*,?[ \t]*{COUNTRY}(?![\w-])")
# On an envelope, the country on its own line ("32120 Mauvezin\nFrance")
_COUNTRY_LINE_AFTER = re.compile(rf"[ \t]*\n[ \t]*(?i:{COUNTRY})(?=[ \t]*(?:\n|$))")
# A spreadsheet's cells pasted with semicolons: "12 avenue de Gimont;32600;L'ISLE-JOURDAIN"
_CELLS_AFTER = re.compile(r";[ \t]*\d{5}[ \t]*;[ \t]*([^;\t\n]{2,40}?)[ \t]*(?=[;\t\n]|$)")
_CEDEX_AFTER = re.compile(r"[ \t]+(?i:cedex)(?:[ \t]+\d{1,2})?(?![\w-])")
_ENDS_WITH_POSTCODE_TOWN = re.compile(r"(?:\d{4,5}|[A-Z]-\d{4})\s+\S+$")
# A land plot: a home abroad may be one (« Parcelles Assainies, unité 12, Dakar »); after a
# French town, it is the cadastre's (« …, 51800 Vienne-le-Château, parcelle ZB 47 »).
LAND_PLOT = re.compile(r"(?i:parcelles?|cadastr[ée]e?s?)(?![\w])")


_LETTERS = re.compile(r"[^\W\d_]+")


def a_place_name(words: str, *, every_word: bool = False) -> bool:
    """Whether capitalised words alone may name a hamlet: one of them at least (or each, where
    no postcode says it is a place) is neither a first name nor a word of French
    ("Kerguiniou", not "Sophie" nor "Merci", nor "Bonjour Kervella" before a town)."""
    unknown = [
        not listed_by_insee(word) and not is_french_word(word)
        for word in _LETTERS.findall(words)
        if word[:1].isupper()
    ]
    return all(unknown) if every_word else any(unknown)


_NUMBER_AND_COMMA = re.compile(r"\d{1,4}[ \t]*,")
_NUMBERED_WORD_BEFORE = re.compile(
    r"(?<![\w'\u2019])(?i:emplacement|appt|appartement|apt|chambre|porte|lot|pavillon|logement"
    r"|b[âa]timent|b[âa]t|mobil[- ]?home|maison|case)\.?[ \t]*(?:n[°o]\.?[ \t]*)?$"
)


def with_building_before(text: str, span: Span) -> Span:
    """``span`` opened by the institution's home named right before it (a travellers' site, a
    hostel, a shelter), when there is one."""
    window = max(0, span.start - 60)
    building = _BUILDING_BEFORE.search(text[window : span.start])
    if building is None or not building.group(3):
        return span
    start = window + building.start()
    return Span(span.type, start, span.end, text[start : span.end])


_POSTCODE_IN_BRACKETS = re.compile(r"[ \t]*\(\d{5}\)")


def with_whole_town(text: str, span: Span) -> Span:
    """``span`` run on to the end of its town's name where the official list holds more of it
    than the span (a model's reading stops at « 69120 vaulx » of « vaulx en velin »)."""
    end = _whole_town_end(text, span.start, span.end)
    return span if end == span.end else Span(span.type, span.start, end, text[span.start : end])


def with_extent(text: str, span: Span) -> Span:
    """``span`` widened to its complements and its town, when they are there."""
    start, end = span.start, span.end
    # a number that is a flat's or a pitch's, the street's left out (« emplacement 7, chemin du
    # Rafour, … »)
    if _NUMBER_AND_COMMA.match(text, start) and (
        owner := _NUMBERED_WORD_BEFORE.search(text, max(0, start - 20), start)
    ):
        start = owner.start()
    before = _COMPLEMENTS_BEFORE.search(text[max(0, start - 60) : start])
    if before is not None:
        start = max(0, start - 60) + before.start(1)
    # the kind of the named place the span opens with (« barre » of « barre Balzac, entrée 3 »)
    if text[start : start + 1].isupper() and (
        kind := _KIND_OF_NAMED_PLACE.search(text, max(0, start - 20), start)
    ):
        start = kind.start()
    building = _BUILDING_BEFORE.search(text[max(0, start - 60) : start])
    # a place named with its article ("La Bastide Neuve, route de Gordes, …") before a road
    # without a number, or before complements; where a line or a clause starts: after a first
    # name or "de", it is a surname ("Soazig Le Meur, Kerlaouen, …")
    if building is not None and (
        building.group(1)
        or building.group(2)
        or building.group(3)
        or _HOME_CUE.search(text, max(0, start - 90), max(0, start - 60) + building.start())
        or (
            (before is not None or not text[start].isdigit())
            and _CLAUSE_END.search(text[: max(0, start - 60) + building.start()]) is not None
        )
    ):
        start = max(0, start - 60) + building.start()
        # and its flat before it ("appt 1208 tour Panorama 2 rue …")
        if (flat := _COMPLEMENTS_BEFORE.search(text[max(0, start - 60) : start])) is not None:
            start = max(0, start - 60) + flat.start(1)
    elif text[start].islower() or text.startswith(("BP", "CS"), start):
        # a hamlet's name before a road without a number or a post box ("Kerantraou, BP 14,
        # 29252 Plouezoc'h", "Kerscao\nroute de Saint-Michel\n22300 Ploumilliau")
        hamlet = _HAMLET_BEFORE.search(text, max(0, start - 40), start)
        if (
            hamlet is not None
            and a_place_name(hamlet.group(1), every_word=True)
            and not any(word.isupper() for word in _LETTERS.findall(hamlet.group(1)))
        ):  # (in capitals, a body's acronym: « CCAS, BP 12 »)
            start = hamlet.start(1)
    while (after := _COMPLEMENTS_AFTER.match(text, end)) is not None:
        if LAND_PLOT.match(after.group(1)) and _ENDS_WITH_POSTCODE_TOWN.search(text, start, end):
            break  # « …, 57400 Sarrebourg, parcelle 214 »: the cadastre's, after the town
        end = after.end(1)
    # (a town of several words after its postcode: "85100 Les Sables|-d'Olonne")
    if not re.search(r"\d{5}\s+[^\d,;\n]+$", text[span.start : end]):
        end = _town_end(text, end) or end
        # its postcode in brackets after it (« 14 cité des Provinces à Lens (62300) »)
        if (postcode := _POSTCODE_IN_BRACKETS.match(text, end)) is not None:
            end = postcode.end()
    else:
        end = _whole_town_end(text, span.start, end)
    if (district := _DISTRICT_AFTER.match(text, end)) is not None and _CITY_OF_DISTRICTS.search(
        text, span.start, end
    ):
        end = district.end()
    if _ENDS_WITH_POSTCODE_TOWN.search(text, span.start, end):
        if (cedex := _CEDEX_AFTER.match(text, end)) is not None:
            end = cedex.end()
        if country := _COUNTRY_AFTER.match(text, end) or _COUNTRY_LINE_AFTER.match(text, end):
            end = country.end()
    elif (cells := _CELLS_AFTER.match(text, end)) is not None and communes_named(cells.group(1)):
        end = cells.end(1)
    if (start, end) == (span.start, span.end):
        return span
    return Span(PiiType.ADDRESS, start, end, text[start:end])


def with_country(text: str, span: Span, *, without_number: bool = False) -> Span:
    """An address abroad widened to the towns, regions and country that close it, read from
    its end or from one of its last commas (where a town was cut: "15, rue Capois, Port|").
    An address in France has its postcode: a place and a country alone may be anyone's
    (« Sfax, Tunisie »), so only a span with a number or a postcode is widened, unless the
    caller knows it opens a home (``without_number``: « quartier Mkazi, …, Comores »)."""
    if not without_number and not re.search(r"\d", span.text):
        return span
    commas = [span.start + m.start() for m in re.finditer(",", span.text[-40:])]
    offset = len(span.text) - len(span.text[-40:])
    for at in (span.end, *sorted((at + offset for at in commas), reverse=True)):
        chain = _CHAIN_TO_COUNTRY.match(text, at) or _PROVINCE_AFTER.match(text, at)
        if chain is not None and chain.end() > span.end:
            span = Span(PiiType.ADDRESS, span.start, chain.end(), text[span.start : chain.end()])
            break
    # the town written first, after « à », before a quarter that has no town after it (« vit à
    # Kayes, quartier Khasso, Mali »)
    if (
        _ENDS_ABROAD.search(span.text)
        and _QUARTER_FIRST.match(span.text)
        and (town := _TOWN_BEFORE.search(text, max(0, span.start - 50), span.start))
        and town.group(1) not in span.text
    ):
        return Span(PiiType.ADDRESS, town.start(1), span.end, text[town.start(1) : span.end])
    return span


_ENDS_ABROAD = re.compile(rf"{_ABROAD}$")
_QUARTER_FIRST = re.compile(r"(?i:quartier|village|hay|douar|cit[ée]|secteur|porte|lot)\b")
_TOWN_BEFORE = re.compile(
    rf"(?<![\w'\u2019])[àa][ \t]+({CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD}){{0,2}})"
    r"[ \t]*,[ \t]*$"
)


def _town_end(text: str, end: int) -> int | None:
    match = _TOWN_WORDS.match(text, end)
    if match is None:
        return None
    # In lower case ("57100 thionville", "a villeurbanne") only after its postcode or "à".
    before_town = match.group(0)[: match.start(1) - match.start()]
    after_a = _AFTER_A.search(before_town) is not None
    # (the postcode before the town, not digits the town's words run on to: ", SIRET 901 …")
    postcode = re.search(r"\d{5}", before_town) is not None
    if re.search(r"(?<!\d)\d{4}\s", before_town) is not None:
        # a Swiss or Belgian postcode ("31 Route de Lyon, 1700 Fribourg"), its town capitalised:
        # "12 rue Gambetta, 2024 a été" is a year
        postcode = match.group(1)[:1].isupper()
        if not postcode:
            return None
    # After a comma, a town in lower case counts when hyphens join it into a commune's name
    # ("7 impasse du moulin, saint-pierre-d'irube"), or when it is no word of French
    # ("41 rte de callac, plougonven"; not "…, merci").
    lower_case = not match.group(1)[:1].isupper() and not (postcode or after_a)
    words = re.split(r"(?<=[ -])", match.group(1))
    for count in range(len(words), 0, -1):
        name = "".join(words[:count]).rstrip(" -")
        if lower_case and (" " in name or ("-" not in name and is_french_word(name))):
            continue
        if communes_named(name):
            return match.start(1) + len(name)
    if lower_case:
        return None
    first_word = match.group(1).split(" ")[0].rstrip(" -")
    if (
        postcode
        and not after_a
        and (
            first_word[:1].isdigit()
            or (first_word.islower() and (is_french_word(first_word) or first_word in stop_words()))
        )
    ):
        # a floor or a word of the sentence after a postcode with no town (« 42 rue de la
        # chapelle 75018 3e etage », « 7 cité Aubry 75020 en décembre »): the postcode ends it
        return match.start() + len(before_town.rstrip())
    if postcode or (
        # a person after "à" is no town ("…, lieu-dit Kirchacker, à M. Philippe Dietrich")
        after_a
        and match.group(1)[:1].isupper()
        and len(first_word) > 1
        and _CIVILITY_WORD.match(text, match.start(1)) is None
    ):
        # After its postcode or "à", a town the list does not hold (abroad, a new commune, a
        # district) is still the address's: its first word at least, with the words hyphens
        # join to it ("Saint-Gengoux").
        return match.start(1) + len(first_word)
    return None


_POSTCODE_AND_TOWN = re.compile(r"(?<!\d)\d{5}\s+((?:[\w'\u2019]+)(?:[ -][\w'\u2019]+){0,5})")


def _whole_town_end(text: str, start: int, end: int) -> int:
    """The end of the town after the postcode, once the official list is asked: the patterns
    stop a name at its first lower-case part or space ("38080 L'Isle" of "L'Isle-d'Abeau",
    "21370 plombieres" of "plombieres les dijon")."""
    if end >= len(text) or text[end] not in " -'\u2019":
        return end
    postcodes = list(_POSTCODE_AND_TOWN.finditer(text, start, end))
    if not postcodes:
        return end
    # the last postcode's town, read past the span's end
    match = _POSTCODE_AND_TOWN.match(text, postcodes[-1].start())
    if match is None:
        return end
    words = re.split(r"(?<=[ -])", match.group(1))
    for count in range(len(words), 0, -1):
        name = "".join(words[:count]).rstrip(" -")
        if communes_named(name):
            return max(end, match.start(1) + len(name))
    return end


# The cities of arrondissements, their number after them ("102 avenue Paul Santy, Lyon 8e").
_CITY_OF_DISTRICTS = re.compile(r"(?i:paris|lyon|marseille)$")
_DISTRICT_AFTER = re.compile(r"[ \t]+\d{1,2}\s?(?i:e|er|ème|eme)(?![\w])")

_CELL_OR_LINE_EDGE = re.compile(r"[^\t\n]+")
_INDENTS = re.compile(r"\n[ \t]+")
# A civility before a comma is the end of a person's mention ("chez la mère de Mme, Parc
# Kalliste, bât. H, …"), never an address's first word.
_CIVILITY_FIRST = re.compile(rf"{CIVILITY}\s*[,:]\s*")
_CIVILITY_WORD = re.compile(rf"{CIVILITY}(?![\w'\u2019-])")


# An envelope's last line, its postcode first (« 4760-117 Vila Nova de Famalicão »,
# « 85180 Le Château-d'Olonne »): the town is the rest of the line when it reads as one, its
# words capitalised but for their linking words.
_POSTCODE_LINE_START = re.compile(r"(?:^|\n|,)[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{3})?[ \t]+(?=\S)")
# (spaces only: a tab is a table's next cell)
_TOWN_REST = re.compile(
    r"[\w'\u2019-]*(?: +(?:(?:de|do|da|dos|das|del|di|du|des|sur|en|la|le|les|am|an|im) +)?"
    r"[A-ZÀ-Ý][\w'\u2019-]*){0,3}(?= *(?:\n|$|, *\S))"
)


# The rest of a town's name its hyphens link (« Château|-d'Olonne », « Saint-Hilaire|-de-Riez »).
_LINKED_TOWN_REST = re.compile(
    r"(?:-(?:d['\u2019]|(?:de|du|des|sur|sous|en|lès|lez|la|le|les|aux|et)-)?[A-ZÀ-Ý][\w]*)+"
    r"(?![\w'\u2019-])"
)


# A place named with its article on its own line, above the street's (« Le Petit Bois\n2 route
# de la Boissière\n85190 Aizenay »).
_NAMED_PLACE_LINE_ABOVE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*((?:Le|La|Les|L['\u2019])[ \t]?{CAPITALISED_WORD}"
    rf"(?:[ \t]{CAPITALISED_WORD}){{0,2}})[ \t]*\n[ \t]*$"
)


def as_on_envelopes(text: str, spans: list[Span]) -> list[Span]:
    """Each address with a number in it widened as an envelope writes it: the place named on
    its own line above the street's, the whole town of the postcode's line, the country after
    it."""
    closed = []
    for span in spans:
        if span.type is PiiType.ADDRESS and re.search(r"\d", span.text):
            start, end = span.start, _envelope_town_end(text, span)
            # the country after it, however the address was found (by the rules or the model):
            # on its own line in any case (« 1206 Genève\nSuisse », « …\nPORTUGAL ») or after
            # a comma; most writers leave one in brackets out (« Viana do Castelo (Portugal) »)
            if country := _COUNTRY_AFTER.match(text, end) or _COUNTRY_LINE_AFTER.match(text, end):
                end = country.end()
            # (a bracket the reading left open: « 6840 Neufchâteau (Belgique| ) »)
            if text[span.start : end].count("(") > text[span.start : end].count(")"):
                end += text.startswith(")", end)
            above = _NAMED_PLACE_LINE_ABOVE.search(text, max(0, start - 60), start)
            # (no one's name: « Le Gall Yann » holds a first name)
            if (
                above is not None
                and text[start : start + 1].isdigit()
                and not any(listed_by_insee(w) for w in _LETTERS.findall(above.group(1))[1:])
            ):
                start = above.start(1)
            if (start, end) != (span.start, span.end):
                span = Span(PiiType.ADDRESS, start, end, text[start:end])
        closed.append(span)
    return closed


def _envelope_town_end(text: str, span: Span) -> int:
    starts = list(_POSTCODE_LINE_START.finditer(text, span.start, span.end))
    if not starts or span.end >= len(text) or text[span.end] in "\n,":
        return span.end
    town = starts[-1].end()
    if not text[town : town + 1].isupper() or "\n" in text[town : span.end]:
        return span.end
    if (linked := _LINKED_TOWN_REST.match(text, span.end)) is not None:
        return linked.end()  # anywhere: « 85180 Le Château-d'Olonne depuis 2010 »
    rest = _TOWN_REST.match(text, span.end)
    return rest.end() if rest is not None else span.end


def trimmed_addresses(spans: list[Span]) -> list[Span]:
    """Addresses cut to what they are: a civility the rules read as a place's name is left out,
    and an address read across a table's cells (« hameau des Fonts\nChalet\tOccupants\t…\n
    Chalet Les Edelweiss, … ») is the cell that holds it: the longest piece between tabs and
    line breaks with a number in it (else the longest piece). Addresses on several lines of an
    envelope have no tab, and keep their lines."""
    return [_trimmed(span) if span.type is PiiType.ADDRESS else span for span in spans]


def _trimmed(span: Span) -> Span:
    civility = _CIVILITY_FIRST.match(span.text)
    if civility is not None:
        start = span.start + civility.end()
        span = Span(PiiType.ADDRESS, start, span.end, span.text[civility.end() :])
    # (a letter's lines indented with tabs are no table's cells)
    if "\t" not in _INDENTS.sub("\n", span.text):
        return span
    pieces = [m for m in _CELL_OR_LINE_EDGE.finditer(span.text) if m.group().strip()]
    if not pieces:
        return span
    piece = max(pieces, key=lambda m: (any(c.isdigit() for c in m.group()), len(m.group().strip())))
    offset = piece.start() + len(piece.group()) - len(piece.group().lstrip())
    value = piece.group().strip()
    return Span(PiiType.ADDRESS, span.start + offset, span.start + offset + len(value), value)
