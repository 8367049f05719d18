"""The privacy guard measured on the shared labelled set (span-exact, by type)."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectivia.ai.privacy import PiiType, detect
from collectivia.ai.privacy.evaluation import LabelledCase, evaluate, load_cases

CASES = load_cases(Path(__file__).parents[1] / "privacy_cases.jsonl")
BY_ID = {case.id: case for case in CASES}


def test_the_set_is_large_and_mixed() -> None:
    assert len(CASES) >= 80
    assert len(BY_ID) == len(CASES)
    assert sum(1 for case in CASES if not case.expected) >= 30
    assert {kind for case in CASES for kind, _ in case.expected} == set(PiiType)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_labels_are_in_the_text(case: LabelledCase) -> None:
    for _, text in case.expected:
        assert text in case.text


# A representative subset: one or more per type, tricky negatives, mixed letters.
SUBSET = [
    "case-003", "case-009", "case-018", "case-019", "case-022", "case-024", "case-025",
    "case-028", "case-029", "case-033", "case-035", "case-036", "case-044", "case-045",
    "case-046", "case-051", "case-052", "case-056", "case-057", "case-058", "case-059",
    "case-062", "case-063", "case-068", "case-070", "case-071", "case-074", "case-075",
    "case-080", "case-082", "case-084", "case-098", "case-104", "case-112", "case-131",
    "case-138", "case-148", "case-164",
]  # fmt: skip


@pytest.mark.parametrize("case_id", SUBSET)
def test_case(case_id: str) -> None:
    case = BY_ID[case_id]
    found = sorted((span.type, span.text) for span in detect(case.text))
    assert found == sorted(case.expected), case.text


def test_precision_and_recall_on_the_whole_set() -> None:
    report = evaluate(CASES)
    overall = report.overall
    assert overall.precision >= 0.95, report.errors
    assert overall.recall >= 0.90, report.errors


@pytest.mark.parametrize("kind", [PiiType.EMAIL, PiiType.PHONE, PiiType.NIR, PiiType.IBAN])
def test_recall_on_identifiers(kind: PiiType) -> None:
    """agent-assistant's target: recall >= 0.95 on e-mail, phone, NIR and IBAN."""
    score = evaluate(CASES).by_type[kind]
    assert score.recall >= 0.95
    assert score.precision >= 0.95
