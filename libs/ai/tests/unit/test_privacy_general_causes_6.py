"""General causes of error seen on a ninth set written apart (measured blind, then tuned on;
never its sentences): birth dates labelled or told in other languages and their months, in
other numeric forms, in a table or after a role beside the name, a year in words as people
say it; a street number in words, a dash before the postcode, a floor's side, « Rés. », « lot
n° », « chem. », a street in capitals before a clause, an address in Britain, a place without a
number after « Domicile : », « logé chez… : », « située », a foreign verb of living or in
brackets after a name, a tribe or a section; a word in lower case before or after a name, a
role's noun heading a note, « and » between two names, a table's header or a chat's bracketed
label, a first name before a surname found alone, a greeting in Arabic script, a business
named after its kind, a street abroad; an e-mail written against robots."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Data nașterii: 21.04.1987. Adresa mea", ["21.04.1987"]),
        ("Geburtsdatum: 14.02.1975", ["14.02.1975"]),
        ("My date of birth is 2 June 1990.", ["2 June 1990"]),
        ("Ele nasceu em 12 de março de 2019 em Lisboa.", ["12 de março de 2019"]),
        ("Mia figlia è nata il 4 settembre 2016 a Napoli.", ["4 settembre 2016"]),
        ("Ich bin am 7. Oktober 1958 geboren.", ["7. Oktober 1958"]),
        ("Né le 1979/08/30 à Oran", ["1979/08/30"]),
        ("Date de naissance : 03 / 11 / 1950", ["03 / 11 / 1950"]),
        (
            "née le trois mai dix-neuf cent cinquante-deux",
            ["trois mai dix-neuf cent cinquante-deux"],
        ),
        ("Mme Ana Costa, née Ribeiro, le 09/09/1961", ["09/09/1961"]),
        ("Nom ; Naissance\nLEROY Martine ; 04/04/1946 ; 06 11 22 33 44", ["04/04/1946"]),
        ("1. PEREIRA Nuno, chef de famille, 15.03.1980", ["15.03.1980"]),
        ("Registre canicule : Mme Odette Lambert, 2 mai 1934, seule.", ["2 mai 1934"]),
        # ...not a feast in another language, nor a month's day without a birth.
        ("La festa del 4 settembre 2016 è stata bella.", []),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("j'habite au douze rue des Lilas à Montbard", ["douze rue des Lilas à Montbard"]),
        ("8 bis, rue de Brest - 29000 Quimper", ["8 bis, rue de Brest - 29000 Quimper"]),
        (
            "15 avenue Foch, 4e étage droite, 57000 Metz",
            ["15 avenue Foch, 4e étage droite, 57000 Metz"],
        ),
        (
            "lot n°4, lotissement Les Chênes, 21000 Dijon",
            ["lot n°4, lotissement Les Chênes, 21000 Dijon"],
        ),
        ("3 chem. des Prés, 21000 Dijon", ["3 chem. des Prés, 21000 Dijon"]),
        ("12 RUE DES ECOLES EST INONDEE", ["12 RUE DES ECOLES"]),
        ("I used to live at 7 Elm Street, Leeds LS6 2AB, UK.", ["7 Elm Street, Leeds LS6 2AB, UK"]),
        (
            "Domicile : Ferme des Sources, 89200 Avallon\nTél",
            ["Ferme des Sources, 89200 Avallon"],
        ),
        (
            "Hébergé chez son oncle : Mas du Pin, 30000 Nîmes.",
            ["Mas du Pin, 30000 Nîmes"],
        ),
        ("la maison située Les Grands Prés, 71000 Mâcon", ["Les Grands Prés, 71000 Mâcon"]),
        ("Wij wonen sinds kort op Le Petit Bois, 24200 Sarlat.", ["Le Petit Bois, 24200 Sarlat"]),
        (
            "Dossier de M. Aubert (Les Vignes Hautes, 71000 Mâcon) à suivre.",
            ["Les Vignes Hautes, 71000 Mâcon"],
        ),
        ("tribu de Wagap, 98820 Poindimié", ["tribu de Wagap, 98820 Poindimié"]),
        # ...not a street without a number, nor the town twice.
        ("La rue de Brest - 29000 Quimper est fermée.", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        ("Quiero inscribir a mi hija Valentina en la escuela.", "hija Valentina", ["Valentina"]),
        (
            "Ia ora na, o Moana Teriierooiterai tō'u i'oa.",
            "Moana Teriierooiterai tō",
            ["Moana Teriierooiterai"],
        ),
        ("Animatrice Inès a ouvert la salle.", "Animatrice Inès", ["Inès"]),
        ("Mi hijos Mateo y Valeria van a la escuela.", "Mateo y Valeria", ["Mateo", "Valeria"]),
        ("[Chat \u2013 10:02] Usager : bonjour", "Chat", []),
        ("Famille | Montant | IBAN\nDupuis Anne | 12,00 €", "Montant", []),
        ("السلام عليكم، je voudrais un rendez-vous.", "السلام عليكم", []),
        ("Le feu d'artifice sera tiré par la société Lacroix Ruggieri.", "Lacroix Ruggieri", []),
        ("Adresse : Str. Mihai Viteazu nr. 3, Cluj", "Mihai Viteazu", []),
        # ...a first name in lower case stays, and a particle before a surname.
        ("c'est awa Koné qui appelle", "awa Koné", ["awa Koné"]),
    ],
)
def test_what_the_guard_keeps_of_the_model_s_find(
    text: str, model_find: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_find) == expected


def test_a_first_name_before_a_surname_found_alone() -> None:
    text = "Bonjour, nazali Grâce Mbuyi Kalala, je cherche une aide."
    assert with_model_finding(text, "Mbuyi Kalala") == ["Grâce Mbuyi Kalala"]
    # ...not after an article: « la Rose » may be a boat.
    assert with_model_finding("La Rose Duval est amarrée au port.", "Duval") == ["Duval"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail : awa.diop(at)gmail(point)com", ["awa.diop(at)gmail(point)com"]),
        ("écrivez à jean [at] free [dot] fr", ["jean [at] free [dot] fr"]),
    ],
)
def test_e_mails_written_against_robots(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.EMAIL) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon fils il s'apel noa bertin il a 8 ans", ["noa bertin"]),
        ("Enfants : Ilyes (2004), Sarah (2008)", ["Ilyes", "Sarah"]),
        (
            "Comment faire ? Nadia, 11 lotissement Les Hirondelles, 45000 Orléans",
            ["Nadia"],
        ),
        # ...not a town before its address.
        ("Bonjour, Orléans, 11 rue des Lilas", []),
        # A name the message repeats later heads a handover's arrow.
        (
            "Passation Mélanie → Stéphane\nBonne semaine à tous,\nMélanie",
            ["Mélanie", "Stéphane", "Mélanie"],
        ),
    ],
)
def test_names_the_rules_find(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected
