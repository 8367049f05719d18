"""Names given away by their context, whatever the model sees: lists, signatures, forms
without colons, particles after a civility; and places whose name has an adjective before it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.coordination import listed_first_names
from collectivia.ai.privacy.evaluation import evaluate, load_cases
from collectivia.ai.privacy.spans import Span

RULES_ONLY = PrivacyGuard(persons=None)
VARIED = Path(__file__).parents[1] / "privacy_cases_varied.jsonl"


def names(text: str) -> list[str]:
    return [span.text for span in RULES_ONLY.detect(text) if span.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonne journée, Soizig", ["Soizig"]),
        ("Cordialement,\nFr. Delorme", ["Fr. Delorme"]),
        ("merci d'avance\nines", ["ines"]),
        ("salut cest ines jai perdu ma carte", ["ines"]),
        ("ddn 21/09/2001 nom traore prenom moussa", ["traore", "moussa"]),
        (
            "Mme Marie-Thérèse d'Arcangues de Saint-Jean demande",
            ["Marie-Thérèse d'Arcangues de Saint-Jean"],
        ),
        ("Rendez-vous avec M. van der Berg jeudi.", ["van der Berg"]),
    ],
)
def test_names_from_their_context(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nom complet obligatoire", []),  # one field word in a sentence is not a form
        ("c'est urgent, merci", []),
        ("Merci,\nLe service urbanisme", []),
        ("Bonne journée, Paris vous attend", []),
        ("Je souhaiterais parler à Mme Diouf du CCAS.", ["Diouf"]),  # not the acronym
    ],
)
def test_no_more_than_the_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le lycée professionnel Jean Jaurès ouvre ses portes.",
        "Le jardin partagé Olympe de Gouges cherche des bénévoles.",
        "Rendez-vous rue Pierre et Marie Curie à 10h.",
        "La boulangerie Paul du centre commercial ferme.",
    ],
)
def test_places_named_after_people(text: str) -> None:
    assert PrivacyGuard().detect(text) == []


def test_first_names_listed_with_a_name() -> None:
    text = "Agathe, Baptiste, Clémence et Hugo Martin sont inscrits; Tulipe aussi."
    start = text.index("Hugo Martin")
    found = listed_first_names(text, [Span(PiiType.NAME, start, start + 11, "Hugo Martin")])
    assert sorted(span.text for span in found) == ["Agathe", "Baptiste", "Clémence"]


def test_the_varied_set_was_split_in_two_halves() -> None:
    raw = [json.loads(line) for line in VARIED.read_text(encoding="utf-8").splitlines()]
    halves = {line["half"] for line in raw}
    assert halves == {"tuning", "blind"}
    assert len(raw) >= 80
    for line in raw:
        for span in line["spans"]:
            assert span["text"] in line["text"], line["id"]
    tuning = load_cases(VARIED, half="tuning")
    assert abs(len(tuning) - len(load_cases(VARIED, half="blind"))) <= 1


def test_names_on_the_tuning_half() -> None:
    """The half the rules were tuned on (the other half is measured in the bench only)."""
    score = evaluate(load_cases(VARIED, half="tuning"), PrivacyGuard().detect).by_type[PiiType.NAME]
    assert score.recall >= 0.95
    assert score.precision >= 0.95
