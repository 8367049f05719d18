"""General causes of error seen on a tenth set written apart (measured blind, then tuned on;
never its sentences): a building's name before an address's complements, a hamlet between
the street and the postcode, « A TOWN » after a street in capitals, « à son domicile, … »,
« nous habitons toujours la ferme familiale, … », « résidence secondaire » is no residence's
name; twins' birth dates told at once, a date one hesitates on, an English month in lower
case, « date de naissance exacte : »; an emoji at a name's end."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Foyer Adoma, chambre 12, 3 rue de la Paix, 21000 Dijon",
            ["Foyer Adoma, chambre 12, 3 rue de la Paix, 21000 Dijon"],
        ),
        (
            "Les Jardins de Valmy, bât. C, 4 rue de Valmy, 21800 Quetigny",
            ["Les Jardins de Valmy, bât. C, 4 rue de Valmy, 21800 Quetigny"],
        ),
        (
            "5 rue du Four, Le Haut Village, 21410 Fleurey-sur-Ouche",
            ["5 rue du Four, Le Haut Village, 21410 Fleurey-sur-Ouche"],
        ),
        ("J'HABITE 3 RUE DU PONT A SEMUR", ["3 RUE DU PONT A SEMUR"]),
        (
            "décédé à son domicile, La Combe Basse, route de Gissey, 21410 Agey. Il",
            ["La Combe Basse, route de Gissey, 21410 Agey"],
        ),
        (
            "Nous habitons toujours la ferme familiale, Ferme du Chêne, 21320 Éguilly.",
            ["Ferme du Chêne, 21320 Éguilly"],
        ),
        (
            "ma résidence secondaire au lieu-dit Les Granges, 21320 Arconcey",
            ["lieu-dit Les Granges, 21320 Arconcey"],
        ),
        # ...not a person's name before the complements.
        (
            "Paul Martin, appt 3, 12 rue des Lilas, 21000 Dijon",
            ["appt 3, 12 rue des Lilas, 21000 Dijon"],
        ),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mes jumeaux Adam et Inès, nés le 2 mars 2018 et le 2 mars 2018 aussi",
            ["2 mars 2018", "2 mars 2018"],
        ),
        ("nés le 5 janvier 2017 et le 19 octobre 2019.", ["5 janvier 2017", "19 octobre 2019"]),
        ("sa date de naissance exacte : 19/04/1996 ou 19/09/1996 ?", ["19/04/1996", "19/09/1996"]),
        ("née le 21 august 1990 à Iași", ["21 august 1990"]),
        # ...not another event after « et ».
        ("née le 02/02/1950 et mariée le 03/03/1975", ["02/02/1950"]),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_an_emoji_ends_no_name() -> None:
    assert with_model_finding("Merci beaucoup, Julie 😉 à bientôt", "Julie 😉") == ["Julie"]
