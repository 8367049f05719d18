"""General causes of missed addresses seen on the thirty-third and thirty-fourth sets (the
Champagne and the Ardennes; Paris's northern and western suburbs; both measured blind first,
then read for their addresses, never their sentences): the Ardennes' « écart » and « le
Hameau » after a number, a title in a street's name abroad, Romanian « str. » in lower case, a
town written before its quarter abroad, a street then its tower with the postcode; and what
the names model may add after a town."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.spans import Span
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Courrier : écart de Fontenille, 08270 Faissault",
            ["écart de Fontenille, 08270 Faissault"],
        ),
        (
            "Elle vit au 4 le Hameau des Mazures, 08500 Revin.",
            ["4 le Hameau des Mazures, 08500 Revin"],
        ),
        (
            "Ancienne adresse : Rua Prof. Mota Pinto 12, 3030-001 Coimbra, Portugal",
            ["Rua Prof. Mota Pinto 12, 3030-001 Coimbra, Portugal"],
        ),
        (
            "Domicile : str. Mihai Viteazu 8, ap. 3, 400000 Cluj-Napoca, Roumanie",
            ["str. Mihai Viteazu 8, ap. 3, 400000 Cluj-Napoca, Roumanie"],
        ),
        (
            "Mon oncle vit à Ségou, quartier Médine, Mali, depuis 1990.",
            ["Ségou, quartier Médine, Mali"],
        ),
        # a town and its country alone stay a birthplace
        ("Il est né à Ségou, Mali, en 1990.", []),
        (
            "Nous habitons 12 avenue de Choisy, tour Helsinki, 15e étage, 75013 Paris.",
            ["12 avenue de Choisy, tour Helsinki, 15e étage, 75013 Paris"],
        ),
        # two streets are two homes
        (
            "Il a vécu 12 rue Arago, 3 rue de la Paix, 75002 Paris.",
            ["12 rue Arago", "3 rue de la Paix, 75002 Paris"],
        ),
    ],
)
def test_ardennes_hamlets_streets_abroad_and_towers(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("after_the_town", "kept"),
    [(" 15e", True), (" Cedex 9", True), (", 45 m²", False), (", chambre", False)],
)
def test_after_the_town_the_model_adds_only_a_district_or_a_cedex(
    after_the_town: str, kept: bool
) -> None:
    address = "22 rue de Crimée, 75019 Paris"
    text = f"Logement : {address}{after_the_town}. Loyer 600 €."
    rule = Span(PiiType.ADDRESS, 11, 11 + len(address), address)
    (widened,) = with_model_addresses(text, [rule], [(11, 11 + len(address) + len(after_the_town))])
    assert widened.text == (address + after_the_town if kept else address)
