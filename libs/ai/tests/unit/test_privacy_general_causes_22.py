"""General causes of birth dates missed across the independent sets (read for their errors,
never their sentences): a conversation's answer to a question about a birth, plural labels
(« Nos dates de naissance »), « 1ER » in capitals, « ne(e) le » without its accent, the Haitian
Creole label, a web form's field, Dutch, Albanian and English short months, a year one is not
sure of (« née vers 1935 ») or written right after « né », a second person's date after a
birthplace, a relative named by a family word or a pronoun, a birth name in brackets before
the date."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Agent : Sa date de naissance ?\nUsager : 3 février 2015\nAgent : Merci",
            ["3 février 2015"],
        ),
        ("Conseiller : Nom et date de naissance svp ?\n\nMme : 14/05/1961", ["14/05/1961"]),
        ("Agent : Vous êtes née où et quand ?\nUsagère : à Dakar le 02/11/1979", ["02/11/1979"]),
        (
            "Agent : Les dates de naissance des enfants ?\nPère : 05/05/2012 et 19/01/2016",
            ["05/05/2012", "19/01/2016"],
        ),
        ("Accueil : Il est né quand, votre fils ?\nMère : Le 8 juin 2011.", ["8 juin 2011"]),
        ("Date de naissance ?\n12/03/1990", ["12/03/1990"]),
        # asked without a question mark, a speaker answers
        ("Agent : Il me faut sa date de naissance.\nVisiteur : le 2 aout 79", ["2 aout 79"]),
        ("Je note la date de naissance.\nÀ demain, le 12/03/2027", []),
        # the answer is a phone after the date: only the date is a birth
        ("Date de naissance et téléphone ?\nUsager : 12/03/1985, 06.12.34.56.78", ["12/03/1985"]),
        # a question about something else: its answer's date is no birth
        ("Le rendez-vous est fixé au 12/03/2027 ?\nOui, le 14/03/2027", []),
        ("Date de naissance ?\nJe ne sais plus", []),
    ],
)
def test_the_answer_to_a_question_about_a_birth(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nos dates de naissance : 03/03/1950 et 21/07/1953.", ["03/03/1950", "21/07/1953"]),
        ("JE SUIS NE LE 1ER MARS 1947 A MORONI", ["1ER MARS 1947"]),
        ("prenom: fatou\nne(e) le: 09/10/1993\nville: Sens", ["09/10/1993"]),
        ("Dat nesans : 11/01/1968", ["11/01/1968"]),
        ("nom=silva; prenom=rui; naissance=2001-04-09; tel=", ["2001-04-09"]),
        ("Ma fille Noor (geboren op 4 mei 2016) gaat naar school", ["4 mei 2016"]),
        ("djali im Arben (lindur më 03.08.2018) shkon", ["03.08.2018"]),
        ("and his brother Jack, born Mar 9th 2013.", ["Mar 9th 2013"]),
        ("ma grand-mère, née vers 1935 à Moroni", ["1935"]),
        ("mon fils Kevin né 2011 a perdu sa carte", ["2011"]),
        ("le projet né 2015 a été repris", []),
    ],
)
def test_labels_in_the_plural_in_capitals_and_without_accents(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tiago est né le 07/02/1988 à Braga et Inês le 30/09/1990 à Porto.",
            ["07/02/1988", "30/09/1990"],
        ),
        ("Papa est né le 04/04/1944 et maman le 18/12/1946.", ["04/04/1944", "18/12/1946"]),
        (
            "Mon beau-père est né le 09/09/1939, ma belle-mère le 01/06/1941.",
            ["09/09/1939", "01/06/1941"],
        ),
        ("Il est né le 15/03/2001, moi Abel le 22/08/2003.", ["15/03/2001", "22/08/2003"]),
        ("Nés le 02/02/1952 pour M., 17/07/1955 pour Mme.", ["02/02/1952", "17/07/1955"]),
        # a wedding's or a death's date after a birthplace is none
        ("Il est né le 12/03/1980 à Lyon et marié le 05/06/2010 à Paris.", ["12/03/1980"]),
        ("Il est né le 12/03/1930 et décédé le 05/06/2020.", ["12/03/1930"]),
    ],
)
def test_a_second_birth_after_the_first(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_a_birth_name_in_brackets_before_the_date() -> None:
    text = "Mère : Nadia Said Ali (née Abdallah), 03/04/1987, sans emploi."
    assert found(text, PiiType.BIRTH_DATE) == ["03/04/1987"]
