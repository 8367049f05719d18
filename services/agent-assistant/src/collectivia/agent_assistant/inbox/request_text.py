"""What a handover is about: the citizen's words just before the request, not the
conversation's first question (four requests of one conversation would all read « Quels
sont les horaires de la mairie ? »). The turns arrive masked by the chat."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# A follow-up this short (« Et le samedi ? ») is read with the question before it.
SHORT_FOLLOW_UP_WORDS = 4
_WORD = re.compile(r"\w+")


class SaidTurn(Protocol):
    @property
    def role(self) -> str: ...

    @property
    def text(self) -> str: ...


def _citizen_words(turns: Sequence[SaidTurn]) -> list[str]:
    return [turn.text for turn in turns if turn.role == "citizen" and turn.text.strip()]


def trigger_question(turns: Sequence[SaidTurn]) -> str:
    """The citizen's last message before the request ("" when they asked nothing)."""
    said = _citizen_words(turns)
    return said[-1] if said else ""


def request_words(turns: Sequence[SaidTurn]) -> str:
    """The words a reply answers and its sources are searched with: the last message, with
    the one before it when it is a short follow-up."""
    said = _citizen_words(turns)
    if not said:
        return ""
    if len(said) > 1 and len(_WORD.findall(said[-1])) < SHORT_FOLLOW_UP_WORDS:
        return "\n".join(said[-2:])
    return said[-1]
