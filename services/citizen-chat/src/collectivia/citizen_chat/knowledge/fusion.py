"""Reciprocal-rank fusion of ranked lists (Cormack et al., 2009).

A document's fused score is the sum over the lists of weight / (k + rank). RRF needs no score
calibration between BM25 and cosine similarities, which live on unrelated scales.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def best_possible(weights: Sequence[float], k: int = RRF_K) -> float:
    """The fused score of an item ranked first in every list."""
    return sum(weights) / (k + 1)
