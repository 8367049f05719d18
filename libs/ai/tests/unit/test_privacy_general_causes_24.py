"""One list of the words that name an organisation (``organisations.py``), for every rule that
needs them: a farm's company on the line above a post box, a funeral director's address, a shop
named after its owner; an association's address may still be its president's home."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a farm's company, by its legal form on the line above
        ("Paul Delmas\nGAEC des Trois Sources\nBP 14, 15300 Murat", []),
        ("Paul Delmas\nBP 14, 15300 Murat", ["BP 14, 15300 Murat"]),
        # a funeral director's address, right after its name
        ("les Pompes Funèbres Roc, 4 rue du Lac, 15000 Aurillac, ont appelé", []),
        # an association's, after its president's name: her home as well
        (
            "Association Ti Kaz – présidente Marie Hoarau, 9 rue des Goyaves, 97440 Saint-André",
            ["9 rue des Goyaves, 97440 Saint-André"],
        ),
    ],
)
def test_an_organisations_address(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le salon Coiffure Awa ouvre-t-il le dimanche ?", []),
        ("l'épicerie Mamadou Frères a fermé", []),
        ("Awa Diallo tient un salon de coiffure", ["Awa Diallo"]),
    ],
)
def test_a_shop_named_after_its_owner(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected
