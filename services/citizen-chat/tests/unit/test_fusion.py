from __future__ import annotations

import pytest

from collectivia.citizen_chat.knowledge.fusion import best_possible, reciprocal_rank_fusion


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
    assert top == pytest.approx(best_possible([1.0, 1.0]))
