"""The theme a handover is routed by: that of the conversation's last answered question.

An answer's theme is the theme of the document it quotes first (``[1]``). The turns keep the
cited document ids; the theme is read again from those documents, a later citation standing
in when the first document is no longer known. Empty when no answer cited anything (no
question yet, or only answers the register did not allow), and when the last answer was a
refusal: the closest page it offered is often another subject (a canteen question was filed
under « Élections »), so the agents' inbox reads the theme from the citizen's own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from collectivia.citizen_chat.conversations.records import Turn
from collectivia.citizen_chat.knowledge.documents import Document


class CitedDocuments(Protocol):
    """The documents answers cite (the knowledge base)."""

    def document(self, document_id: str) -> Document | None: ...


def last_answer(turns: Sequence[Turn]) -> Turn | None:
    """The assistant's last answer that cites documents."""
    for turn in reversed(turns):
        if turn.role == "assistant" and turn.citations:
            return turn
    return None


def _number(citation: dict[str, Any]) -> int:
    number = citation.get("number")
    return number if isinstance(number, int) else 0


def handover_theme(turns: Sequence[Turn], documents: CitedDocuments) -> str:
    answer = last_answer(turns)
    if answer is None or answer.outcome != "answered":
        return ""
    for citation in sorted(answer.citations, key=_number):
        document = documents.document(str(citation.get("document_id", "")))
        if document is not None:
            return document.theme
    return ""
