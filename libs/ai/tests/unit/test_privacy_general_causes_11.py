"""General causes of error seen on a thirteenth set written apart (measured blind, then tuned
on; never its sentences): a flat in a housing estate located by its tower, building, stair,
floor and door without a street; a hostel's or a care home's room; an estate after the street;
a country road with its town after « j'habite », but never a street alone; a table's cells split
at its tabs; « ne le » without its accent; a relative's birth date after another's; a date
written in Chinese beside a name; a chat transcript's speakers; a list's items opened by a
first name; « bisous » closing a message."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il vit tour 9, 4e étage, appt 41, La Duchère.",
            ["tour 9, 4e étage, appt 41, La Duchère"],
        ),
        ("bat F escalier 2 porte 18", ["bat F escalier 2 porte 18"]),
        ("bât K 2e porte 21 svp", ["bât K 2e porte 21"]),
        ("On habite Le Mas du Taureau, tour 3, 9e.", ["Le Mas du Taureau, tour 3, 9e"]),
        (
            "Elle loge foyer Adoma, chambre 112, 69200 Vénissieux",
            ["foyer Adoma, chambre 112, 69200 Vénissieux"],
        ),
        ("ma grand-mère à l'EHPAD les tilleuls chambre 8", ["EHPAD les tilleuls chambre 8"]),
        (
            "Foyer ARALIS, 3 rue Sully, ch. 2-14, 69008 Lyon",
            ["Foyer ARALIS, 3 rue Sully, ch. 2-14, 69008 Lyon"],
        ),
        (
            "Hôtel du Parc, 8 avenue Foch, chambre 12, 69006 Lyon",
            ["Hôtel du Parc, 8 avenue Foch, chambre 12, 69006 Lyon"],
        ),
        # no hotel: the town hall's, whose address is the building's (general causes 28)
        ("Hôtel de Ville, 1 place Bellecour, 69002 Lyon", []),
        ("nous sommes au 4, allée 7, Les Vernes.", ["4, allée 7, Les Vernes"]),
        ("5 rue Danton, bâtiment C, 3ème.", ["5 rue Danton, bâtiment C, 3ème"]),
        ("14 rue Voltaire 69190. Merci", ["14 rue Voltaire 69190"]),
        # with its town a road without number is an address; a street alone is many people's
        ("J'habite chemin des Vignes à Saint-Fons.", ["chemin des Vignes à Saint-Fons"]),
        ("J'habite rue Victor Hugo depuis 2010.", []),
        ("on vit chez nous rue paul bert depuis la rentrée", []),
        # an elided particle is part of the street's name typed in lower case
        (
            "on habite rue de l'église à Plouescat depuis 2010",
            ["rue de l'église à Plouescat"],
        ),
        ("jhabite chemin de l'étang, Pibrac", ["chemin de l'étang, Pibrac"]),
        ("Rodrigues\tAna\t12/03/1950\t7 rue du Puits\t06 11 22 33 44", ["7 rue du Puits"]),
        (
            "Keizersgracht 12, 1015 CS Amsterdam, Netherlands",
            ["Keizersgracht 12, 1015 CS Amsterdam, Netherlands"],
        ),
        ("la tour 2 est fermée, porte 3 ouverte", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon pere Ahmed Tazi ne le 3 avril 1950, il habite", ["3 avril 1950"]),
        ("NOM : SILVA\nNE LE : 12/12/1961 A : BRAGA", ["12/12/1961"]),
        ("ne le dites pas, le 12/12/1961 était un mardi", []),
        ("Mon père est né le 02.03.1950, ma mère le 14.07.1953.", ["02.03.1950", "14.07.1953"]),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("notre fils Wang Hao (2018年5月9日) à la crèche", "Wang Hao", ["2018年5月9日"]),
        (
            "a décliné son identité : Ionel Marin, 11/02/1990. Les autres",
            "Ionel Marin",
            ["11/02/1990"],
        ),
        ("rendez-vous de Ionel Marin, 11/02/2026. Les autres", "Ionel Marin", []),
    ],
)
def test_a_birth_date_beside_a_name_the_model_finds(
    text: str, name: str, expected: list[str]
) -> None:
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(name)))
    assert found(text, PiiType.BIRTH_DATE, guard) == expected


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("Rodrigues\tAna Maria\t12/03/1950", ["Rodrigues\tAna Maria"], ["Rodrigues", "Ana Maria"]),
        ("[12/03/2024, 18:40] Samira: la mairie est ouverte ?", [], ["Samira"]),
        ("[18:41] Lucas 😀: oui jusqu'à 17h", [], ["Lucas"]),
        ("- Inaya : allergie aux arachides\n- Noé (CE1) : régime sans porc", [], ["Inaya", "Noé"]),
        ("1. Lenny (12 ans) \u2013 OK", [], ["Lenny"]),
        ("- Farine : 3 kg\n- Sucre : 1 kg", [], []),
        ("Bisous, Sandrine", [], ["Sandrine"]),
    ],
)
def test_names(text: str, model_finds: list[str], expected: list[str]) -> None:
    assert with_model_finding(text, *model_finds) == expected
