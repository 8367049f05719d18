"""General causes of error seen on a sixth set written apart (never its sentences): a work's
author, a shop, a capitalised noun after its determiner, a form's label opening a sentence, a
town abroad someone comes from, a commune's full name, a courtesy word that is a surname too,
"Famille" before a surname; a name in Creole's introduction, after a role's label or right
before its address; births in English and "né ici le"; a place without a number where
someone lives, a flat's word that is no complement, a town's article in lower case. And from
a seventh set (measured blind, then tuned on): "Allah", "c" for "c'est", a surname that starts
like "du", "grande sœur", a role after a signature, "mon nom est" before a word of French;
dates in words ending before "et", two-digit years, a household's list; a quarter or a hamlet
inside an address, « Le Bourg » and a Corsican lieu-dit's article."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        ("Avez-vous le dernier roman de Joël Dicker ?", "Joël Dicker", []),
        ("Le camion de Carrefour bloque la rue tous les matins.", "Carrefour", []),
        ("ATTENTION : la Fontaine du square fuit depuis hier.", "Fontaine", []),
        ("Il est arrivé de Conakry en 2010 avec sa mère.", "Conakry", []),
        ("On a lu que Bourg-en-Bresse avait annulé la fête.", "Bourg-en-Bresse", []),
        ("My wife Ama Asante and I need a certificate.", "Ama Asante", ["Ama Asante"]),
        ("Inch'Allah vous me répondez vite !", "Allah", []),
        ("Famille Wamytan, 5 rue des Flamboyants, 98800 Nouméa", "Famille Wamytan", ["Wamytan"]),
    ],
)
def test_what_the_guard_keeps_of_the_model_s_find(
    text: str, model_find: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_find) == expected


def test_a_form_s_label_opening_a_sentence_is_no_one() -> None:
    text = "Futur époux : Maxime Leroy. Future épouse : Inès Haddad."
    assert "Future" not in with_model_finding(text, "Future")


def test_a_capitalised_noun_after_its_determiner_is_not_a_name_repeated() -> None:
    text = "Merci, Rose Martin. PS : la Rose des vents du parc est cassée."
    assert with_model_finding(text, "Rose Martin") == ["Rose Martin"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjou, mwen ka rélé Jean-Ernst Pierre-Louis. Mwen bezwen", ["Jean-Ernst Pierre-Louis"]),
        ("Dossier reçu complet. — Agent : Solène", ["Solène"]),
        # ...not a word after the label.
        ("Réponse de l'agent : voir le dossier joint.", []),
        (
            "Bonjour, Souksavanh Phommachanh, 8 rue du Moulin, 37000 Tours. Mon bac est cassé.",
            ["Souksavanh Phommachanh"],
        ),
        ("bjr c fatou diop du 3 rue des Acacias", ["fatou diop"]),
        ("cest lucas dubreuil jsuis au bout du couloir", ["lucas dubreuil"]),
        ("cest moi sa grande sœur nour, merci", ["nour"]),
        ("Dossier saisi dans le logiciel. — Maëlle, RH", ["Maëlle"]),
        ("Mon nom est mal écrit sur ma carte d'électeur.", []),
        # ...not a service's heading before its address.
        ("Mairie Annexe, 8 rue du Moulin, 37000 Tours.", []),
    ],
)
def test_names_the_rules_find(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My daughter Maya, born 3 March 2021, needs a place.", ["3 March 2021"]),
        ("Our son was born March 14, 2019 in Leeds.", ["March 14, 2019"]),
        ("Je suis née ici le 2 avril 1958, à la maternité.", ["2 avril 1958"]),
        (
            "née le vingt-deux mai mille neuf cent quarante et domiciliée à Lyon",
            ["vingt-deux mai mille neuf cent quarante"],
        ),
        ("né le 4 août 71 à Tunis", ["4 août 71"]),
        (
            "Foyer :\n1. SOW Ibrahima, 02/02/1980, demandeur\n2. SOW Aïssata, 14/09/2015",
            ["02/02/1980", "14/09/2015"],
        ),
        # ...not a meeting in a list.
        ("Ordre du jour :\n- Réunion du 12/03/2025, salle B", []),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, j'habite Kervéguen, 29000 Quimper, et je", ["Kervéguen, 29000 Quimper"]),
        (
            "mon appartement au 7 rue des Prés, appt 3, 57000 Metz est humide",
            ["7 rue des Prés, appt 3, 57000 Metz"],
        ),
        ("4 chemin des filaos 97430 le tampon svp", ["4 chemin des filaos 97430 le tampon"]),
        (
            "8 chemin des Lilas, quartier Les Hauts, 97400 Saint-Denis",
            ["8 chemin des Lilas, quartier Les Hauts, 97400 Saint-Denis"],
        ),
        (
            "3 route de Millau, hameau de Lavernhe, 12100 Millau",
            ["3 route de Millau, hameau de Lavernhe, 12100 Millau"],
        ),
        # A country address at the village centre; a Corsican lieu-dit with its article.
        ("Envoyez-le au 7 Le Bourg, 19430 Mercœur, merci", ["7 Le Bourg, 19430 Mercœur"]),
        (
            "j'habite lieu-dit A Funtana, 20230 San-Nicolao",
            ["lieu-dit A Funtana, 20230 San-Nicolao"],
        ),
        # ...not the village's feast.
        ("La fête du Bourg a lieu samedi.", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected
