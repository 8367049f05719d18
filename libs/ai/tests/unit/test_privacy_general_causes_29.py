"""General causes of the sixty-first to sixty-third sets (Champagne-Ardenne; Languedoc-Roussillon
and the Catalan border; a university town's foreign students and residents; measured blind
first, then read for their errors): identifiers as people give them (a foreign number with its
code apart or in brackets, ten digits typed one by one or dictated in another language, an
e-mail dictated in words, a NIR whose key does not check after its label or « carte vitale »),
a rank before an officer's name, a surname whose apostrophe a reading cut, a Catalan's second
surname, a planning's days, a disease by its discoverer, a grave's place in a cemetery, a
bracket left open."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Mon numéro : 00 32 61 46 78 12.", PiiType.PHONE, "00 32 61 46 78 12"),
        ("Téléphone : (+221) 76 302 44 81\nEmail :", PiiType.PHONE, "(+221) 76 302 44 81"),
        ("mon num 0 6 2 7 1 4 8 8 3 2 merci", PiiType.PHONE, "0 6 2 7 1 4 8 8 3 2"),
        (
            "mon mail c soufiane point benali arobase gmail point com merci",
            PiiType.EMAIL,
            "soufiane point benali arobase gmail point com",
        ),
        (
            "please write to john dot smith at gmail dot com",
            PiiType.EMAIL,
            "john dot smith at gmail dot com",
        ),
        (
            "N° de sécurité sociale : 2051051108321 20 ? (c'est sur ma carte vitale : "
            "2 05 10 51 108 321 20)",
            PiiType.NIR,
            "2 05 10 51 108 321 20",
        ),
    ],
)
def test_identifiers_as_people_give_them(text: str, kind: PiiType, expected: str) -> None:
    assert expected in found(text, kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my number is plus four four seven nine one one two three four five six seven eight",
            "plus four four seven nine one one two three four five six seven eight",
        ),
        (
            "mi numero cero seis dos tres cuatro cinco seis siete ocho nueve gracias",
            "cero seis dos tres cuatro cinco seis siete ocho nueve",
        ),
        ("电话\uff1a零七五八一二三四五六。", "零七五八一二三四五六"),
    ],
)
def test_a_number_dictated_digit_by_digit_in_another_language(text: str, expected: str) -> None:
    assert found(text, PiiType.PHONE) == [expected]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I have two kids, one dog and three cats", PiiType.PHONE),
        ("one two three four five six seven eight", PiiType.PHONE),  # eight digits: a count
        ("Rendez-vous at gmail point com", PiiType.EMAIL),  # a sentence, not an address
        ("Dossier 0 6 2 7 1 4 8 8 3 2 4 1", PiiType.PHONE),  # twelve digits are no phone
        ("Commande n° 2051051108321 20", PiiType.NIR),  # no NIR's label before it
    ],
)
def test_what_only_looks_like_them(text: str, kind: PiiType) -> None:
    assert found(text, kind) == []


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("Rapport : Lt Foucart sur place à 22h.", "Lt Foucart", "Foucart"),
        ("Équipage : GPX Mathieu Roques.", "GPX Mathieu Roques", "Mathieu Roques"),
        ("Élèves absents : N'DIAYE Awa, Federico.", "DIAYE Awa", "N'DIAYE Awa"),
        ("Contact : Ciaran O'Sullivan, Galway.", "Sullivan", "O'Sullivan"),
        ("Sr. Jordi Puig i Casals, alcalde", "Jordi Puig", "Jordi Puig i Casals"),
    ],
)
def test_names_whole_at_their_edges(text: str, model_finds: str, expected: str) -> None:
    assert expected in with_model_finding(text, model_finds)


def test_an_elision_before_a_capitalised_word_stays_out() -> None:
    assert with_model_finding("Le dossier d'Anne Morel est complet.", "Anne Morel") == [
        "Anne Morel"
    ]


@pytest.mark.parametrize(
    ("text", "model_finds"),
    [
        ("Planning :\nLundi : Loïc Teissier\nMardi : Abdel Hamdaoui", "Lundi"),
        ("Sa mère a la maladie d'Alzheimer depuis 2019.", "Alzheimer"),
        ("Enfant atteint du syndrome de Down, accompagné d'une AESH.", "Down"),
    ],
)
def test_days_and_diseases_are_no_one(text: str, model_finds: str) -> None:
    assert model_finds not in with_model_finding(text, model_finds)


def test_someone_s_illness_keeps_their_name() -> None:
    assert with_model_finding("Depuis la maladie de Marie, je m'occupe de tout.", "Marie") == [
        "Marie"
    ]


@pytest.mark.parametrize(
    "text",
    ["Concession : Carré B, tombe 12, allée 3", "Urne déposée au Columbarium case 17, allée 2"],
)
def test_a_grave_s_place_is_no_home(text: str) -> None:
    assert found(text, PiiType.ADDRESS) == []


def test_a_grave_named_earlier_leaves_a_home_a_home() -> None:
    text = "qui grave la plaque sur le caveau mon adresse c'est 2 rue du Lavoir, 21500 Montbard"
    assert found(text, PiiType.ADDRESS) == ["2 rue du Lavoir, 21500 Montbard"]


def test_a_bracket_left_open_is_closed() -> None:
    text = "Adresse : Avenue de la Gare 48, 6840 Neufchâteau (Belgique)."
    read = "Avenue de la Gare 48, 6840 Neufchâteau (Belgique"
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(addresses=(read,))))
    assert found(text, PiiType.ADDRESS, guard) == [f"{read})"]
