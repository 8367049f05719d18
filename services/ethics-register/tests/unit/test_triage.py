from __future__ import annotations

import pytest

from collectivia.ethics_register.systems.record import RiskClass
from collectivia.ethics_register.systems.triage import triage
from collectivia.platform.errors import InvalidInput


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, RiskClass.MINIMAL),
        ({"interacts_with_people": True}, RiskClass.LIMITED),
        ({"interacts_with_people": True, "public_benefits": True}, RiskClass.HIGH),
        ({"public_benefits": True, "narrow_task_only": True}, RiskClass.MINIMAL),
        ({"public_benefits": True, "narrow_task_only": True, "profiling": True}, RiskClass.HIGH),
        ({"social_scoring": True, "interacts_with_people": True}, RiskClass.PROHIBITED),
        ({"interacts_with_people": False}, RiskClass.MINIMAL),
    ],
)
def test_proposed_class(answers: dict[str, bool], expected: RiskClass) -> None:
    assert triage(answers).proposed is expected


def test_reasons_cite_the_articles() -> None:
    result = triage({"public_benefits": True})
    assert any("annexe III, 5(a)" in reason for reason in result.reasons)


def test_unknown_questions_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        triage({"is_cool": True})
    assert caught.value.errors[0].field == "answers.is_cool"
