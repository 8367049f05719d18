"""The demo collectivity's SCDL files for the data lake (infra/demo/lake/): its budget over
three exercises (the primitive budget of each, the administrative account of the two closed
ones), a year of council deliberations and two years of grants. Generated once, seeded, and
committed: `make up` loads them through the lake's door, where they are validated against
the national schemas like any file (``lake.json`` names them).

    .venv/bin/python infra/collectivia_stack/scdl_demo.py   # rewrites infra/demo/lake/*.csv
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "demo" / "lake"
COLLECTIVITY = "Metz Métropole (démo)"
EXERCISES = (2024, 2025, 2026)
CLOSED = (2024, 2025)  # exercises with an administrative account
SEED = 57463


def luhn_completed(prefix: str) -> str:
    """``prefix`` and the digit that makes it pass Luhn's check (a SIRET's)."""
    for last in "0123456789":
        digits = [int(d) for d in prefix + last]
        total = sum(
            (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d
            for i, d in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return prefix + last
    raise AssertionError("unreachable: one digit always completes Luhn")


SIRET = luhn_completed("2000398650001")

# --- the budget ---------------------------------------------------------------------------

BUDGET_FIELDS = [
    "BGT_NATDEC",
    "BGT_ANNEE",
    "BGT_SIRET",
    "BGT_NOM",
    "BGT_CONTNAT",
    "BGT_CONTNAT_LABEL",
    "BGT_NATURE",
    "BGT_NATURE_LABEL",
    "BGT_FONCTION",
    "BGT_FONCTION_LABEL",
    "BGT_OPERATION",
    "BGT_SECTION",
    "BGT_OPBUDG",
    "BGT_CODRD",
    "BGT_MTREAL",
    "BGT_MTBUDGPREC",
    "BGT_MTRARPREC",
    "BGT_MTPROPNOUV",
    "BGT_MTPREV",
    "BGT_CREDOUV",
    "BGT_MTRAR3112",
    "BGT_ARTSPE",
]
FUNCTIONS = {
    "0": "Services généraux",
    "2": "Enseignement, formation professionnelle et apprentissage",
    "3": "Culture, vie sociale, jeunesse, sports et loisirs",
    "4": "Santé et action sociale",
    "5": "Aménagement des territoires et habitat",
    "7": "Environnement",
    "8": "Transports",
}
# (section, direction, operation, chapter, its label, account, its label, yearly amount in
# euros, functions it is spread over).
LINES: tuple[tuple[str, str, str, str, str, str, str, int, str], ...] = (
    ("fonctionnement", "dépense", "réel", "011", "Charges à caractère général", "6068",
     "Autres matières et fournitures", 9_800_000, "0357"),
    ("fonctionnement", "dépense", "réel", "011", "Charges à caractère général", "611",
     "Contrats de prestations de services", 21_500_000, "578"),
    ("fonctionnement", "dépense", "réel", "012", "Charges de personnel et frais assimilés",
     "64111", "Rémunération principale des titulaires", 38_000_000, "02357"),
    ("fonctionnement", "dépense", "réel", "65", "Autres charges de gestion courante", "6574",
     "Subventions de fonctionnement aux associations", 6_200_000, "34"),
    ("fonctionnement", "dépense", "réel", "65", "Autres charges de gestion courante", "6553",
     "Service d'incendie", 8_900_000, "0"),
    ("fonctionnement", "dépense", "réel", "66", "Charges financières", "66111",
     "Intérêts réglés à l'échéance", 3_100_000, "0"),
    ("fonctionnement", "dépense", "réel", "014", "Atténuations de produits", "739211",
     "Attributions de compensation", 24_000_000, "0"),
    ("fonctionnement", "dépense", "ordre", "042", "Opérations d'ordre de transfert entre "
     "sections", "6811", "Dotations aux amortissements", 11_000_000, "0"),
    ("fonctionnement", "recette", "réel", "73", "Impôts et taxes", "73111",
     "Impôts directs locaux", 62_000_000, "0"),
    ("fonctionnement", "recette", "réel", "74", "Dotations et participations", "74124",
     "Dotation d'intercommunalité", 18_500_000, "0"),
    ("fonctionnement", "recette", "réel", "70", "Produits des services, du domaine et ventes "
     "diverses", "70611", "Redevance d'enlèvement des ordures ménagères", 14_000_000, "7"),
    ("fonctionnement", "recette", "réel", "75", "Autres produits de gestion courante", "752",
     "Revenus des immeubles", 1_900_000, "05"),
    ("investissement", "dépense", "réel", "20", "Immobilisations incorporelles", "2031",
     "Frais d'études", 2_400_000, "58"),
    ("investissement", "dépense", "réel", "204", "Subventions d'équipement versées", "204142",
     "Subventions aux communes membres : bâtiments et installations", 5_600_000, "5"),
    ("investissement", "dépense", "réel", "21", "Immobilisations corporelles", "2158",
     "Autres installations, matériel et outillage techniques", 7_300_000, "078"),
    ("investissement", "dépense", "réel", "23", "Immobilisations en cours", "2315",
     "Installations, matériel et outillage techniques en cours", 26_000_000, "3578"),
    ("investissement", "dépense", "réel", "16", "Emprunts et dettes assimilées", "1641",
     "Emprunts en euros", 9_500_000, "0"),
    ("investissement", "recette", "réel", "13", "Subventions d'investissement", "1322",
     "Subventions de la région", 6_800_000, "58"),
    ("investissement", "recette", "réel", "16", "Emprunts et dettes assimilées", "1641",
     "Emprunts en euros", 15_000_000, "0"),
    ("investissement", "recette", "réel", "10", "Dotations, fonds divers et réserves", "10222",
     "Fonds de compensation de la TVA", 4_200_000, "0"),
    ("investissement", "recette", "ordre", "040", "Opérations d'ordre de transfert entre "
     "sections", "28158", "Amortissement des autres installations", 11_000_000, "0"),
)  # fmt: skip


def _amount(value: float) -> str:
    return f"{value:.2f}"


def budget_rows(rng: random.Random) -> Iterator[dict[str, str]]:
    voted: dict[tuple[int, str, str], float] = {}
    for year in EXERCISES:
        growth = 1.0 + 0.025 * (year - EXERCISES[0])
        for (
            section,
            direction,
            operation,
            chapter,
            chapter_label,
            account,
            label,
            amount,
            spread,
        ) in LINES:
            shares = [rng.uniform(0.5, 1.5) for _ in spread]
            for function, share in zip(spread, shares, strict=True):
                base = amount * growth * share / sum(shares)
                planned = round(base * rng.uniform(0.97, 1.03), -2)
                key = (year, account, function)
                voted[key] = planned
                common = {
                    "BGT_ANNEE": str(year),
                    "BGT_SIRET": SIRET,
                    "BGT_NOM": COLLECTIVITY,
                    "BGT_CONTNAT": account,
                    "BGT_CONTNAT_LABEL": label,
                    "BGT_NATURE": chapter,
                    "BGT_NATURE_LABEL": chapter_label,
                    "BGT_FONCTION": function,
                    "BGT_FONCTION_LABEL": FUNCTIONS[function],
                    "BGT_SECTION": section,
                    "BGT_OPBUDG": operation,
                    "BGT_CODRD": direction,
                    "BGT_ARTSPE": "non spécialisé",
                }
                previous = voted.get((year - 1, account, function))
                yield common | {
                    "BGT_NATDEC": "budget primitif",
                    "BGT_MTBUDGPREC": _amount(previous) if previous else "",
                    "BGT_MTPROPNOUV": _amount(planned),
                    "BGT_CREDOUV": _amount(planned),
                }
                if year not in CLOSED:
                    continue
                # Amending decisions during the year; the account says what was spent.
                opened = round(planned * rng.uniform(0.98, 1.08), -2)
                if section == "fonctionnement":
                    rate, carried = rng.uniform(0.92, 0.995), 0.0
                else:
                    rate = rng.uniform(0.55, 0.85)
                    carried = round(opened * (1 - rate) * rng.uniform(0.3, 0.7), -2)
                yield common | {
                    "BGT_NATDEC": "compte administratif",
                    "BGT_MTPREV": _amount(opened),
                    "BGT_CREDOUV": _amount(opened),
                    "BGT_MTREAL": _amount(round(opened * rate, 2)),
                    "BGT_MTRAR3112": _amount(carried) if carried else "",
                }


# --- the council's deliberations -----------------------------------------------------------

DELIBERATION_FIELDS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]
# (ACTES code, matter/sub-matter, objects, weight, has a budget impact).
SUBJECTS: tuple[tuple[str, str, tuple[str, ...], int, bool], ...] = (
    ("7.1", "Finances locales/Décisions budgétaires",
     ("Décision modificative n° {n} du budget principal", "Vote des taux de fiscalité",
      "Budget annexe de l'eau : décision modificative"), 3, True),
    ("7.5", "Finances locales/Subventions",
     ("Subventions aux associations sportives", "Subvention au festival des musiques",
      "Soutien aux associations de solidarité"), 4, True),
    ("1.1", "Commande publique/Marchés publics",
     ("Attribution du marché de collecte des déchets", "Groupement de commandes pour l'énergie",
      "Marché de travaux de voirie : avenant n° {n}"), 3, False),
    ("1.2", "Commande publique/Délégation de service public",
     ("Rapport annuel du délégataire de l'eau potable", "Avenant au contrat de DSP du réseau "
      "de chaleur"), 1, False),
    ("2.1", "Urbanisme/Documents d'urbanisme",
     ("Modification n° {n} du plan local d'urbanisme intercommunal",
      "Périmètre de la zone d'aménagement concerté"), 2, False),
    ("3.1", "Domaine et patrimoine/Acquisitions",
     ("Acquisition d'une parcelle pour le bassin de rétention",
      "Acquisition de terrains pour la voie verte"), 2, True),
    ("3.2", "Domaine et patrimoine/Aliénations",
     ("Cession d'un bâtiment désaffecté", "Cession d'un délaissé de voirie"), 1, True),
    ("4.1", "Fonction publique/Personnels titulaires et stagiaires de la F.P.T.",
     ("Modification du tableau des effectifs", "Régime indemnitaire des agents"), 2, False),
    ("5.2", "Institutions et vie politique/Fonctionnement des assemblées",
     ("Désignation de représentants dans les organismes extérieurs",
      "Règlement intérieur du conseil"), 2, False),
    ("8.7", "Domaines de compétences par thèmes/Transports",
     ("Tarifs du réseau de transports en commun", "Plan de mobilité : arrêt du projet"), 2,
     False),
    ("8.8", "Domaines de compétences par thèmes/Environnement",
     ("Plan climat-air-énergie territorial : bilan", "Programme de compostage partagé",
      "Gestion des milieux aquatiques : convention"), 3, False),
    ("8.9", "Domaines de compétences par thèmes/Culture",
     ("Convention avec la scène de musiques actuelles", "Tarifs des conservatoires"), 2, True),
)  # fmt: skip
MEMBERS = 84


def _sessions() -> Iterator[date]:
    """A council a month, on the second Thursday, from December 2025 to November 2026, none
    in August."""
    month = date(2025, 12, 1)
    while month <= date(2026, 11, 1):
        if month.month != 8:
            first_thursday = month + timedelta(days=(3 - month.weekday()) % 7)
            yield first_thursday + timedelta(days=7)
        month = (month + timedelta(days=32)).replace(day=1)


def deliberation_rows(rng: random.Random) -> Iterator[dict[str, str]]:
    weights = [s[3] for s in SUBJECTS]
    for session in _sessions():
        for number in range(1, rng.randint(9, 17) + 1):
            code, matter, objects, _weight, budgetary = rng.choices(SUBJECTS, weights)[0]
            present = rng.randint(58, 80)
            against = rng.choice((0, 0, 0, rng.randint(1, 9)))
            abstaining = rng.choice((0, 0, rng.randint(1, 6)))
            delib_id = f"DEL-{session:%Y-%m}-{number:03d}"
            yield {
                "COLL_NOM": COLLECTIVITY,
                "COLL_SIRET": SIRET,
                "DELIB_ID": delib_id,
                "DELIB_DATE": session.isoformat(),
                "DELIB_MATIERE_CODE": code,
                "DELIB_MATIERE_NOM": matter,
                "DELIB_OBJET": rng.choice(objects).format(n=rng.randint(1, 4)),
                "BUDGET_ANNEE": str(session.year) if budgetary else "",
                "BUDGET_NOM": "Budget principal" if budgetary else "",
                "PREF_ID": "PREF057",
                "PREF_DATE": (session + timedelta(days=rng.randint(2, 9))).isoformat(),
                "VOTE_EFFECTIF": str(MEMBERS),
                "VOTE_REEL": str(present),
                "VOTE_POUR": str(present - against - abstaining),
                "VOTE_CONTRE": str(against),
                "VOTE_ABSTENTION": str(abstaining),
                "DELIB_URL": f"https://demo.collectivia.fr/deliberations/{delib_id}.pdf",
            }


# --- grants --------------------------------------------------------------------------------

GRANT_FIELDS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]
# Associations: (kind of club or cause, the objects of its grants, typical amount).
CAUSES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("Football club", ("Fonctionnement", "Manifestation sportive"), 24_000),
    ("Cercle des nageurs", ("Fonctionnement", "Manifestation sportive"), 18_000),
    ("Handball club", ("Fonctionnement",), 21_000),
    ("Compagnie de théâtre", ("Projet culturel",), 12_000),
    ("Harmonie municipale", ("Projet culturel", "Fonctionnement"), 8_000),
    ("Jardins partagés", ("Projet environnemental",), 4_500),
    ("Épicerie solidaire", ("Action sociale",), 9_500),
    ("Maison des jeunes", ("Fonctionnement", "Projet éducatif"), 16_000),
)
TOWNS = ("de Metz", "de Woippy", "de Montigny-lès-Metz", "du Ban-Saint-Martin", "de Marly")
# Sole traders: a SIRET, no RNA number; each is a person (the indicators never show one).
SOLE_TRADERS = (("Atelier de reliure Martin", 5_000), ("Librairie Dupuis", 7_000))
# The conventions are signed after the councils that vote the grants.
CAMPAIGNS = ((2, 20), (4, 10), (6, 26), (9, 18), (11, 20))


def _siret(rng: random.Random) -> str:
    """A SIRET: a SIREN (8 digits and its key), an establishment (4 digits), its key."""
    siren = luhn_completed(f"{rng.randint(40, 89)}{rng.randrange(10**6):06d}")
    return luhn_completed(f"{siren}{rng.randint(1, 99):04d}")


def grant_rows(rng: random.Random) -> Iterator[dict[str, str]]:
    # (name, SIRET, RNA number, objects, typical amount)
    beneficiaries = [
        (f"{cause} {town}", _siret(rng) if rng.random() < 0.6 else "",
         f"W{rng.randrange(10**9):09d}", objects, typical)
        for cause, objects, typical in CAUSES
        for town in TOWNS
    ] + [
        (name, _siret(rng), "", ("Aide à l'installation",), typical)
        for name, typical in SOLE_TRADERS
    ]  # fmt: skip
    number = 0
    for year in (2025, 2026):
        for month, day in CAMPAIGNS:
            signed = date(year, month, day)
            for name, siret, rna, objects, typical in beneficiaries:
                if rng.random() > 0.45:
                    continue
                number += 1
                paid = signed + timedelta(days=rng.randint(15, 60))
                staged = rng.random() < 0.3
                period = (
                    f"{paid.isoformat()}/{(paid + timedelta(days=120)).isoformat()}"
                    if staged
                    else paid.isoformat()
                )
                yield {
                    "nomAttribuant": COLLECTIVITY,
                    "idAttribuant": SIRET,
                    "dateConvention": (signed + timedelta(days=rng.randint(0, 6))).isoformat(),
                    "referenceDecision": f"CONV-{year}-{number:04d}",
                    "nomBeneficiaire": name,
                    "idBeneficiaire": siret,
                    "rnaBeneficiaire": rna,
                    "objet": rng.choice(objects),
                    "montant": _amount(round(typical * rng.uniform(0.3, 1.2), -2)),
                    "nature": "aide en nature" if rng.random() < 0.08 else "aide en numéraire",
                    "conditionsVersement": "échelonné" if staged else "unique",
                    "datesPeriodeVersement": period,
                    "idRAE": "",
                    "notificationUE": "non",
                    "pourcentageSubvention": "1",
                    "dispositifAide": "",
                }


def as_csv(fields: Sequence[str], rows: Iterator[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _seeded() -> random.Random:
    return random.Random(SEED)  # noqa: S311 - demo data, the same every time


def files() -> dict[str, str]:
    """Each demo file's name and text (the same every time: seeded)."""
    return {
        "budget.csv": as_csv(BUDGET_FIELDS, budget_rows(_seeded())),
        "deliberations.csv": as_csv(DELIBERATION_FIELDS, deliberation_rows(_seeded())),
        "subventions.csv": as_csv(GRANT_FIELDS, grant_rows(_seeded())),
    }


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (FOLDER / name).write_text(text, encoding="utf-8")
        rows, size = text.count("\n") - 1, len(text.encode())
        sys.stdout.write(f"{FOLDER / name}: {rows} rows, {size} bytes\n")


if __name__ == "__main__":
    main()
