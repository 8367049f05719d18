"""What the AI-use pathway says to people (the register's refusals, special categories) is
French."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import SpecialCategory
from collectivia.ai.use import messages
from collectivia.testkit.french import assert_french

TEXTS = {
    name: value
    for name, value in vars(messages).items()
    if name.isupper() and isinstance(value, str)
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(TEXTS[name])


def test_every_special_category_has_its_french_label() -> None:
    labels = messages.category_labels(list(SpecialCategory))
    assert labels.count(",") == len(SpecialCategory) - 1
    assert "santé" in labels and "origine ethnique" in labels
