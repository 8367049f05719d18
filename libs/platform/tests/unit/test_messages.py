"""What the platform says to people is French, and comes from its catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collectivia.platform import messages
from collectivia.testkit.french import assert_french, english_words

SOURCE = Path(messages.__file__).parent
TEXTS = {
    name: value
    for name, value in vars(messages).items()
    if name.isupper() and isinstance(value, str)
}
# Domain errors and gRPC aborts raised with a text written in place, not from the catalogue.
WRITTEN_IN_PLACE = re.compile(
    r"raise (NotFound|Conflict|InvalidInput|RuleViolation|PermissionDenied|Unauthenticated|"
    r"DependencyUnavailable|TooManyRequests)\(\s*f?[\"']"
)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(TEXTS[name])


def test_the_framework_errors_are_told_in_french() -> None:
    for title, detail in (*messages.HTTP_ERRORS.values(), messages.HTTP_ERROR):
        assert_french(f"{title} : {detail}")


def test_no_error_is_raised_with_a_text_written_in_place() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITTEN_IN_PLACE.search(line)
    ]
    assert found == []


def test_the_check_tells_the_english_it_replaced() -> None:
    assert english_words("Kafka is unreachable") == ["is"]
    assert english_words("the identity provider's keys are unavailable") == ["the", "are"]
    # A quoted code or a placeholder is not English said to people.
    assert english_words("Le champ « file » est vide ; réessayez dans {retry} s.") == []
