"""The English check of the French catalogues: what it flags, and French it must not."""

from __future__ import annotations

import pytest

from collectivia.testkit.french import english_words


@pytest.mark.parametrize(
    "text",
    ["Sur un an, les demandes ont baissé.", "Deux visites par an.", "Depuis l'an dernier."],
)
def test_the_french_year_is_not_english(text: str) -> None:
    assert english_words(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [("Create an entry first.", ["an", "entry"]), ("Un an is a year", ["is"])],
)
def test_english_words_are_found(text: str, found: list[str]) -> None:
    assert english_words(text) == found
