"""The offline classifier: which theme's words a request contains.

Each theme is a centroid of its keywords (folded, plurals reduced); a request scores, for
each theme, the sum of its matched keywords weighted by how specific each keyword is (a
word shared by several themes counts less) and by its length in words (an expression
counts more than a word). The matched keywords are kept: they explain the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from collectivia.agent_assistant.tasks.sentences import fold, terms
from collectivia.agent_assistant.tasks.themes import Theme

METHOD = "keyword-classifier/1"


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    score: float
    matched: tuple[str, ...]


def _key(expression: str) -> str:
    return " ".join(terms(expression)) or fold(expression)


class KeywordClassifier:
    def __init__(self, themes: Sequence[Theme]) -> None:
        self.themes = tuple(themes)
        keys = {theme.label: {_key(k): k for k in theme.keywords} for theme in self.themes}
        shared = Counter(key for own in keys.values() for key in own)
        self._keywords = {
            label: [
                (
                    re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)"),
                    keyword,
                    len(key.split()) / shared[key],
                )
                for key, keyword in own.items()
            ]
            for label, own in keys.items()
        }

    def scores(self, text: str) -> list[ThemeScore]:
        """Every theme that matched, best first."""
        normalised = " ".join(terms(text))
        found = []
        for label, keywords in self._keywords.items():
            matched = [
                (keyword, weight)
                for pattern, keyword, weight in keywords
                if pattern.search(normalised)
            ]
            if matched:
                found.append(
                    ThemeScore(label, sum(w for _, w in matched), tuple(k for k, _ in matched))
                )
        return sorted(found, key=lambda s: (-s.score, s.theme))
