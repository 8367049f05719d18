""" "Most useful first": how templates are ordered.

    usefulness = (C * m + sum of the template's scores) / (C + n)  +  W * log10(1 + uses)

- The first term is a Bayesian average of the template's ratings: its n ratings (1 to 5)
  pulled towards m, the mean of every rating in the library (3, the middle of the scale,
  while the library has none), as if each template started with C = 5 ratings of m. One
  enthusiastic 5 therefore does not outrank forty ratings averaging 4.6; a template's own
  ratings take over as they accumulate.
- The second term rewards use (tasks run with the template, from the usage records), with a
  logarithm so that popularity does not bury quality: W = 0.25 gives +0.25 for 9 uses, +0.5
  for 99, +0.75 for 999 — about one rating step for a hundred-fold use.

Ties: more ratings first, then the most recently updated, then the title.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

PRIOR_WEIGHT = 5.0  # C
NEUTRAL_MEAN = 3.0  # m while nothing is rated yet
USE_WEIGHT = 0.25  # W


@dataclass(frozen=True)
class Standing:
    """What the ranking knows of one template."""

    template_id: str
    title: str
    updated_at: datetime
    rating_count: int
    rating_sum: int
    uses: int


def prior_mean(
    standings: Sequence[Standing] | None = None, *, count: int = 0, total: int = 0
) -> float:
    """m: the mean of every rating (from the standings, or from given totals)."""
    if standings is not None:
        count = sum(s.rating_count for s in standings)
        total = sum(s.rating_sum for s in standings)
    return total / count if count else NEUTRAL_MEAN


def usefulness(standing: Standing, mean_of_all: float) -> float:
    bayesian = (PRIOR_WEIGHT * mean_of_all + standing.rating_sum) / (
        PRIOR_WEIGHT + standing.rating_count
    )
    return bayesian + USE_WEIGHT * math.log10(1 + standing.uses)


def most_useful_first(standings: Sequence[Standing], mean_of_all: float) -> list[Standing]:
    return sorted(
        standings,
        key=lambda s: (
            -usefulness(s, mean_of_all),
            -s.rating_count,
            -s.updated_at.timestamp(),
            s.title.casefold(),
        ),
    )
