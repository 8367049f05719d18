"""Small-group suppression, on its own."""

from __future__ import annotations

from collectivia.agent_assistant.statistics.suppression import Figures, Tally, breakdown


def tallies(prefix: str, agents: int, tasks: int = 1) -> list[Tally]:
    return [Tally(f"{prefix}{i}", tasks, 0, 2 * tasks, 100 * tasks) for i in range(agents)]


def test_figures_add_up_tallies() -> None:
    figures = Figures.of(
        [Tally("a", 3, 1, 10, 300), Tally("b", 1, 1, 0, 500), Tally("a", 2, 0, 5, 200)]
    )
    assert figures == Figures(
        tasks=6, agents=2, generative_share=0.333, minutes_saved=15, mean_latency_ms=167
    )


def test_tasks_of_enough_agents_are_shown_alone() -> None:
    split = breakdown({"draft": tallies("d", 6), "summarize": tallies("s", 5)}, 5)
    assert sorted(split.shown) == ["draft", "summarize"]
    assert split.other is None


def test_small_tasks_are_grouped_when_the_group_is_large_enough() -> None:
    split = breakdown(
        {"draft": tallies("d", 8), "classify": tallies("c", 3), "summarize": tallies("s", 2)}, 5
    )
    assert list(split.shown) == ["draft"]
    assert split.other_tasks == ("classify", "summarize")
    assert split.other is not None and split.other.agents == 5


def test_complementary_suppression_when_the_remainder_is_too_small() -> None:
    # classify alone (1 agent) would be "total minus draft minus summarize": the smallest
    # shown task joins it so the remainder has at least 5 agents.
    split = breakdown(
        {"draft": tallies("d", 9), "summarize": tallies("s", 5), "classify": tallies("c", 1)}, 5
    )
    assert list(split.shown) == ["draft"]
    assert split.other_tasks == ("classify", "summarize")
    assert split.other is not None and split.other.agents == 6


def test_the_same_agents_in_small_tasks_do_not_make_a_group() -> None:
    # The same 2 agents in two tasks: 2 distinct agents, not 4.
    same = tallies("x", 2)
    split = breakdown({"draft": tallies("d", 7), "classify": same, "summarize": same}, 5)
    assert split.shown == {}
    assert split.other is not None and split.other.agents == 9


def test_every_shown_cell_and_the_remainder_reach_the_minimum() -> None:
    for sizes in ([5, 4, 1], [12, 6, 5, 2], [5, 5, 5, 4], [20, 1, 1, 1, 1]):
        cells = {f"t{i}": tallies(f"t{i}-", n) for i, n in enumerate(sizes)}
        split = breakdown(cells, 5)
        assert all(f.agents >= 5 for f in split.shown.values())
        assert split.other is None or split.other.agents >= 5
