"""Postal addresses in French text: a number and a street, a hamlet or a named house before
its postcode, a flat in an estate, a pitch or a room, the forms written abroad; each widened to
its complements and its town (``address_extents``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from collectivia.ai.privacy.address_extents import (
    COMPLEMENT,
    LANDMARK_BEFORE_POSTCODE,
    TOWN,
    a_place_name,
    with_country,
    with_extent,
)
from collectivia.ai.privacy.addresses_abroad import find_addresses_abroad
from collectivia.ai.privacy.civilities import CIVILITY
from collectivia.ai.privacy.first_name_lexicon import is_first_name
from collectivia.ai.privacy.lexicon import (
    CAPITALISED_WORD,
    LOWER,
    MONTHS,
    NEXT_NUMBER_WORD,
    NUMBER_WORD,
    SMS_WORDS,
    UPPER,
    folded,
    stop_words,
    word_set,
)
from collectivia.ai.privacy.organisations import BODIES, FIRMS, LEGAL_FORMS, PRACTICES
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

STREET_TYPES = (
    r"(?i:rue|r\.|avenue|av\.?|bd|boulevard|bld|place|pl\.|chemin|ch\.|chem\.|allée|allee|all\.|impasse"
    r"|imp\.?|quai"
    r"|route|rte|cours|square|passage|résidence|residence|lotissement|lieu-dit|sentier|voie"
    r"|faubourg|rond-point|esplanade|parvis|promenade|cité|hameau|mail|villa|chaussée|ruelle"
    # as capitals and a hurry write them (« 11 CITE DES FLEURS », « 8 res les erables »)
    r"|cite|chaussee|residance|res(?=[ \t])"
    r"|traverse|montée|clos|venelle|lot\.|r[ée]s\.|derb"  # a medina's lane: "45 derb Sidi Ahmed"
    r"|cale"  # Brittany's slipway: « cale de Kernével, maison n° 3 »
    r"|courée|couree"  # the Nord's workers' courtyards: "6 courée Dubar"
    r"|coron"  # and its miners' rows: « 12, coron des Italiens »
    r"|rampe|piste"  # Réunion's slopes ("23 rampe de la Plaine"), Guyane's tracks
    r"|d[ée]grad"  # Guiana's river landings (« dégrad de Papaïchton »)
    r"|servitude"  # Polynesia's private lanes ("servitude Tavana, 98704 Faa'a")
    r"|galerie"  # a slab estate's walkway: « 130 galerie de l'Arlequin, 38100 Grenoble »
    r"|coteau"  # the Loire's hillside houses: « 12 coteau de Vaugondy, 37210 Rochecorbon »
    r"|sente"  # a footpath between houses: « 27 sente du Moulin, 95200 Sarcelles »
    # a country road by its status ("2 chemin rural n°7")
    r"|chemin\s+(?:rural|communal|vicinal)|voie\s+communale"
    r"|quartier"  # "12 quartier Saint-Roch", where the streets have no name
    r"|via|viale|piazza|vicolo"  # an Italian street written the French way: "11 via Mazzini"
    # the street signs of France's regional languages (Basque, Breton, Catalan, Occitan,
    # Corsican): "3 karrika Nagusia", "12 straed ar Vro"
    r"|karrika|kalea|etorbidea|straed|hent|plasenn|carrer|avinguda|carrièra|carriera|camin|carrughju)"
)
_PARTICLE = (
    r"(?:(?:de|du|des|la|le|les|aux|au|sur|sous|en|général|maréchal|président|docteur|abbé"
    r"|colonel|commandant|capitaine|professeur|lieutenant|amiral|saint|sainte|petite?|grande?"
    r"|vieux|vieille|nouveau|nouvelle|haute?|basse?"
    r"|ar|an|al|et)\s+|[ldLD]['\u2019]\s?"  # "straed ar Vro": Breton's article
    # an elision whose apostrophe a keyboard in capitals dropped ("1 PLACE DE L HOTEL DE VILLE")
    r"|(?<![\w'\u2019])[LD][ \t](?=[A-ZÀ-Þ]{2}))"
)
# (a road's own number, "chemin rural n°7"; a regiment's, "rue du 329e RI")
# (a number then an hour is a time: « le 14 rue Gambetta de 8h à 13h »)
_NAME_TOKEN = (
    rf"(?:{CAPITALISED_WORD}|\d{{1,4}}(?:er|e|ème)?(?!\d|[ \t]?(?i:h(?![a-z])|heures?\b))"
    rf"|{MONTHS}|n°\s?\d{{1,4}}(?!\d))"
)
# A street's number as people say it, dictated or written out ("onze rue du Moulin", "trente-deux
# bis avenue de Verdun"); not "un chemin de terre".
_NUMBER_IN_WORDS = rf"(?i:(?!un\b){NUMBER_WORD}(?:{NEXT_NUMBER_WORD}){{0,3}})"
# Before the postcode: a comma or a dash ("8, rue de Siam - 29200 Brest"), or nothing.
_BEFORE_POSTCODE = r"\s*(?:,|[-\u2013\u2014])?\s*(?<!\d)"
_ADDRESS = re.compile(
    # a kilometre marker may be the number ("PK 12 route de Montsinéry"), "n°" open it, or a
    # building's word ("immeuble 9, rue 12", "villa 7 route de Mezzavia")
    rf"(?<![\w.,/-])(?:PK\s?|n°\s?|(?i:immeuble|villa|bâtiment)\s)?"
    rf"(?:\d{{1,4}}|{_NUMBER_IN_WORDS})(?:\s?(?:(?i:bis|ter|quater)|[A-D]\b))?,?\s+"
    rf"(?:{STREET_TYPES}(?![\w])\s+"
    # the name stays on its line and in its cell: a form's next field may follow ("route de
    # Lanmeur\nCode"), a table's next cell ("rue du Docteur Roux\t04 78 …")
    rf"{_PARTICLE}*{_NAME_TOKEN}(?:(?: +|-){_PARTICLE}*{_NAME_TOKEN}){{0,4}}"
    # a street that is its own name, the main street of many a town ("33 Grand'Rue")
    r"|(?i:grand['\u2019-]rue|grande[- ]rue|grand[- ]place)(?![\w'\u2019-]))"
    # the postcode, maybe written in two ("75 732 PARIS Cedex")
    rf"(?:{_BEFORE_POSTCODE}(?:\d{{5}}|\d{{2}} \d{{3}}(?!\d))"
    # its town, or nothing more ("34 rue Ambroise Croizat 69200.")
    rf"(?:\s+{TOWN}|(?=[ \t]*(?:[.,;:!?)\n]|$))))?"
)
# A place without a number where someone says they live, with its postcode ("j'habite
# Kerampuil, 29270 Carhaix-Plouguer", "demeurant Le Clos Fleuri, 71000 Mâcon", "Adresse :
# Quartier Bois-Neuf, 97224 Ducos"): a farm, a hamlet, a residence and its tower, a road
# without a number, a post box, up to four parts before the postcode.
_PLACE_WORD = rf"(?:{CAPITALISED_WORD}|[{UPPER}][{LOWER}]+-[{LOWER}]+)"  # "Foyer-logement"
# A house's or a farm's own name, as the country and the Basque country give it ("maison
# Errekaldia", "ferme Ithurburua", "villa Gure Etxea", "château de Lesquer", "Elizaldea etxea").
NAMED_DWELLING = (
    # its article belongs to its name ("Le Mas des Cigales", "La Ferme du Bois")
    r"(?:(?:(?:Le|La|L['\u2019]|LE|LA)\s?)?(?i:maison|ferme|villa|mas|manoir|ch[âa]teau|borda|b[òo]rda|moulin"
    r"|chalet|m[ée]tairie|borde|bergerie|bastide|airial|buron|cabane|etxe|casa"
    r"|haras|domaine"  # (a stud farm, an estate: « haras du Mesnil, lieu-dit … »)
    r"|p[ée]niche|voilier|bateau|catamaran|pointu)\s+(?:[«\u201e\u201c\"]\s?)?"
    rf"(?:(?:de|du|des)\s+(?:la\s+|l['\u2019])?|d['\u2019](?:en\s+)?)?{CAPITALISED_WORD}"
    # its name's words, a particle between ("buron de la Croix de Baptiste")
    rf"(?:\s+(?:(?:de|du|des)\s+(?:la\s+|l['\u2019])?|d['\u2019])?{CAPITALISED_WORD}){{0,2}}"
    r"(?:\s?[»\u201c\u201d\"])?"
    rf"|{CAPITALISED_WORD}\s+(?i:etxea|etxia|borda))"
)
_PLACE_PART = (
    rf"(?:{NAMED_DWELLING}"
    rf"|(?:(?:Le|La|Les|L['\u2019]|LE|LA|LES)\s?)?{_PLACE_WORD}"
    rf"(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,3}}"
    rf"|{COMPLEMENT}"
    rf"|{STREET_TYPES}\s+{_PARTICLE}*{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}}"
    r"|(?:BP|B\.P\.|(?i:boîte\s+postale|boite\s+postale))\s*\d{1,5})"
)
PLACE_ADDRESS = (
    # a number may open it ("45 chemin Bassin Plat, Ravine des Cabris, 97432 …")
    rf"(?:\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+)?{_PLACE_PART}(?:\s*,\s*{_PLACE_PART}){{0,3}}"
    rf"{_BEFORE_POSTCODE}\d{{5}}\s+{TOWN}"
)
# A named house and its postcode are an address without any other word ("ferme Ithurria,
# 64480 Larressore").
_NAMED_DWELLING_ADDRESS = re.compile(
    rf"(?:(?<=[lL]['\u2019])|(?<![\w'\u2019])){NAMED_DWELLING}(?:\s*,\s*{_PLACE_PART}){{0,2}}"
    rf"{_BEFORE_POSTCODE}\d{{5}}\s+{TOWN}"
)
# A named house or a hamlet and its town, without a postcode ("Moulin de Lartigue, Gimont",
# "lieu-dit Le Pouy, Cologne", "ferme En Bordeneuve à Cologne"): when the official list knows
# the town; not a venue the writer visits ("au Moulin de …", "le Château de …").
_DWELLING_IN_TOWN = re.compile(
    rf"(?<![\w'\u2019])(?<!(?i:au|du|le|la) )(?<!(?i:les|des) )(?:{NAMED_DWELLING}"
    rf"|(?i:hameau|lieu-dit|lieudit|lieu\s+dit)\s+(?:(?:de|du|des)\s+|d['\u2019])?"
    rf"(?:(?:Le|La|Les|L['\u2019]|En)\s?)?{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}})"
    r"(?=\s*,\s*|\s+[àa]\s+)"
)
_DWELLING = re.compile(
    r"(?i:\bj['\u2019]?\s?habite|\bhabit(?:ant|ons|ez|ent|e)|\bdemeurant|\bdomicili[ée]e?s?"
    r"|\br[ée]sidant|\bviv(?:ait|ons|ent|ez)|\bvit|\blog[ée]e?s?|\bh[ée]berg[ée]e?s?"
    r"|\bsitu[ée]e?s?"
    # the same in the languages newcomers write in: "wij wonen op", "we live at", "moro em",
    # "mwen ka rété"
    r"|\bwon(?:en|ing)|\bwoont|\bwohn(?:e|en|t)|\bliv(?:e|es|ing)|\bvivo|\bmor(?:o|amos)"
    r"|\babit(?:o|iamo)|\br[ée]t[ée]|\bstay(?:ing)?|\bdomicile\s*,"
    # a form's or a letter's label: "Adresse :", "Adresse mère :", "Domicile :"
    r"|\b(?:adresse|domicile)(?:[ \t]+[^\n:,.]{1,25}?)?[ \t]*:)"
    # a few words may come between ("nu permanent op", "chez l'employeur :")
    r"(?:[ \t]+[\w'\u2019]+){0,4}?[ \t]*[:,]?"
    r"(?:\s+(?:à|au|aux|op|at|in|en|em|na|no|a))?\s+"
    rf"({PLACE_ADDRESS})"
)
_POSTCODE = re.compile(r"\s*,?\s*\d{5}\s+")
_PERSON_FIRST = re.compile(rf"{CIVILITY}[ \t]+[^,\n]{{2,40}},[ \t]*")
# Public buildings and bodies: their address is no one's home ("Hôtel de Ville, 69000 …",
# "CCAS, BP 12, …", "Médiathèque Louise Michel, …").
_PUBLIC_PLACES = word_set(
    """
    mairie hôtel hotel médiathèque mediatheque bibliothèque bibliotheque ccas cias préfecture
    prefecture sous-préfecture tribunal gendarmerie commissariat poste caf cpam msa urssaf
    école ecole collège college lycée lycee université universite gymnase piscine stade hôpital
    hopital centre espace service services direction conseil département departement région
    region métropole metropole communauté communaute agglomération agglomeration syndicat
    office maison salle théâtre theatre musée musee église eglise cimetière cimetiere
    déchetterie dechetterie crèche creche ehpad cabinet pôle pole france za zi zac zone
    """
)
_FIRST_PLACE_WORD = re.compile(r"(?:(?:Le|La|Les|L['\u2019]|LE|LA|LES)\s?)?([\w-]+)")


def a_dwelling(place: str) -> bool:
    """Whether a place before its postcode may be someone's home: not the town itself (« Lyon,
    69000 Lyon »), not a public building or body (« Hôtel de Ville, 69000 Exempleville »)."""
    parts = _POSTCODE.split(place, maxsplit=1)
    if len(parts) == 2 and folded(parts[0].strip(" ,")) == folded(parts[1].strip()):
        return False
    first = _FIRST_PLACE_WORD.match(place)
    return first is None or first.group(1).casefold() not in _PUBLIC_PLACES


_LOWER_WORD = rf"[{LOWER}][{LOWER}'\u2019-]*"
# A chalet by its name, with its hamlet ("chalet Les Aulnes, Le Bioley", "Chalet Edelweiss in Le
# Planay", "Chalet « L'Écureuil », 73210 Peisey-Nancroix").
_CHALET = re.compile(
    r"(?<![\w'\u2019])(?i:chalet)\s+(?:[«\u201e\u201c\"]\s?)?"
    rf"(?:(?:(?:les|le|la|l['\u2019]|des|du|de|d['\u2019])\s?)*{CAPITALISED_WORD}"
    rf"(?:\s+(?:(?:de|du|des|la|le|les)\s+)?{CAPITALISED_WORD}){{0,2}}"
    rf"|(?:les|le|la|l['\u2019])\s?{_LOWER_WORD})(?:\s?[»\u201c\u201d\"])?"
    # its hamlet: after a comma, "in", "au", a dash, or in brackets
    rf"(?P<hamlet>(?:\s*,\s*|\s+(?:in|au|aux|à)\s+|\s+-\s+|\s*\(\s*)"
    rf"(?:(?i:hameau|lieu-dit|lieudit|localit[àa]|frazione)\s+(?:(?:de|du|des)\s+|d['\u2019])?)?"
    rf"(?:(?:Le|La|Les|L['\u2019])\s?)?{CAPITALISED_WORD}"
    rf"(?:[ -]{_PARTICLE}*{CAPITALISED_WORD}){{0,2}}\)?)?"
)
_STAYING = re.compile(
    r"(?i:\b(?:notre|nos|mon|ma|our|my|habite|habitons|habitent|loue|louons|louez|séjourne"
    r"|sejourne|stay(?:ing)?|live|living|vit|vivons|propriétaire|proprietaire|owners?)\b"
    r"[^.\n]{0,25}$)"
)
# The same in lower case, as people type it ("j'habite 12 rue des lilas 69003 lyon"): the
# words after the street type are its name until a word of the language ("depuis", "et").
_ADDRESS_LOWER = re.compile(
    rf"(?<![\w.,/-])\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-Da-d]\b))?,?\s+{STREET_TYPES}(?![\w])\s+"
    rf"((?:{_LOWER_WORD}|\d{{1,4}}(?!\d))(?:[ \t]+(?:{_LOWER_WORD}|\d{{1,4}}(?!\d))){{0,5}})"
    # the town after its postcode, its article too ("97430 le tampon")
    rf"(\s*,?\s*(?<!\d)\d{{5}}\s+(?:(?:le|la|les|l['\u2019])\s?|(?:st|ste)[ -])?{_LOWER_WORD}"
    rf"|\s*,?\s*(?<!\d)\d{{5}}\s+{TOWN})?"
)
_STREET_PARTICLES = word_set(
    """
    de du des la le les aux au sur sous d' l' saint sainte général maréchal
    président docteur abbé colonel commandant capitaine professeur lieutenant amiral
    """
)
# A locality without a number is an address only with its postcode ("lieu-dit Kerdanet,
# 29200 Brest"): "lieu-dit Les Granges" alone may be any place.
# A cité without a number too ("Cité des Lilas, bâtiment 2, 13015 Marseille"), its buildings
# and floors between it and the postcode.
_LOCALITY = re.compile(
    # "3 Le Bourg, 24560 Issigeac": the village centre as a country address names it
    rf"(?:(?<![\w.,/-])\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?=(?:Le|le)\s+(?:[Bb]ourg|[Hh]ameau)\b))?"
    # New Caledonia's tribes, the Antilles' sections ("8 le Hameau de Linchamps": its article)
    rf"(?:(?:(?<=\d\s)(?:le|Le)\s+(?=(?i:hameau)))?(?i:lieu-dit|lieudit|hameau|résidence(?!\s+(?:secondaire|principale))"
    rf"|residence(?!\s+(?:secondaire|principale))|lotissement|domaine|cité|cite|tribu"
    # a quarter or a village where streets have no names ("quartier Mgombani, 97600 …")
    # the Ardennes' « écart » (a farm or a hamlet apart)
    rf"|section|quartier|village|douar|écart|ecart"
    # the Antilles' « morne » and « habitation », a social housing estate by its name
    rf"|morne|habitation|hlm)\s+"
    # Corsica's articles: "lieu-dit U Pughjale", "A Casa Vecchia"
    rf"(?:(?:U|A|I)\s+)?"
    rf"|(?=(?:Le|le)\s+[Bb]ourg\b))"
    # an adjective may come first: "résidence universitaire Jean Zay", "cité ouvrière"
    rf"(?:[{LOWER}]{{4,}}\s+)?{_PARTICLE}*"
    rf"{_NAME_TOKEN}(?:(?:\s+|-){_PARTICLE}*{_NAME_TOKEN}){{0,3}}"
    # a village's number ("village de Tsoundzou 1"), a landmark ("…, près du stade, 97600 …")
    rf"(?:\s\d{{1,2}}(?=\s*,))?"
    rf"(?:(?:\s*,\s*|\s+){COMPLEMENT})*(?:\s*,\s*{LANDMARK_BEFORE_POSTCODE})?"
    rf"\s*,?\s*(?<!\d)\d{{5}}\s+{TOWN}"
)
# The same typed in lower case ("cité des lilas, bâtiment 2, 13015 marseille"): a complement
# at least, as well as the postcode, says it is where someone lives.
_LOCALITY_LOWER = re.compile(
    rf"(?<![\w'\u2019])(?i:cité|cite|résidence|residence)(?!\s+(?i:secondaire|principale))\s+"
    rf"{_LOWER_WORD}(?:[ \t]+{_LOWER_WORD}){{0,3}}"
    rf"(?:(?:\s*,\s*|\s+){COMPLEMENT})+"
    rf"\s*,?\s*(?<!\d)\d{{5}}\s+(?:{_LOWER_WORD}|{TOWN})"
)

# A residence's building or flat says where someone lives even without a postcode
# ("résidence Pasteur bât D", "RESIDENCE LES AUBEPINES BAT B APPT 31"): a complement at least.
_RESIDENCE_AND_FLAT = re.compile(
    r"(?<![\w'\u2019])(?i:résidence|residence|rés\.|cité|cite|immeuble)\s+"
    rf"(?:(?:(?:les|le|la|l['\u2019]|des|du|de|d['\u2019])\s?)*{CAPITALISED_WORD}"
    rf"(?:\s+(?:(?:de|du|des|la|le|les|l['\u2019]|d['\u2019])\s?)*{CAPITALISED_WORD}){{0,3}}"
    # typed in lower case ("cite floreal bat 6")
    rf"|(?!(?i:secondaire|principale)\b){_LOWER_WORD}(?:[ \t]+{_LOWER_WORD}){{0,2}}?)"
    rf"(?:(?:\s*,\s*|\s+){COMPLEMENT})+"
)
# A building and a flat with the postcode after them, the street unsaid ("bât. C, 13014
# Marseille", "bât 3 Les Rosiers, 13014 Marseille"): the estate or the quarter before them
# joins them by with_extent.
_FLAT_AND_POSTCODE = re.compile(
    rf"(?<![\w'\u2019])(?i:bât|bat|bâtiment|batiment|immeuble|tour|bloc|escalier|esc)\.?\s*"
    rf"(?:[A-Z]\d{{0,3}}|\d{{1,3}}[A-Z]?)(?![\w])"
    rf"(?:\s+(?:(?:Les|Le|La|L['\u2019])\s?)?{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD}){{0,2}})?"
    rf"(?:(?:\s*,\s*|\s+){COMPLEMENT})*\s*,?\s*(?<!\d)\d{{5}}\s+{TOWN}"
)
# A post box with its postcode and town, the only address many have overseas ("BP 27405, 98863
# Nouméa Cedex"); a public body's or a firm's is left by its name, before it or on the line
# above, as a signature gives it ("CCAS, BP 12, …", "Cabinet Adour Syndic\nBP 2134, …").
_POST_BOX_AND_POSTCODE = re.compile(
    r"(?<![\w'\u2019])(?:BP|B\.P\.|(?i:boîte\s+postale|boite\s+postale))\s?\d{1,6}(?![\d])"
    rf"{_BEFORE_POSTCODE}\d{{5}}\s+{TOWN}"
)
_ORGANISATION_LINE_BEFORE = re.compile(
    rf"\b(?:{LEGAL_FORMS}|{FIRMS}|{PRACTICES}|{BODIES})\b[^\n]*\n[ \t]*$"
)
# A road without a number, with its postcode and town ("route de Semur, 21350 Vitteaux", "chemin
# de la Sablière, 45000 Orléans"): a country address; a public building's is left by its name.
_STREET_AND_POSTCODE = re.compile(
    # (a number before it makes it an address of _ADDRESS's)
    r"(?<![\w'\u2019])(?<!\d\s)(?<!\d,\s)(?<!bis\s)(?<!ter\s)"
    rf"{STREET_TYPES}\s+{_PARTICLE}*{_NAME_TOKEN}"
    rf"(?:(?:\s+|-){_PARTICLE}*{_NAME_TOKEN}){{0,4}}"
    rf"(?:(?:\s*,\s*|\s+){COMPLEMENT})*"
    # a quarter or a village between the street and its postcode (« impasse des Cocotiers,
    # Cavani Mtsapéré, 97600 Mamoudzou »)
    rf"(?:\s*,\s*{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}}(?=\s*,))?"
    rf"{_BEFORE_POSTCODE}\d{{5}}\s+{TOWN}"
)
# "à Kerhervé", "at Kerguiniou", Breton's "e Kerhervé": where a place is
_PLACE_PREPOSITION = r"(?<=\s[àa] )|(?<=\sat )|(?<=\sin )|(?<=\se )"
# A place's name alone at a line's or a clause's start, then its postcode and town
# ("Kerguiniou, 29630 Plougasnou", "17, Kerangall\n29410 Saint-Thégonnec"): a hamlet or a farm
# where someone lives; a first name or a word of French there is something else.
_LONE_PLACE = re.compile(
    rf"(?:^|(?<=[\n(:;«])|(?<=[,:\u2013\u2014] )|(?<= - )|{_PLACE_PREPOSITION})[ \t]*"
    rf"(?P<address>(?:\d{{1,4}}(?:\s?(?i:bis|ter))?,?[ \t]+)?"
    rf"((?:(?:Le|La|Les|L['\u2019])\s?)?{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}}"
    # and the village of the hamlet (« à Longoni, Mtsangadoua, 97690 Koungou »)
    rf"(?:,[ \t]*{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}})?)"
    rf"{_BEFORE_POSTCODE}\d{{5}}[ \t]+{TOWN})",
    re.MULTILINE,
)
# The same place before its town without a postcode ("Mme Le Saux (Kerbridou, Plounérin)",
# "du hameau de Kerellou à Guimaëc"): only when the official list knows the town.
_PLACE_BEFORE_TOWN = re.compile(
    rf"(?:(?:^|(?<=[\n(:;«])|(?<=[,:\u2013\u2014] )|(?<= - ))[ \t]*"
    rf"(?P<lone>{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}})(?=[ \t]*,[ \t]*[{UPPER}])"
    rf"|(?<![\w'\u2019])(?i:hameau|lieu-dit|lieudit)[ \t]+(?:(?:de|du|des)[ \t]+|d['\u2019])?"
    rf"{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}}(?=[ \t]+[àa][ \t]+[{UPPER}]))",
    re.MULTILINE,
)
# A form's fields that hold the rest of an address ("Complément : Bâtiment A, 1er étage",
# "Code postal / Ville : 29620 Lanmeur").
_FORM_ADDRESS_FIELD = re.compile(
    r"^[ \t]*(?:(?i:code[ \t]+postal|c\.?p\.?)"
    r"(?:[ \t]*(?:/|et|-)[ \t]*(?i:ville|commune|localit[ée]))?"
    rf"[ \t]*:[ \t]*(?P<town>\d{{5}}[ \t]+{TOWN})"
    r"|(?i:compl[ée]ment(?:[ \t]+d['\u2019]adresse)?|adresse[ \t]*\(suite\)"
    r"|adresse[ \t]+ligne[ \t]*2)[ \t]*:[ \t]*(?P<complement>[^\n]{2,60}?))[ \t]*$",
    re.MULTILINE,
)
# A pitch or a berth where someone lives ("emplacement 9", "mobil-home n°4", "ponton B place
# 17"), and the campsite, the travellers' site, the marina or the hotel it is in.
_PITCH = (
    r"(?i:emplacement|mobil[- ]?home|mobile[- ]home|caravane|bungalow|chalet|anneau|chambre"
    r"|ponton\s+[A-Z]\s+place|ponton)\s*(?:n[°o]\.?\s*)?\d{1,4}(?![\w])"
)
_SITE = (
    r"(?i:camping|aire\s+d['\u2019]accueil|aire\s+des\s+gens\s+du\s+voyage|port\s+de\s+plaisance"
    r"|h[ôo]tel|marina)(?:\s+(?i:municipal|communal|familial))?"
    # by the road it is on (« l'aire d'accueil de la route de Bordeaux, emplacement 6 »)
    rf"(?:\s+(?:de\s+la|du)\s+(?i:route|chemin|rue|avenue)\s+{_PARTICLE}*{_PLACE_WORD}"
    rf"(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}})?"
    rf"(?:\s+(?:(?:de\s+la|de\s+l['\u2019]|du|des|de|d['\u2019])\s?)?{_PLACE_WORD}"
    rf"(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}})?"
)
_IN_SITE = r"(?:du|de\s+la|de\s+l['\u2019]|de|au|à\s+la|à\s+l['\u2019])"
_PITCH_ADDRESS = re.compile(
    # "l'aire d'accueil de Ploujean, emplacement 9"
    rf"(?:(?<=[lL]['\u2019])|(?<![\w'\u2019]))"
    rf"(?:{_PITCH}(?:\s*,\s*|\s+{_IN_SITE}\s?){_SITE}|{_SITE}\s*,\s*{_PITCH})"
    # then its town: after its postcode (a district between), alone after a comma, or after "à"
    rf"(?:\s*,\s*(?:{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,3}}\s*,\s*)?\d{{5}}\s+{TOWN}"
    rf"|\s*,\s*{TOWN}(?=\s*(?:[.,;:)\n]|$))|\s+[àa]\s+{TOWN})?"
)
# A house on a road known by its kilometre or reference marker, with its postcode ("RN1 PK 32,
# 97440 Saint-André", "RD 902 PR 14+300, 73150 Val-d'Isère"); the marker alone is the road's.
_ROAD_MARKER = re.compile(
    r"(?<![\w'\u2019])(?:RN|RD|CD|N|D)\s?\d{1,4}[A-Z]?\s*,?\s*(?:PK|PR)\s?\d{1,3}"
    rf"(?:[+,.]\d{{1,3}})?{_BEFORE_POSTCODE}\d{{5}}\s+{TOWN}"
)
# "la rue de Brest - 29000 Quimper est fermée": the road itself, not where someone lives.
_THE_ROAD = re.compile(
    r"(?i:\b(?:la|le|les|une|un|cette|ce|sa|son|notre|votre)\s+|\bl['\u2019]\s?)$"
)
_LIST_BEFORE = re.compile(rf"[,(][ \t]*[{UPPER}][\w'\u2019-]*[ \t]*,[ \t]*$")
_LIST_AFTER = re.compile(rf"[ \t]*,[ \t]*[{UPPER}]")
_PLACE_BEFORE = re.compile(r"[^\n.;:!?]*$")


def _after_public_place(text: str, start: int) -> bool:
    """Whether what comes right before ``start`` in its sentence names a public building or
    body ("Mairie de Brest, place de la Liberté, 29200 Brest")."""
    before = _PLACE_BEFORE.search(text, max(0, start - 80), start)
    pieces = before.group().split(",") if before is not None else []
    named = [piece.strip() for piece in pieces if piece.strip()]
    return bool(named) and not a_dwelling(named[-1])


# A place by its own name, with its postcode and town (« la Chesnaie, 49490 Noyant », « La
# Gendronnière, 85150 Saint-Mathurin »): a farm or a hamlet of the bocage, known by its name
# alone; a word of it at least unknown to French and to first names (« Super U, 44130 Blain »
# is a shop's, « Marie, 44130 » no place).
_NAMED_PLACE_AND_POSTCODE = re.compile(
    rf"(?<![\w'\u2019-])((?:(?:le|la|les|Le|La|Les)[ \t]+|[lL]['\u2019])?{CAPITALISED_WORD}"
    rf"(?:[ \t-]+(?:(?:de|du|des|la|le|les)[ \t]+|d['\u2019]|l['\u2019])?"
    rf"{CAPITALISED_WORD}){{0,2}})"
    rf"[ \t]*,[ \t]*(?<!\d)\d{{5}}[ \t]+{TOWN}"
)


# What comes before such a place on its line: nothing, a label, a phone's last digits, a
# person's name and a comma; not a word of the sentence (« tour Tokyo, 75013 Paris », « de
# Seysses, 31100 »), which makes it the end of a longer address.
_OPENS_A_NAMED_PLACE = re.compile(rf"(?:^|\n|:|\d|{CAPITALISED_WORD}[ \t]*,|[-*•\u2013])[ \t]*$")


def _a_named_place(words: str) -> bool:
    """A word unknown to French and to first names, or two words of French after their article
    (« la Petite Lande », « La Basse Cour »), none a public place's."""
    if a_place_name(words):
        return True
    capitalised = [word for word in re.findall(r"[^\W\d_]+", words) if word[:1].isupper()]
    return (
        re.match(r"(?i:l[ae]s?\b|l['\u2019])", words) is not None
        and len(capitalised) >= 2
        and not any(word.casefold() in _PUBLIC_PLACES for word in capitalised)
    )


# A street without its number where someone says they live, with its town ("on habite chemin de
# Lartigue à Orthez", "chez nous rue ferdinand buisson, vaulx-en-velin"): a country road's few
# houses. Without its town, a street is many people's ("j'habite rue Victor Hugo"; the chat
# needs it to name a polling station).
_DWELLING_STREET = re.compile(
    r"(?i:\bj['\u2019]?\s?habite|\bhabit(?:ons|ez|ent|e)|\bdemeurant|\bdomicili[ée]e?s?"
    r"|\br[ée]sid(?:e|ons|ent|ant)|\bviv(?:ons|ent)|\bvit|\bchez\s+(?:moi|nous|lui|elle|eux))"
    rf"(?:\s+(?:au|à|a|dans\s+la))?\s+(?:(?:la|le|l['\u2019])\s?)?"
    rf"({STREET_TYPES}(?![\w])\s+"
    rf"(?:{_PARTICLE}*{_NAME_TOKEN}(?:(?:[ \t]+|-){_PARTICLE}*{_NAME_TOKEN}){{0,4}}"
    rf"|{_LOWER_WORD}(?:[ \t]+{_LOWER_WORD}){{0,3}}))"
)
# Where streets have no names, a home is its quarter or its village, after the verb that says
# someone lives there (« elle habite Pamandzi, quartier Bandrajou », « je vis maintenant
# Labattoir, boulevard des Crabes »): the town before a street names which one it is.
_HOME_QUARTER = re.compile(
    r"(?i:\bj['\u2019]?\s?habite|\bhabit(?:ons|ez|ent|e)|\bdemeurant|\br[ée]sid(?:e|ons|ent|ant)"
    r"|\bviv(?:ons|ent|ez)|\bvit|\bvis)(?:\s+(?i:maintenant|toujours|encore|seule?s?))?"
    r"(?:\s+(?i:à|a|au))?\s+"
    rf"((?:{_PLACE_WORD}(?:[ -]{_PLACE_WORD})?\s*,\s*"
    rf"(?=(?i:quartier|village)\s|{STREET_TYPES}\s))?"
    rf"(?:(?i:quartier|village(?:\s+de)?)|(?<=,\s){STREET_TYPES}|(?<=,){STREET_TYPES})\s+"
    rf"{_PARTICLE}*{_PLACE_WORD}(?:[ -]{_PARTICLE}*{_PLACE_WORD}){{0,2}}(?:\s\d{{1,2}}(?![\w]))?)"
)
# A flat located by its building, stair, floor and door, without a street ("tour 12, 9e étage,
# appt 93", "bat E escalier 3 porte 12", "foyer Henri Wallon, chambre 208", "Tour Ravel, 14e,
# appt 1403"): two complements, or a named building and one; then its estate or town.
_FLOOR_ALONE = r"\d{1,2}\s?(?i:e|er|ème|eme)(?![\w])"
_BUILDING_NAME = (
    rf"(?:[«\u201e\u201c\"]\s?)?(?:(?:(?:les|le|la|l['\u2019]|des|du|de|d['\u2019])\s?)*{CAPITALISED_WORD}"
    rf"(?:\s+(?:(?:de|du|des|la|le|les|l['\u2019]|d['\u2019])\s?)*{CAPITALISED_WORD}){{0,2}}"
    rf"|(?:la|le|les|l['\u2019])\s?{_LOWER_WORD}(?:[ \t]+{_LOWER_WORD})?)(?:\s?[»\u201c\u201d\"])?"
)
# Seasonal workers' and staff housing, named or not ("logement saisonnier Les Arcosses ch 9",
# "résidence du personnel Les Lauzes, chambre 7", "chalet du personnel ESF, chambre 4").
_STAFF_HOUSING = (
    r"(?i:logements?\s+saisonniers?|logements?\s+(?:du|des)\s+(?:personnel|saisonniers|perchmans)"
    r"|r[ée]sidence\s+du\s+personnel|chalet\s+du\s+personnel)(?:\s+[A-Z]{2,5}\b)?"
)
_BUILDING = (
    r"(?:(?i:tour|foyer|ehpad|fjt|résidence|residence|residenza|rés\.|cité|cite|immeuble|bloc"
    rf"|centre(?:\s+d['\u2019]accueil)?|center)\s+{_BUILDING_NAME}"
    rf"|{_STAFF_HOUSING}(?:\s+(?:(?:des|du|de\s+la)\s+|(?i:b[âa]timent)\s+)?{_BUILDING_NAME})?)"
)
_FLAT_GAP = r"(?:\s*,\s*|[ \t]+)"
_FLAT = re.compile(
    rf"(?:(?<=[lL]['\u2019])|(?<![\w'\u2019]))"
    rf"(?:{_BUILDING}{_FLAT_GAP}{COMPLEMENT}"
    rf"|{COMPLEMENT}(?:{_FLAT_GAP}{_FLOOR_ALONE})?{_FLAT_GAP}{COMPLEMENT})"
    rf"(?:{_FLAT_GAP}(?:{COMPLEMENT}|{_FLOOR_ALONE}))*"
    rf"|(?<![\w'\u2019])(?:{_BUILDING}|{COMPLEMENT}){_FLAT_GAP}{_FLOOR_ALONE}"
    rf"(?:{_FLAT_GAP}{COMPLEMENT})*(?=[ \t]*(?:[.,;:!?)\n]|$))"
)
# The estate or the town after it, at the clause's end ("…, appt 1204, Mas du Taureau.")
_ESTATE_AFTER = re.compile(
    rf"(?:\s*,\s*|[ \t]+[àa][ \t]+)(?:(?:Le|La|Les|L['\u2019])\s?)?{CAPITALISED_WORD}"
    rf"(?:[ \t]+(?:(?:de|du|des|la|le|les)[ \t]+)?{CAPITALISED_WORD}){{0,2}}"
    r"(?=[ \t]*(?:[.,;:!?)\n]|$))"
)

# A street's name may hold a date ("rue du 8 Mai 1945"), not a period or a day after it: "12
# rue Gambetta du 4 au 8 mars", "… le 3 avril".
_DATES_AFTER_STREET = re.compile(
    rf"\s+(?:(?:du|le|les)\s+\d{{1,2}}(?:er)?(?:\s+{MONTHS})?\s+(?:au|et)\s+\d"
    rf"|le\s+\d{{1,2}}(?:er)?\s+{MONTHS})"
)


def _without_dates(match: re.Match[str]) -> Span:
    dates = _DATES_AFTER_STREET.search(match.group())
    end = match.start() + dates.start() if dates is not None else match.end()
    end = _before_upper_case_clause(match.string, match.start(), end)
    return Span(PiiType.ADDRESS, match.start(), end, match.string[match.start() : end])


_LETTERS = re.compile(r"[^\W\d_]+")


def _before_upper_case_clause(text: str, start: int, end: int) -> int:
    """Where a street typed in capitals ends, before the clause that follows it ("52 RUE DE LA
    REPUBLIQUE EST DEFONCE"): at the first word of French that is no street's particle."""
    if not text[start:end].isupper():
        return end
    words = list(_LETTERS.finditer(text, start, end))
    for before, word in pairwise(words):  # past the street's type
        key = folded(word.group())
        # after a particle, the street's name (« 3 CHEMIN DES PRÉS »: not « près »)
        if folded(before.group()) in _STREET_PARTICLES:
            continue
        if key in stop_words() and key not in _STREET_PARTICLES and key not in ("a", "à"):
            return len(text[start : word.start()].rstrip(" ,")) + start
    return end


def _lower_case_tail_cut(span: Span) -> Span:
    """A street typed in lower case ends before the first word of the language ("rue ferdinand
    buisson depuis la rentrée")."""
    words = list(re.finditer(r"\S+", span.text))
    if len(words) < 2 or not words[1].group()[:1].islower():
        return span
    last = _street_name_last_word([word.group() for word in words])
    end = words[last].end() if last is not None else words[0].end()
    return Span(span.type, span.start, span.start + end, span.text[:end])


def _street_name_last_word(words: list[str]) -> int | None:
    """The index of a lower-case street name's last word: the street stops at the first word of
    the language that no street name holds ("rue de l'église pour", "av jean jaures svp").
    None where no word names it."""
    last = None
    for index, word in enumerate(words):
        key = word.casefold().replace("\u2019", "'")
        if key in _STREET_PARTICLES or key[:2] in ("l'", "d'"):
            if key[2:]:  # "l'église", "saint", "des": the name goes on
                last = index
            continue
        if key in stop_words() or key in SMS_WORDS:
            break
        last = index
    return last


def find_addresses(text: str) -> Iterator[Span]:
    """Every address; where two rules read overlapping parts of one ("Résidence Les Acacias\n
    Bât. B, Appt 12" and "Appt 12\n7 rue Paul-Bert\n32000 AUCH"), their union too (the parts
    stay candidates: the union may overlap something that wins over it, a NIR's last digits)."""
    spans = sorted((with_country(text, span) for span in _addresses(text)), key=_by_start)
    yield from spans
    union: Span | None = None
    for span in spans:
        if union is not None and span.start < union.end:
            end = max(union.end, span.end)
            union = Span(PiiType.ADDRESS, union.start, end, text[union.start : end])
            continue
        if union is not None:
            yield union
        union = span
    if union is not None:
        yield union


def _a_village(words: str) -> bool:
    """A place's name before its hamlet's, not a person's: every word unknown to French and
    none a first name."""
    return a_place_name(words, every_word=True) and not any(
        is_first_name(word) for word in re.findall(r"[^\W\d_]+", words)
    )


def _by_start(span: Span) -> int:
    return span.start


# A land plot's number is the cadastre's, not a home's ("la parcelle section 12 n° 145,
# lieu-dit Kirchacker").
_PLOT_BEFORE = re.compile(
    r"(?i:\bparcelles?|\bcadastr[ée]e?s?|\bsection)(?:\s+(?i:cadastr[ée]e?s?|section))?"
    r"(?:\s+[A-Z]{1,3})?\s*$"
)
_PLOT_NUMBER = re.compile(r"(?:n°\s?)?\d{1,5}[a-z]?\s*,?\s*")


def _addresses(text: str) -> Iterator[Span]:
    for match in _ADDRESS.finditer(text):
        if _PLOT_BEFORE.search(text, max(0, match.start() - 40), match.start()) is None:
            yield with_extent(text, _without_dates(match))
        elif (number := _PLOT_NUMBER.match(match.group())) is not None:
            # the plot's road and town may follow its number: they are where it lies
            start = match.start() + number.end()
            road = with_extent(
                text, Span(PiiType.ADDRESS, start, match.end(), text[start : match.end()])
            )
            if re.search(r"(?<!\d)\d{5}(?!\d)", road.text):
                yield road
    for match in (*_LOCALITY.finditer(text), *_NAMED_DWELLING_ADDRESS.finditer(text)):
        yield with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
    for match in _DWELLING_IN_TOWN.finditer(text):
        home = Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
        widened = with_extent(text, home)
        if widened.end > home.end:
            yield widened
    for match in _LONE_PLACE.finditer(text):
        (start, end), place = match.span("address"), match.group(2)
        village, comma, hamlet = place.rpartition(",")
        if comma and not _a_village(village):
            # « (Louis et Yvette Revaz, Le Cernix, 74170 … »: people, then the place
            start, place = match.start(2) + len(village) + 1, hamlet
            start += len(hamlet) - len(hamlet.lstrip())
        if a_place_name(place) and a_dwelling(text[start:end]):
            yield with_extent(text, Span(PiiType.ADDRESS, start, end, text[start:end]))
    for match in _PLACE_BEFORE_TOWN.finditer(text):
        lone = match.group("lone")
        # a list of communes ("Ahuy, Daix, Hauteville") is no one's address
        if lone is not None and (not a_place_name(lone, every_word=True) or communes_named(lone)):
            continue
        start = match.start("lone") if lone is not None else match.start()
        place = Span(PiiType.ADDRESS, start, match.end(), text[start : match.end()])
        widened = with_extent(text, place)
        if widened.end > place.end and a_dwelling(place.text):
            # a list's items ("…, Seychelles, Suisse, …") are places, no one's address
            if lone is not None and (
                _LIST_BEFORE.search(text, max(0, start - 40), start)
                or _LIST_AFTER.match(text, widened.end)
            ):
                continue
            yield widened
    for match in _FORM_ADDRESS_FIELD.finditer(text):
        start, end = match.span("town") if match.group("town") else match.span("complement")
        yield Span(PiiType.ADDRESS, start, end, text[start:end])
    for match in _PITCH_ADDRESS.finditer(text):
        yield with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
    for match in _FLAT.finditer(text):
        flat = with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
        estate = _ESTATE_AFTER.match(text, flat.end)
        if estate is not None and flat.end == match.end():
            flat = Span(PiiType.ADDRESS, flat.start, estate.end(), text[flat.start : estate.end()])
        yield flat
    for match in _DWELLING_STREET.finditer(text):
        place = _lower_case_tail_cut(
            Span(PiiType.ADDRESS, match.start(1), match.end(1), match.group(1))
        )
        widened = with_extent(text, place)
        if widened.end > place.end:  # with its town: "j'habite rue Victor Hugo" is a whole street
            yield widened
    for match in _CHALET.finditer(text):
        # alone, a chalet may be a hotel's or a restaurant's name: its hamlet, its postcode or
        # its occupant's words say it is someone's
        chalet = with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
        before = text[max(0, match.start() - 40) : match.start()]
        if match.group("hamlet") or chalet.end > match.end() or _STAYING.search(before):
            yield chalet
    for match in (*_RESIDENCE_AND_FLAT.finditer(text), *_FLAT_AND_POSTCODE.finditer(text)):
        yield with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
    for match in _POST_BOX_AND_POSTCODE.finditer(text):
        line_above = _ORGANISATION_LINE_BEFORE.search(
            text, max(0, match.start() - 120), match.start()
        )
        if not _after_public_place(text, match.start()) and line_above is None:
            yield with_extent(
                text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
            )
    for match in _STREET_AND_POSTCODE.finditer(text):
        if (
            a_dwelling(match.group())
            and not _after_public_place(text, match.start())
            and not _THE_ROAD.search(text, max(0, match.start() - 12), match.start())
        ):
            yield with_extent(text, _without_dates(match))
    for match in _NAMED_PLACE_AND_POSTCODE.finditer(text):
        if (
            _OPENS_A_NAMED_PLACE.search(text, max(0, match.start() - 40), match.start())
            and _a_named_place(match.group(1))
            and a_dwelling(match.group())
            and not _after_public_place(text, match.start())
        ):
            yield with_extent(
                text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
            )
    for match in _HOME_QUARTER.finditer(text):
        place = Span(PiiType.ADDRESS, match.start(1), match.end(1), match.group(1))
        # the verb opens a home: its country may close it (« quartier Bangani, Mitsamiouli,
        # Grande Comore »)
        yield with_country(text, with_extent(text, place), without_number=True)
    for match in _DWELLING.finditer(text):
        start = match.start(1)
        # "domiciliés chez leur mère, Mme Jennifer Hoarau, Cité du Tasta, …": the person first
        if (person := _PERSON_FIRST.match(text, start, match.end(1))) is not None:
            start = person.end()
        if a_dwelling(text[start : match.end(1)]):
            place = Span(PiiType.ADDRESS, start, match.end(1), text[start : match.end(1)])
            yield with_extent(text, place)
    yield from find_addresses_abroad(text)
    for match in _ROAD_MARKER.finditer(text):
        yield with_extent(text, Span(PiiType.ADDRESS, match.start(), match.end(), match.group()))
    for match in _LOCALITY_LOWER.finditer(text):
        yield Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
    for match in _ADDRESS_LOWER.finditer(text):
        span = _lower_case_address(text, match)
        if span is not None:
            yield with_extent(text, span)


def _lower_case_address(text: str, match: re.Match[str]) -> Span | None:
    """Up to the street name's last word, and the postcode and town when right after it."""
    words = list(re.finditer(r"\S+", match.group(1)))
    end = _street_name_last_word([word.group() for word in words])
    if end is None:
        return None
    stop = match.start(1) + words[end].end()
    if end == len(words) - 1 and match.group(2):
        stop = match.end(2)
    return Span(PiiType.ADDRESS, match.start(), stop, text[match.start() : stop])


# Between an address's parts: a comma, a dash, a line break ("Résidence Les Jardins\nBât. D -
# Appt 31\n3 rue Paul-Valéry\n31770 COLOMIERS"), the place's own road ("emplacement 12, aire
# d'accueil de la route de Seysses, …").
_BETWEEN_PARTS = re.compile(
    r"[ \t]*(?:[,\u2013-][ \t]*)?(?:\n[ \t]*)?|[ \t]+(?:de[ \t]+la|de|du|des)[ \t]+"
)
_POSTCODE_IN = re.compile(r"(?<!\d)\d{5}(?!\d)")
_COMPLEMENT_FIRST = re.compile(
    r"(?i:tour|b[âa]t(?:iment)?|r[ée]sidence|immeuble|appt|apt|appartement|escalier|esc"
    # an estate of the mining basin after its street ("12 rue des Glaïeuls, cité du 4, …")
    r"|entr[ée]e|cit[ée]|coron|cour[ée]e|lotissement|hameau)(?![\w'\u2019])"
)


def joined_addresses(text: str, spans: list[Span]) -> list[Span]:
    """An address the rules read in parts is one address: a building's or a flat's part, with
    no postcode, then right after it the street's (two streets on two lines are two homes); or
    the street without its postcode, then its tower or flat with the postcode ("45 avenue
    d'Ivry, tour Anvers, 22e étage, 75013 Paris")."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.type is PiiType.ADDRESS
            and span.type is PiiType.ADDRESS
            and (
                not last.text[:1].isdigit()
                or (_COMPLEMENT_FIRST.match(span.text) and _POSTCODE_IN.search(span.text))
            )
            and _POSTCODE_IN.search(last.text) is None
            and _BETWEEN_PARTS.fullmatch(text, last.end, span.start) is not None
        ):
            joined[-1] = Span(PiiType.ADDRESS, last.start, span.end, text[last.start : span.end])
        else:
            joined.append(span)
    return joined
