"""Fusion of ranked lists: reciprocal ranks (Cormack et al., 2009) and normalised scores.

Reciprocal-rank fusion (RRF) sums weight / (k + rank) over the lists: it needs no calibration
between BM25 and cosine similarities, but it ignores by how much the first item leads. A
convex combination of the scores, each list's normalised to 0..1 (Bruch et al., "An Analysis
of Fusion Functions for Hybrid Retrieval", 2023), keeps those margins: a page far ahead by its
words is not overtaken by one a hair ahead by meaning. Documents are fused by their scores
(``score_fusion``); a document's passages, whose scores are too few to normalise, by RRF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[str, float]]:
    """Fuse ranked lists of ids (best first) into one list of (id, score), best first."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def score_fusion(
    lexical: Mapping[str, float],
    dense: Mapping[str, float],
    *,
    lexical_share: float,
    dense_floor: float,
) -> list[tuple[str, float]]:
    """Fuse BM25 scores and cosine similarities into one list of (id, score), best first.

    BM25 scores are divided by the best one (0 has a meaning: no shared term); similarities
    run from ``dense_floor`` (the farthest candidate the dense search returned: 0) to the best
    one (1), since cosine similarities of one encoder sit in a narrow band. The fused score is
    ``lexical_share`` of the first plus the rest of the second: 1 for an item first in both,
    and an item missing from a list gets 0 there."""
    top_lexical = max(lexical.values(), default=0.0)
    top_dense = max(dense.values(), default=0.0)
    spread = top_dense - dense_floor
    scores: dict[str, float] = {}
    for item in lexical.keys() | dense.keys():
        words = lexical.get(item, 0.0) / top_lexical if top_lexical > 0 else 0.0
        if item not in dense:
            meaning = 0.0
        elif spread > 0:
            meaning = max(0.0, dense[item] - dense_floor) / spread
        else:  # one candidate, or all as close: each is the closest
            meaning = 1.0
        scores[item] = lexical_share * words + (1.0 - lexical_share) * meaning
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
