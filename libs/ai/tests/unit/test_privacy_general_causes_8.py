"""General causes of error seen on an eleventh set written apart (measured blind, then tuned
on; never its sentences): a house's or a farm's own name (« maison Errekaldia », « ferme
Ithurburua », « Elizaldea etxea ») alone with its postcode or before its street, « et » inside
a street's name, a studio's or a room's number, a number opening a place after a cue; streets
abroad with their floor and door, the Basque type after the name, a Belgian street and its
letterbox; a model's find in lower case without any first name, unless an introduction or a
married name's word comes before it; a phone number written in words."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Je vis maison Irigoinenea, 64250 Cambo-les-Bains.",
            ["maison Irigoinenea, 64250 Cambo-les-Bains"],
        ),
        ("ferme Etxeberria, 64480 Ustaritz", ["ferme Etxeberria, 64480 Ustaritz"]),
        ("Adresse : Haitzaldea etxea, 64250 Itxassou", ["Haitzaldea etxea, 64250 Itxassou"]),
        (
            "villa Les Mouettes, 8 rue du Port, 64500 Saint-Jean-de-Luz",
            ["villa Les Mouettes, 8 rue du Port, 64500 Saint-Jean-de-Luz"],
        ),
        (
            "4 rue Pierre et Marie Curie, 64100 Bayonne",
            ["4 rue Pierre et Marie Curie, 64100 Bayonne"],
        ),
        (
            "résidence Les Pins, studio 12, 3 allée du Bois, 64600 Anglet",
            ["résidence Les Pins, studio 12, 3 allée du Bois, 64600 Anglet"],
        ),
        (
            "on habite au 18 chemin des Goyaves, Ravine Blanche, 97410 Saint-Pierre",
            ["18 chemin des Goyaves, Ravine Blanche, 97410 Saint-Pierre"],
        ),
        ("calle Real 5, 2º derecha, 20301 Irun", ["calle Real 5, 2º derecha, 20301 Irun"]),
        ("Nagusia kalea 12, 20280 Hondarribia", ["Nagusia kalea 12, 20280 Hondarribia"]),
        (
            "Rue du Moulin 7, boîte 2, 1300 Wavre, Belgique",
            ["Rue du Moulin 7, boîte 2, 1300 Wavre, Belgique"],
        ),
        # ...not a brand's house, nor a surname's family.
        ("la maison Dupont vend du pain", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        ("Egun on, nire semea izena eman nahi dut", "izena eman nahi", []),
        ("bjr c omar bensaid du 3e", "omar bensaid", ["omar bensaid"]),
        ("je m'appelle chen hao et je suis étudiant", "chen hao", ["chen hao"]),
        ("Mme d'Arcangues a appelé.", "d'Arcangues", ["d'Arcangues"]),
    ],
)
def test_what_the_guard_keeps_of_the_model_s_find(
    text: str, model_find: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_find) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mon numéro c'est zéro six, vingt et un, trente, quatre-vingt-dix-neuf, zéro deux",
            ["zéro six, vingt et un, trente, quatre-vingt-dix-neuf, zéro deux"],
        ),
        # ...not a count that starts from zero.
        ("il a zéro un deux trois enfants", []),
    ],
)
def test_a_phone_number_written_in_words(text: str, expected: list[str]) -> None:
    """Seen in two sets written apart: a dictated number typed as it was said."""
    assert found(text, PiiType.PHONE) == expected
