"""The theme a handover is routed by: that of the conversation's last answered question.

An answer's theme (the one its ``answer-produced`` event carries) is the theme of the
document it cites first (``[1]``): a source it quotes, or, when it did not know, the closest
source it offered instead (a handover most often follows such a refusal). The turns keep the
cited document ids; the theme is read again from those documents, a later citation standing
in when the first document is no longer known. Empty when no answer cited anything (no
question yet, or only answers the register did not allow).
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
    if answer is None:
        return ""
    for citation in sorted(answer.citations, key=_number):
        document = documents.document(str(citation.get("document_id", "")))
        if document is not None:
            return document.theme
    return ""
