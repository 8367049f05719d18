"""What the privacy guard finds in a text, as the tests of its general causes ask it: by the
rules alone, or with a model that finds given strings (``doubles.FixedPersonModel``)."""

from __future__ import annotations

from typing import cast

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel

RULES_ONLY = PrivacyGuard(persons=None)


def found(text: str, kind: PiiType, guard: PrivacyGuard = RULES_ONLY) -> list[str]:
    """The texts of the spans of ``kind`` the guard finds, in order."""
    return [span.text for span in guard.detect(text) if span.type is kind]


def with_model_finding(text: str, *model_finds: str) -> list[str]:
    """The names the guard keeps when its model finds ``model_finds``."""
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(*model_finds)))
    return found(text, PiiType.NAME, guard)
