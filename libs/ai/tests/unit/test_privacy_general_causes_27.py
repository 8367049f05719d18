"""General causes of the fifty-fifth to fifty-seventh sets (Seine-Saint-Denis and the
Val-d'Oise; Alsace and Moselle; messages as machines and hurried people make them: scanned
letters, dictation, spreadsheets, web forms; measured blind first, then read for their errors):
digits a scanner read as letters, an address dictated with its numbers in words, a birth date
in words with its year said short or given by a web form's field or in Darija, a floor's
abbreviation, a building's name as a form's value in quotes, a country in capitals, a lieu-dit
in a spreadsheet's column, Japanese, Pakistani, Algerian and Russian addresses, an estate's
slab, bar or mesh, a footpath (« sente »), a basement, a caravan, a marina, a board's roles and
a funeral home's « PF » are no one's name, a name in capitals less the sentence after it."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.ai.privacy.scanned_digits import with_digits_read
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Tel : 06 3l 47 92 08\nMerci", PiiType.PHONE, ["06 3l 47 92 08"]),
        ("joignable au 05 55 3O 41 87 le matin", PiiType.PHONE, ["05 55 3O 41 87"]),
        ("Née le l4/02/1979 à Besançon", PiiType.BIRTH_DATE, ["l4/02/1979"]),
        ("né le 1l/09/1945", PiiType.BIRTH_DATE, ["1l/09/1945"]),
    ],
)
def test_digits_a_scanner_read_as_letters(text: str, kind: PiiType, expected: list[str]) -> None:
    assert found(text, kind) == expected


def test_only_runs_that_hold_a_digit_are_read() -> None:
    text = "Lola lit l'O2 et le 3O, Iles Ol 12"
    read = with_digits_read(text)
    assert len(read) == len(text)
    assert read == "Lola lit l'O2 et le 30, Iles Ol 12"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "oui bonjour jhabite vingt-trois rue des lilas soixante-neuf cent villeurbanne et "
            "je voulais savoir",
            ["vingt-trois rue des lilas soixante-neuf cent villeurbanne"],
        ),
        (
            "au quarante-deux boulevard de la méditerranée bâtiment f treizième étage treize "
            "mille quinze marseille voila",
            [
                "quarante-deux boulevard de la méditerranée bâtiment f treizième étage treize "
                "mille quinze marseille"
            ],
        ),
        (
            "douze allée des flamboyants quatre-vingt-quinze deux cents sarcelles merci",
            ["douze allée des flamboyants quatre-vingt-quinze deux cents sarcelles"],
        ),
        # no postcode and town said after it: no address read
        ("il y a deux rue fermées cette semaine à lyon", []),
        (
            "Résidence Alésia, bât. 2, 6e ét.\n75014 Paris",
            ["Résidence Alésia, bât. 2, 6e ét.\n75014 Paris"],
        ),
        (
            '{"nom":"Diaye","adresse":"Les Hauts de Sainte-Croix, villa 6, 72100 Le Mans"}',
            ["Les Hauts de Sainte-Croix, villa 6, 72100 Le Mans"],
        ),
        (
            "VOICI SON ADRESSE : VIA ROMA 12, 24121 BERGAMO (BG), ITALIA.\nSALUTATIONS",
            ["VIA ROMA 12, 24121 BERGAMO (BG), ITALIA"],
        ),
        (
            "Adresse : rez-de-chaussée, 9 sente des Jardins, 95100 Argenteuil",
            ["rez-de-chaussée, 9 sente des Jardins, 95100 Argenteuil"],
        ),
        (
            "on loue le sous-sol, 18 rue de la Liberté, 95100 Argenteuil",
            ["sous-sol, 18 rue de la Liberté, 95100 Argenteuil"],
        ),
        (
            "j habite dalle du Val-d'Argent, tour 4, 7e étage, 95100 Argenteuil",
            ["dalle du Val-d'Argent, tour 4, 7e étage, 95100 Argenteuil"],
        ),
        (
            "Adresse : barre Balzac, entrée 3, 93120 La Courneuve",
            ["barre Balzac, entrée 3, 93120 La Courneuve"],
        ),
        ("il y a une barre Balzac près du parc", []),
        (
            "Adresse : maille Karine, bât. 3, 6e étage, appt 63, 67200 Strasbourg",
            ["maille Karine, bât. 3, 6e étage, appt 63, 67200 Strasbourg"],
        ),
        (
            "au foyer de travailleurs migrants des Fillettes, 5 rue des Fillettes, 93200 Bondy",
            ["foyer de travailleurs migrants des Fillettes, 5 rue des Fillettes, 93200 Bondy"],
        ),
        (
            "on vit au terrain du chemin des Marais, caravane 4, 93200 Saint-Denis",
            ["chemin des Marais, caravane 4, 93200 Saint-Denis"],
        ),
        (
            "adresse : péniche Adélaïde, ponton B, port de plaisance, quai du Canal, 67700 Saverne",
            ["péniche Adélaïde, ponton B, port de plaisance, quai du Canal, 67700 Saverne"],
        ),
        (
            "mon frère : House 112, Block C, Model Town, Lahore, Pakistan",
            ["House 112, Block C, Model Town, Lahore, Pakistan"],
        ),
        (
            "CITE DES 720 LOGEMENTS, BLOC C, N° 9, BORDJ EL KIFFAN, 16120 ALGER, ALGERIE",
            ["CITE DES 720 LOGEMENTS, BLOC C, N° 9, BORDJ EL KIFFAN, 16120 ALGER, ALGERIE"],
        ),
        (
            "Adresse : 364024, \u0427\u0435\u0447\u0435\u043d\u0441\u043a\u0430\u044f "
            "\u0420\u0435\u0441\u043f\u0443\u0431\u043b\u0438\u043a\u0430, \u0433. "
            "\u0413\u0440\u043e\u0437\u043d\u044b\u0439, \u0443\u043b. \u041c\u0438\u0440\u0430, "
            "\u0434. 14, \u043a\u0432. 7",
            [
                "364024, \u0427\u0435\u0447\u0435\u043d\u0441\u043a\u0430\u044f "
                "\u0420\u0435\u0441\u043f\u0443\u0431\u043b\u0438\u043a\u0430, \u0433. "
                "\u0413\u0440\u043e\u0437\u043d\u044b\u0439, \u0443\u043b. "
                "\u041c\u0438\u0440\u0430, \u0434. 14, \u043a\u0432. 7"
            ],
        ),
    ],
)
def test_homes(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_lieu_dit_in_a_spreadsheets_address_column() -> None:
    text = (
        "nom;prenom;adresse;cp;ville;observations\n"
        "CHEVALIER;Lucienne;La Métairie Neuve;32000;Auch;portage\n"
        "DUCASSE;Pierre;Lieu-dit Lasserre;32000;Auch;sourd"
    )
    assert found(text, PiiType.ADDRESS) == [
        "La Métairie Neuve;32000;Auch",
        "Lieu-dit Lasserre;32000;Auch",
    ]


def test_a_japanese_address() -> None:
    text = "Mon adresse à Tokyo : 2-14-8 Minami-Aoyama, Minato-ku, Tokyo 107-0062, Japon, merci"
    assert found(text, PiiType.ADDRESS) == [
        "2-14-8 Minami-Aoyama, Minato-ku, Tokyo 107-0062, Japon"
    ]
    assert found("les 12-14 ans du club, Paris, France", PiiType.ADDRESS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bureau 2026\nPrésidente ;Aurélie Martin-Diallo ;06 18 45 27 90\n"
            "Trésorier ;Kévin Rousseau ;06 72 03 55 41",
            ["Aurélie Martin-Diallo", "Kévin Rousseau"],
        ),
        ("Convoi : PF Duval, contact M. Roche", ["Roche"]),
        ("wesh madame cv? c Rayane de la cité des Fleurs", ["Rayane"]),
        # a name in capitals less the sentence it runs on to
        ("MON VOISIN M. LAURENCE PETIT ABOIE TOUTE LA NUIT", ["LAURENCE PETIT"]),
        ("JE SOUSSIGNE M. AHMED BELAÏD NE LE 3 MARS 1960", ["AHMED BELAÏD"]),
        ("Mme JEANNE MARIE DUPONT", ["JEANNE MARIE DUPONT"]),
        ("l'hôpital Albert Schweitzer et le bâtiment Louise Weiss", []),
    ],
)
def test_names(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ma mère née le vingt-deux février quarante-neuf à Oran",
            ["vingt-deux février quarante-neuf"],
        ),
        ('"enfant": {"nom": "Sivakumar", "naissance": "2018-05-22"},', ["2018-05-22"]),
        ("la carte dyal bnti Salma? hiya mzyoda 2 mai 2012. merci", ["2 mai 2012"]),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected
