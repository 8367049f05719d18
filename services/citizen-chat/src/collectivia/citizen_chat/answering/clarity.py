"""Whether the best retrieved page is clearly the page a question is about.

A paraphrase ("Il a neigé, dois-je dégager le trottoir devant chez moi ?") often shares few
words with any one sentence of the page that answers it, while retrieval puts that page
clearly first and the question means what the page says. Such a page is "clear" and may be
quoted even though no single sentence carries half of the question:

- it leads the second page clearly: its fused score (``knowledge/fusion.py``: 1 for a page
  first in both lists) is ahead by ``agreed_margin`` when both retrievers, the lexical and the
  dense one, rank it first, by ``lone_margin`` when one of them ranks another page first (one
  disagreeing retriever asks for a wider lead). A close second means two pages could be the
  one asked about: the assistant does not pick one for the citizen;
- it is within the remit by meaning: the cosine similarity of the question's and the page's
  e5 vectors is at least ``min_similarity``, a floor under which questions out of the
  collectivity's remit (sport, recipes, other countries' rules) sit even when they share a
  word with a page. The floor belongs to the embedded encoder (multilingual-e5-small: the
  bench's off-topic questions stay under 0.87, the pages' own questions mostly above 0.87);
  it no longer decides clarity alone, the margin does;
- the page, read whole with its title, holds a part of the question's weight (``coverage``:
  the inverse-document-frequency weighting of a sentence's support, ``sentences.py``), so a
  question about something the pages never mention cannot ride on its meaning alone.

A clear page's confidence is the mean of 1 and its coverage: at least half, more as the page
holds more of the question.
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
    # Floor of the remit: cosine similarity of the question's and the page's best vectors
    # (embedded e5).
    min_similarity: float = 0.87
    # Lead of the first page's fused score over the second's, when both retrievers rank it
    # first and when only one does (on the fused scale, 0..1). On 96 development questions
    # (tests/bench/data) a lead of 0.1 with both retrievers agreeing, 0.3 without, was wrong
    # on the first page as rarely as the former bar while answering more.
    agreed_margin: float = 0.1
    lone_margin: float = 0.3


@dataclass(frozen=True)
class PageClarity:
    # Share of the question's weight in the best page, read whole with its title.
    coverage: float
    # The best page's lead over the second on the fused scale (0..1).
    margin: float
    clear: bool

    @property
    def confidence(self) -> float:
        return (1.0 + self.coverage) / 2 if self.clear else 0.0


NOT_CLEAR = PageClarity(coverage=0.0, margin=0.0, clear=False)


def page_clarity(
    hits: Sequence[DocumentHit], weights: dict[str, float], bars: ClarityBars
) -> PageClarity:
    """How clearly the first hit is the page the question (its weighted terms) is about."""
    if not hits:
        return NOT_CLEAR
    best = hits[0]
    coverage = _coverage(page_terms(best.document.title, best.document.text), weights)
    margin = best.score - (hits[1].score if len(hits) > 1 else 0.0)
    agreed = best.lexical_rank == 1 and best.dense_rank == 1
    clear = (
        margin >= (bars.agreed_margin if agreed else bars.lone_margin)
        and best.dense_similarity >= bars.min_similarity
        and coverage >= bars.min_coverage
    )
    return PageClarity(coverage=coverage, margin=margin, clear=clear)


# A page's terms are read once, not at every question that finds it (pages are immutable;
# a new version is a new text).
@lru_cache(maxsize=512)
def page_terms(title: str, text: str) -> frozenset[str]:
    return frozenset(analyze(f"{title}\n{text}"))


def _coverage(terms: frozenset[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return sum(w for term, w in weights.items() if term in terms) / total if total > 0 else 0.0
