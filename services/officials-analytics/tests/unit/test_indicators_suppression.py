"""The suppression rule on its own: primary (under the threshold) and complementary (no
line of the table gives a suppressed cell away by subtraction from its total)."""

from __future__ import annotations

from itertools import product

from collectivia.officials_analytics.indicators.suppression import Measured, suppressed

Sizes = dict[tuple[str, ...], int]


def cells(sizes: Sizes) -> list[Measured]:
    return [Measured(dims, float(size), size) for dims, size in sizes.items()]


def hidden_of(sizes: Sizes, threshold: int = 5) -> set[tuple[str, ...]]:
    table = cells(sizes)
    return {c.dimensions for c, h in zip(table, suppressed(table, threshold), strict=True) if h}


def test_nothing_small_nothing_suppressed() -> None:
    assert hidden_of({("a",): 5, ("b",): 7}) == set()
    assert hidden_of({(): 12}) == set()


def test_a_total_alone_is_suppressed_when_small() -> None:
    assert hidden_of({(): 4}) == {()}


def test_a_single_cell_line_needs_no_partner() -> None:
    # The only cell of its line: its total is itself, suppressed by the coarser query too.
    assert hidden_of({("a",): 2}) == {("a",)}


def test_one_dimension_the_next_smallest_goes_too() -> None:
    assert hidden_of({("a",): 2, ("b",): 9, ("c",): 6, ("d",): 40}) == {("a",), ("c",)}


def test_two_small_cells_together_under_the_threshold_take_a_third() -> None:
    # 1 + 2 = 3 < 5: their sum, known from the total, would still be a small group.
    assert hidden_of({("a",): 1, ("b",): 2, ("c",): 8, ("d",): 9}) == {("a",), ("b",), ("c",)}


def test_every_cell_may_end_suppressed() -> None:
    assert hidden_of({("a",): 1, ("b",): 2}) == {("a",), ("b",)}


def test_ties_are_broken_the_same_way_every_time() -> None:
    sizes: Sizes = {("a",): 3, ("b",): 8, ("c",): 8}
    assert hidden_of(sizes) == {("a",), ("b",)}
    assert hidden_of(dict(reversed(sizes.items()))) == {("a",), ("b",)}


def test_two_dimensions_no_line_has_a_lone_suppressed_cell() -> None:
    sizes: Sizes = {
        (r, c): size
        for (r, c), size in zip(
            product("xyz", "123"), [20, 9, 2, 15, 6, 30, 11, 12, 13], strict=True
        )
    }
    hidden = hidden_of(sizes)
    assert ("x", "3") in hidden
    for axis in (0, 1):
        lines: dict[str, list[tuple[str, ...]]] = {}
        for dims in sizes:
            lines.setdefault(dims[1 - axis], []).append(dims)
        for line in lines.values():
            secret = [d for d in line if d in hidden]
            assert len(secret) != 1, line
            if secret:
                assert sum(sizes[d] for d in secret) >= 5


def test_a_cascade_reaches_a_fixed_point() -> None:
    # x3 small; its column takes y3 (the smallest), whose row then takes y1...
    sizes: Sizes = {("x", "1"): 50, ("x", "3"): 1, ("y", "1"): 7, ("y", "3"): 6, ("y", "2"): 60}
    hidden = hidden_of(sizes)
    assert hidden == {("x", "3"), ("x", "1"), ("y", "3"), ("y", "1")}
