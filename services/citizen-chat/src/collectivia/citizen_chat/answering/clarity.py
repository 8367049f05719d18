"""Whether the best retrieved page is clearly the page a question is about.

A paraphrase ("Il a neigé, dois-je dégager le trottoir devant chez moi ?") often shares few
words with any one sentence of the page that answers it, while both retrievers put that page
first and the question means what the page says. Such a page is "clear" and may be quoted
even though no single sentence carries half of the question:

- both retrievers, the lexical and the dense one, rank it first: it is ahead of every other
  page in both, by words and by meaning;
- the question is close to it by meaning: the cosine similarity of their e5 vectors is at
  least ``min_similarity``. Questions out of the collectivity's remit (sport, recipes, other
  countries' rules) stay under it even when a word of theirs is on a page; the bar belongs to
  the embedded encoder (multilingual-e5-small: off-topic questions stay under 0.88, questions
  its pages answer mostly reach 0.89), another encoder needs its own;
- the page, read whole with its title, holds a part of the question's weight (``coverage``:
  the inverse-document-frequency weighting of a sentence's support, ``sentences.py``), so a
  question about something the pages never mention cannot ride on its meaning alone.

A clear page's confidence is its retrieval agreement times the mean of 1 and its coverage:
at least half, more as the page holds more of the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.base import DocumentHit


@dataclass(frozen=True)
class ClarityBars:
    # Share of the question's weight the page (title and text) must hold.
    min_coverage: float = 0.25
    # Cosine similarity of the question's and the page's best vectors (embedded e5).
    min_similarity: float = 0.885


@dataclass(frozen=True)
class PageClarity:
    # Share of the question's weight in the best page, read whole with its title.
    coverage: float
    # The best page's fused retrieval confidence (1.0: first in both lists).
    agreement: float
    clear: bool

    @property
    def confidence(self) -> float:
        return self.agreement * (1.0 + self.coverage) / 2 if self.clear else 0.0


NOT_CLEAR = PageClarity(coverage=0.0, agreement=0.0, clear=False)


def page_clarity(
    hits: Sequence[DocumentHit], weights: dict[str, float], bars: ClarityBars
) -> PageClarity:
    """How clearly the first hit is the page the question (its weighted terms) is about."""
    if not hits:
        return NOT_CLEAR
    best = hits[0]
    coverage = _coverage(page_terms(best.document.title, best.document.text), weights)
    clear = (
        best.lexical_rank == 1
        and best.dense_rank == 1
        and best.dense_similarity >= bars.min_similarity
        and coverage >= bars.min_coverage
    )
    return PageClarity(coverage=coverage, agreement=best.confidence, clear=clear)


# A page's terms are read once, not at every question that finds it (pages are immutable;
# a new version is a new text).
@lru_cache(maxsize=512)
def page_terms(title: str, text: str) -> frozenset[str]:
    return frozenset(analyze(f"{title}\n{text}"))


def _coverage(terms: frozenset[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return sum(w for term, w in weights.items() if term in terms) / total if total > 0 else 0.0
