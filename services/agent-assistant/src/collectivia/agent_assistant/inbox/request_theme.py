"""The theme a handover is shown and routed under.

The chat sends the theme of the page its last *answer* quoted; when it could not answer it
sends none (the closest page of a refusal is often another subject: a canteen question was
filed under « Élections »). The theme is then read from the citizen's own words, by the
themes' keywords (``tasks/keyword_classifier.py``); none found: no theme, and the request
goes to the commune's or the default department."""

from __future__ import annotations

from collections.abc import Sequence

from collectivia.agent_assistant.inbox.request_text import SaidTurn, request_words
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES


class RequestThemes:
    def __init__(self, *, keywords: KeywordClassifier | None = None) -> None:
        self.keywords = keywords or KeywordClassifier(DEFAULT_THEMES)

    def theme_of(self, *, sent: str, turns: Sequence[SaidTurn]) -> str:
        """``sent``: the chat's theme ("" when its last answer quoted nothing)."""
        if sent.strip():
            return sent.strip()
        scores = self.keywords.scores(request_words(turns))
        return scores[0].theme if scores else ""
