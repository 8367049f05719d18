"""Okapi BM25 over analyzed units (chunks), in memory.

Scores are computed from an inverted index; only units that share a term with the query are
touched, so a query costs in proportion to its terms' posting lists.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Analyzer = Callable[[str], list[str]]


@dataclass
class BM25Index:
    """A BM25 index whose units are identified by their position."""

    analyzer: Analyzer
    k1: float = 1.2
    b: float = 0.75
    _postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _lengths: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, texts: Sequence[str]) -> None:
        """Index texts; each gets the next position."""
        for text in texts:
            position = len(self._lengths)
            counts = Counter(self.analyzer(text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((position, tf))

    @property
    def vocabulary(self) -> dict[str, list[tuple[int, int]]]:
        """Postings by term (read-only use)."""
        return self._postings

    def idf(self, term: str) -> float:
        df = len(self._postings.get(term, ()))
        n = len(self._lengths)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        """BM25 score of every unit that shares at least one term with the query."""
        if not self._lengths:
            return {}
        avg = sum(self._lengths) / len(self._lengths)
        result: dict[int, float] = {}
        for term, qtf in Counter(self.analyzer(query)).items():
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for position, tf in postings:
                norm = self.k1 * (1.0 - self.b + self.b * self._lengths[position] / avg)
                gain = qtf * idf * tf * (self.k1 + 1.0) / (tf + norm)
                result[position] = result.get(position, 0.0) + gain
        return result

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        ranked = sorted(self.scores(query).items(), key=lambda item: (-item[1], item[0]))
        return ranked[:k]
