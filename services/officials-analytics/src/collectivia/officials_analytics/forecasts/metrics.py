"""Forecast errors, as shown beside every forecast: MASE and MAPE.

- MASE (Hyndman & Koehler, 2006): the mean absolute error of the forecasts, divided by the
  mean absolute error of the one-step naive forecast (each month predicted by the month
  before) over the months known before the first forecast origin. Below 1: better than that
  naive forecast; None when the scale is zero (a constant history).
- MAPE: the mean of ``|actual - forecast| / |actual|``, in percent, over the months whose
  actual value is not zero (a zero cannot be divided by); None when every actual is zero.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def naive_scale(training: Sequence[float]) -> float | None:
    """Mean absolute one-step change of ``training``; None below two values or when zero."""
    if len(training) < 2:
        return None
    changes = [abs(after - before) for before, after in itertools.pairwise(training)]
    scale = sum(changes) / len(changes)
    return scale if scale > 0 else None


def mase(actual: Sequence[float], forecast: Sequence[float], scale: float | None) -> float | None:
    if scale is None or not actual:
        return None
    return mean_absolute_error(actual, forecast) / scale


def mape(actual: Sequence[float], forecast: Sequence[float]) -> float | None:
    ratios = [
        abs(real - predicted) / abs(real)
        for real, predicted in zip(actual, forecast, strict=True)
        if real != 0
    ]
    if not ratios:
        return None
    return 100.0 * sum(ratios) / len(ratios)


def mean_absolute_error(actual: Sequence[float], forecast: Sequence[float]) -> float:
    errors = [abs(real - predicted) for real, predicted in zip(actual, forecast, strict=True)]
    return sum(errors) / len(errors)
