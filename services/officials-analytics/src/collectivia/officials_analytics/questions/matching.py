"""Which declared indicator a question is about: lexical, over each indicator's label and
French synonyms (a phrase matches when the question has all its words), the ties and the
suggestions ranked by the words it shares with the label, definition and synonyms (each
word weighted by how few indicators use it: its inverse document frequency)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.questions.words import content_words


@dataclass(frozen=True)
class Candidate:
    indicator: Indicator
    # The words of the longest label or synonym the question contains (0: none).
    phrase: int
    # The shared words' weight.
    overlap: float


class IndicatorMatcher:
    def __init__(
        self, catalogue: Sequence[Indicator], synonyms: Mapping[str, Sequence[str]]
    ) -> None:
        self._catalogue = tuple(catalogue)
        self._phrases = {
            i.name: [frozenset(content_words(p)) for p in (i.label, *synonyms.get(i.name, ()))]
            for i in self._catalogue
        }
        self._documents = {
            i.name: frozenset(
                content_words(" ".join((i.label, i.definition, *synonyms.get(i.name, ()))))
            )
            for i in self._catalogue
        }
        count = len(self._catalogue)
        vocabulary = {w for words in self._documents.values() for w in words}
        self._idf = {
            w: math.log(1.0 + count / sum(w in d for d in self._documents.values()))
            for w in vocabulary
        }

    def ranked(self, words: Sequence[str]) -> list[Candidate]:
        """Every indicator, the likeliest first, for the question's content ``words``."""
        asked = frozenset(words)
        candidates = [
            Candidate(
                indicator=i,
                phrase=max((len(p) for p in self._phrases[i.name] if p and p <= asked), default=0),
                overlap=sum(self._idf[w] for w in asked & self._documents[i.name]),
            )
            for i in self._catalogue
        ]
        return sorted(candidates, key=lambda c: (-c.phrase, -c.overlap))
