"""The themes an incoming request is classified into, with the words that signal them.

Theme labels are the first level of the knowledge base's themes (« Déchets > Collecte » is
« Déchets »), so that the same routing table (theme -> department, in the settings) serves
the handover inbox and the classifier.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    label: str
    # Words and expressions, in lower case (accents optional: text and words are folded).
    keywords: tuple[str, ...]


DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "État civil",
        (
            "acte de naissance",
            "naissance",
            "mariage",
            "pacs",
            "décès",
            "livret de famille",
            "reconnaissance",
            "état civil",
            "acte",
            "extrait",
            "copie intégrale",
            "changement de nom",
            "changement de prénom",
            "divorce",
            "filiation",
            "mention marginale",
        ),
    ),
    Theme(
        "Papiers",
        (
            "carte d'identité",
            "carte nationale d'identité",
            "passeport",
            "titre d'identité",
            "rendez-vous passeport",
            "pré-demande",
            "ants",
            "perte",
            "vol de papiers",
            "photo d'identité",
            "empreintes",
        ),
    ),
    Theme(
        "Citoyenneté",
        (
            "liste électorale",
            "listes électorales",
            "inscription électorale",
            "élection",
            "vote",
            "procuration",
            "bureau de vote",
            "recensement citoyen",
            "carte électorale",
        ),
    ),
    Theme(
        "Déchets",
        (
            "déchets",
            "poubelle",
            "bac",
            "collecte",
            "ramassage",
            "tri",
            "recyclage",
            "déchèterie",
            "encombrants",
            "verre",
            "compost",
            "composteur",
            "ordures",
            "sacs jaunes",
            "dépôt sauvage",
            "gravats",
            "déchets verts",
        ),
    ),
    Theme(
        "Déplacements",
        (
            "stationnement",
            "macaron",
            "parking",
            "stationner",
            "fourrière",
            "bus",
            "tram",
            "vélo",
            "piste cyclable",
            "circulation",
            "voirie",
            "trottoir",
            "chaussée",
            "nid-de-poule",
            "feu tricolore",
            "zone bleue",
            "place handicapé",
            "transport",
        ),
    ),
    Theme(
        "Urbanisme",
        (
            "permis de construire",
            "déclaration préalable",
            "plu",
            "plan local d'urbanisme",
            "travaux",
            "clôture",
            "extension",
            "abri de jardin",
            "piscine",
            "cadastre",
            "certificat d'urbanisme",
            "permis de démolir",
            "façade",
            "urbanisme",
            "terrain",
        ),
    ),
    Theme(
        "Social",
        (
            "ccas",
            "aide sociale",
            "rsa",
            "logement social",
            "hlm",
            "personne âgée",
            "personnes âgées",
            "portage de repas",
            "aide alimentaire",
            "épicerie solidaire",
            "domiciliation",
            "précarité",
            "secours",
            "aide financière",
            "apa",
            "énergie impayée",
            "sans domicile",
            "solidarité",
        ),
    ),
    Theme(
        "Enfance",
        (
            "cantine",
            "restauration scolaire",
            "menu",
            "repas de midi",
            "périscolaire",
            "garderie",
            "école",
            "inscription scolaire",
            "crèche",
            "multi-accueil",
            "assistante maternelle",
            "centre de loisirs",
            "accueil du mercredi",
            "vacances scolaires",
            "quotient familial",
        ),
    ),
    Theme(
        "Mairie",
        (
            "horaires",
            "horaire",
            "ouverture",
            "accueil",
            "mairie",
            "hôtel de ville",
            "rendez-vous",
            "standard",
            "fermeture",
            "jours fériés",
        ),
    ),
)
