"""Human oversight of a suggestion: kept, edited, or overridden."""

from __future__ import annotations

from collectivia.agent_assistant.inbox.review import HumanReview, review_of

SUGGESTION = (
    "Bonjour,\n\n« Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h. » [1]\n\nCordialement,"
)


def test_the_same_text_with_other_spacing_is_accepted() -> None:
    assert review_of(SUGGESTION, "  " + SUGGESTION.replace("\n\n", "\n") + " ", False) == (
        HumanReview.ACCEPTED
    )


def test_a_touched_up_text_is_edited() -> None:
    edited = SUGGESTION.replace("Cordialement,", "Bien à vous,\nLe service de l'état civil")
    assert review_of(SUGGESTION, edited, False) is HumanReview.EDITED


def test_an_unrelated_text_or_a_rejection_is_overridden() -> None:
    assert review_of(SUGGESTION, "Merci de passer en mairie.", False) is HumanReview.OVERRIDDEN
    assert review_of(SUGGESTION, SUGGESTION, True) is HumanReview.OVERRIDDEN
