"""An address given as a business's or a public building's, right after its name (« le kebab
« Le Bosphore », 15 avenue Jean-Jaurès », « l'école maternelle Marie-Curie, 18 rue
Jean-Moulin »): the place's, no one's home; unless the writer says they live there
(« j'habite au-dessus du bar, 12 rue … »)."""

from __future__ import annotations

import re

from collectivia.ai.privacy.organisations import FIRMS, SHOPS, WORKPLACES

# The public buildings whose address is theirs, not a resident's (the model's lone readings use
# it too: « cimetière Saint-Léon, concession n° 412 »).
PUBLIC_BUILDING = (
    r"(?i:[ée]cole|coll[èe]ge|lyc[ée]e|cr[èe]che|gymnase|piscine|m[ée]diath[èe]que"
    r"|biblioth[èe]que|salle|stade|[ée]glise|mosqu[ée]e|synagogue|temple|cimeti[èe]re|parc"
    r"|parking|march[ée]|mairie|h[ôo]tel\s+de\s+ville"
    # the houses and centres a town lends to its associations and its people
    r"|maison\s+(?:des\s+associations|de\s+quartier|de\s+la\s+culture|des\s+jeunes|du\s+peuple"
    r"|de\s+sant[ée]|des\s+solidarit[ée]s|de\s+l['\u2019]emploi)|mjc"
    r"|centre\s+(?:culturel|socio-?culturel|de\s+loisirs))"
)
_BUSINESS = rf"(?:{SHOPS}|{WORKPLACES}|{FIRMS})"
# The public services' desks (« l'espace France Services du 3 place du Foirail »)
_DESK = r"(?i:france\s+services|centre\s+social|bureau\s+de\s+poste)"
_PLACE_KINDS = rf"(?:{PUBLIC_BUILDING}|{_BUSINESS}|{_DESK})"
_KIND = re.compile(_PLACE_KINDS)
_PLACE_THEN_ADDRESS = re.compile(
    # its name, of no comma nor person (« salle des fêtes (150 €) à Mme Bieber, 6 rue … »),
    # then a comma; a business or a desk by « du » too (« la boulangerie du 3 rue … »)
    rf"\b{_PLACE_KINDS}\b[^\n.;:!?,]{{0,50}},[ \t]*$"
    rf"|\b(?:{_BUSINESS}|{_DESK})\b[^\n.;:!?,]{{0,50}}[ \t]+du[ \t]+$"
)
_A_PERSON = re.compile(r"(?i:\b(?:m\.|mme|mlle|madame|monsieur|chez)(?!\w)|\s[àa]\s)")
_SENTENCE_START = re.compile(r"[\n.!?]")
_HOME_CUE = re.compile(
    r"(?i:habit|domicil|\bvi[st]\b|\bvivons|\bvivent|\blog(?:e|eons|ent)\b|adresse|chez\s+moi"
    r"|\bmon\s+appart|\bnotre\s+appart|maison|logement|domicile)"
)


# An address opened by the public building it is the address of (« Hôtel de Ville, 1 place de
# l'Hôtel de Ville, 39200 Saint-Claude »); not a park nor a hall, which estates are named after.
_PUBLIC_BUILDING_FIRST = re.compile(
    r"(?i:h[ôo]tel\s+de\s+ville|mairie|[ée]cole|coll[èe]ge|lyc[ée]e|gymnase|piscine"
    r"|m[ée]diath[èe]que|biblioth[èe]que|stade|[ée]glise|cimeti[èe]re)\b[^,\n]{0,50},"
)


# A grave's place in a cemetery (« Carré B, tombe 12 », « Columbarium case 17 »), read from
# its first word or right after it: the cemetery's, no one's home.
_GRAVE_FIRST = re.compile(r"(?i:carr[ée]|tombe|columbarium|concession|caveau|enfeu)\b")
_GRAVE_BEFORE = re.compile(r"(?i:\b(?:tombe|columbarium|caveau|enfeu)(?:\s+n[°o]\.?)?)\s*$")


def a_places_address(text: str, start: int) -> bool:
    """Whether the address at ``start`` follows, on its line and in its sentence, the name of
    the business or the public building it is the address of, or opens with that building or
    a grave's place."""
    if _PUBLIC_BUILDING_FIRST.match(text, start) or _GRAVE_FIRST.match(text, start):
        return True
    if _GRAVE_BEFORE.search(text, max(0, start - 30), start):
        return True
    before = _SENTENCE_START.split(text[max(0, start - 70) : start])[-1]
    place = _PLACE_THEN_ADDRESS.search(before)
    if place is None or _A_PERSON.search(place.group()) is not None:
        return False
    # (the place's own name is no cue: « Maison des associations » is no one's home)
    kind = _KIND.match(before, place.start())
    named = range(place.start(), kind.end() if kind is not None else place.start())
    return not any(cue.start() not in named for cue in _HOME_CUE.finditer(before))
