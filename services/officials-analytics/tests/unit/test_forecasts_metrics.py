"""MASE and MAPE on series small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from collectivia.officials_analytics.forecasts.metrics import (
    mape,
    mase,
    mean_absolute_error,
    naive_scale,
)


def test_mase_divides_the_forecast_error_by_the_one_step_naive_error_in_sample() -> None:
    # In sample 10, 12, 11, 15: changes 2, 1, 4 -> scale 7 / 3.
    scale = naive_scale([10.0, 12.0, 11.0, 15.0])
    assert scale == pytest.approx(7 / 3)
    # Errors |14 - 13| = 1, |16 - 18| = 2, |20 - 20| = 0 -> MAE 1; MASE = 1 / (7 / 3) = 3 / 7.
    actual, forecast = [14.0, 16.0, 20.0], [13.0, 18.0, 20.0]
    assert mean_absolute_error(actual, forecast) == pytest.approx(1.0)
    assert mase(actual, forecast, scale) == pytest.approx(3 / 7)


def test_mape_is_the_mean_relative_error_in_percent_skipping_zero_months() -> None:
    # |14 - 13| / 14 = 1/14, |16 - 18| / 16 = 1/8, the zero month is left out.
    assert mape([14.0, 16.0, 0.0], [13.0, 18.0, 3.0]) == pytest.approx(100 * (1 / 14 + 1 / 8) / 2)


def test_no_figure_where_it_cannot_be_computed() -> None:
    assert naive_scale([5.0]) is None  # one value: no change
    assert naive_scale([5.0, 5.0, 5.0]) is None  # constant: nothing to scale by
    assert mase([1.0], [2.0], None) is None
    assert mase([], [], 1.0) is None
    assert mape([0.0, 0.0], [1.0, 2.0]) is None


def test_a_perfect_forecast_scores_zero() -> None:
    assert mase([3.0, 4.0], [3.0, 4.0], 2.0) == 0.0
    assert mape([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert not math.isnan(mean_absolute_error([1.0], [1.0]))
