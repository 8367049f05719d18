"""Human oversight of a suggested reply: kept as is, edited, or overridden (rejected, or
rewritten so much that little of it is left)."""

from __future__ import annotations

from difflib import SequenceMatcher

from collectivia.ai.use.evidence import HumanReview

__all__ = ["EDITED_MIN_SIMILARITY", "HumanReview", "review_of"]

# Below this similarity to the suggestion, the reply counts as the agent's own text.
EDITED_MIN_SIMILARITY = 0.5


def _normalised(text: str) -> str:
    return " ".join(text.split())


def review_of(suggestion: str, reply: str, rejected: bool) -> HumanReview:
    if rejected:
        return HumanReview.OVERRIDDEN
    suggested, sent = _normalised(suggestion), _normalised(reply)
    if suggested == sent:
        return HumanReview.ACCEPTED
    similarity = SequenceMatcher(None, suggested, sent, autojunk=False).ratio()
    return HumanReview.EDITED if similarity >= EDITED_MIN_SIMILARITY else HumanReview.OVERRIDDEN
