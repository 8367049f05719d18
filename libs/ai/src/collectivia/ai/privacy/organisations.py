"""The words that name an organisation rather than a person: a firm by its legal form or its
kind, a shop, a workplace, a public body. One list for every rule that needs them: a name after
them is the organisation's (``cultural_context.py``), an address after them is its place's
(``place_addresses.py``), a post box under them is its own (``addresses.py``).

Regular expressions' alternatives, case-insensitive, without word boundaries: each rule puts
its own around them."""

from __future__ import annotations

# Legal forms of French companies and farms (« SARL Martin Frères », « GAEC des Trois Chênes »).
LEGAL_FORMS = r"(?i:sarl|sasu|sas|eurl|sci|earl|gaec)"
# Firms by their kind (« la société Lacroix Ruggieri », « Pompes Funèbres Roc-Eclerc »).
FIRMS = (
    r"(?i:soci[ée]t[ée]|entreprise|agence|banque|club|[ée]tablissements|ets"
    r"|pompes\s+fun[èe]bres|(?-i:PF)"  # (« PF Duval »: a funeral home's short name)
    r"|(?-i:[Ss]t[é]|STÉ))"  # (« Sté AYDIN BATIMENT »; without its accent, « Ste » is a saint)
)
# Practices and associations (« Cabinet Gestimmo Azur »): often at a member's home, so an
# address after their name may be someone's (« Association Ti Kaz, présidente …, 9 rue … »).
PRACTICES = r"(?i:cabinet|association|groupe)"
# Shops and cafés (« le kebab « Le Bosphore », 15 avenue Jean-Jaurès »).
SHOPS = (
    r"(?i:bar|caf[ée]|restaurant|kebab|brasserie|boulangerie|pharmacie|magasin|supermarch[ée]"
    r"|sup[ée]rette|[ée]picerie|commerce|garage|salon|boutique|discoth[èe]que)"
)
# Workplaces that are no one's home.
WORKPLACES = r"(?i:usine|chantier|clinique|laboratoire|h[ôo]pital)"
# Public bodies and the professions whose letters come under their name (« Étude de Maître
# …, notaire »).
BODIES = r"(?i:mairie|ccas|service|direction|office|syndicat|syndic|[ée]tude|notaire)"
