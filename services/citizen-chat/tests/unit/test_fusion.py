from __future__ import annotations

import pytest

from collectivia.citizen_chat.knowledge.fusion import (
    RRF_K,
    reciprocal_rank_fusion,
    score_fusion,
)


def test_agreement_beats_one_strong_list() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [item for item, _ in fused] == ["b", "a", "c"]


def test_an_item_in_one_list_only_still_appears_after_shared_ones() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "z"]]))
    assert set(fused) == {"a", "b", "z"}
    assert fused["b"] > fused["a"] > fused["z"]


def test_weights_and_the_ceiling() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert fused[0][0] == "b"
    top = reciprocal_rank_fusion([["a"], ["a"]])[0][1]
    assert top == pytest.approx(2 / (RRF_K + 1))  # first in both lists


def test_score_fusion_gives_one_to_the_item_first_in_both_lists() -> None:
    fused = score_fusion(
        {"a": 12.0, "b": 6.0},
        {"a": 0.91, "b": 0.89, "c": 0.87},
        lexical_share=0.6,
        dense_floor=0.87,
    )
    assert fused[0][0] == "a"
    assert fused[0][1] == pytest.approx(1.0)
    # b: half the best BM25 score, half way from the floor to the best similarity.
    assert dict(fused)["b"] == pytest.approx(0.6 * 0.5 + 0.4 * 0.5)
    # c: no shared word, at the floor of the dense candidates.
    assert dict(fused)["c"] == pytest.approx(0.0)


def test_score_fusion_keeps_the_lead_that_reciprocal_ranks_lose() -> None:
    # "a" is far ahead by its words, "b" a hair ahead by meaning: ranks call it a tie broken
    # by the heavier list, scores keep "a" first.
    lexical = {"a": 20.0, "b": 4.0}
    dense = {"b": 0.900, "a": 0.899, "z": 0.850}
    ranked = reciprocal_rank_fusion([["a", "b"], ["b", "a", "z"]], weights=[1.0, 1.3])
    assert ranked[0][0] == "b"
    fused = score_fusion(lexical, dense, lexical_share=0.6, dense_floor=0.85)
    assert fused[0][0] == "a"


def test_score_fusion_with_one_dense_candidate_or_no_words() -> None:
    fused = dict(score_fusion({}, {"a": 0.8}, lexical_share=0.6, dense_floor=0.8))
    assert fused == {"a": pytest.approx(0.4)}
    assert score_fusion({}, {}, lexical_share=0.6, dense_floor=0.0) == []
