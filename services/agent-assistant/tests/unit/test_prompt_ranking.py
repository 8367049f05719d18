"""The "most useful first" formula on its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from collectivia.agent_assistant.prompts.ranking import (
    NEUTRAL_MEAN,
    Standing,
    most_useful_first,
    prior_mean,
    usefulness,
)

DAY = datetime(2026, 3, 1, tzinfo=UTC)


def standing(name: str, count: int = 0, total: int = 0, uses: int = 0, day: int = 1) -> Standing:
    return Standing(name, name, DAY.replace(day=day), count, total, uses)


def test_prior_is_neutral_while_nothing_is_rated() -> None:
    assert prior_mean([standing("a"), standing("b")]) == NEUTRAL_MEAN


def test_bayesian_average_pulls_few_ratings_towards_the_library_mean() -> None:
    # One 5 in a library whose mean is 3: (5 * 3 + 5) / 6.
    assert usefulness(standing("a", 1, 5), 3.0) == pytest.approx(20 / 6)
    # Many ratings: close to their own mean.
    assert usefulness(standing("b", 100, 460), 3.0) == pytest.approx((15 + 460) / 105)


def test_uses_add_a_damped_bonus() -> None:
    base = usefulness(standing("a"), 3.0)
    assert usefulness(standing("a", uses=9), 3.0) - base == pytest.approx(0.25)
    assert usefulness(standing("a", uses=99), 3.0) - base == pytest.approx(0.5)


def test_ties_go_to_more_ratings_then_the_latest_update_then_the_title() -> None:
    ranked = most_useful_first(
        [
            standing("b", day=1),
            standing("a", day=1),
            standing("recent", day=5),
            standing("rated", 2, 6),
        ],
        3.0,
    )
    assert [s.template_id for s in ranked] == ["rated", "recent", "a", "b"]
