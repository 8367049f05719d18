"""Small-group suppression: figures are shown only for groups of at least ``min_group``
distinct agents, so that no agent's use can be singled out.

A department-month whose agents are fewer than ``min_group`` shows no figure at all (not even
a count). Within a shown department-month, the breakdown by task shows the tasks used by
enough agents and puts the others together in "other tasks"; since that group could
otherwise be worked out as "total minus the shown tasks", it is itself made of at least
``min_group`` agents, by moving the smallest shown tasks into it when needed
(complementary suppression).

Not covered: an agent who makes most of a large group's tasks (a dominance rule), and
comparisons between months (each department-month is a separate, disjoint cell: no total over
several months is published, so one month cannot be obtained by subtraction).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OTHER_TASKS = "other"


@dataclass(frozen=True)
class Tally:
    """One agent's tasks within one cell (e.g. one task kind in one department-month)."""

    agent: str
    tasks: int
    generative: int
    minutes_saved: int
    latency_ms_total: int


@dataclass(frozen=True)
class Figures:
    tasks: int
    agents: int
    generative_share: float
    minutes_saved: int
    mean_latency_ms: int

    @classmethod
    def of(cls, tallies: Sequence[Tally]) -> Figures:
        tasks = sum(t.tasks for t in tallies)
        return cls(
            tasks=tasks,
            agents=len({t.agent for t in tallies}),
            generative_share=round(sum(t.generative for t in tallies) / tasks, 3) if tasks else 0.0,
            minutes_saved=sum(t.minutes_saved for t in tallies),
            mean_latency_ms=round(sum(t.latency_ms_total for t in tallies) / tasks) if tasks else 0,
        )


def distinct_agents(tallies: Sequence[Tally]) -> int:
    return len({t.agent for t in tallies})


@dataclass(frozen=True)
class Breakdown:
    shown: dict[str, Figures]
    # The tasks put together, with their figures; None when every task is shown.
    other: Figures | None
    other_tasks: tuple[str, ...]


def breakdown(cells: Mapping[str, Sequence[Tally]], min_group: int) -> Breakdown:
    """Split a shown group's cells into shown ones and one "other" group, each of at least
    ``min_group`` distinct agents (the caller checked the whole group has that many)."""
    shown = {name: list(t) for name, t in cells.items() if distinct_agents(t) >= min_group}
    hidden = {name: list(t) for name, t in cells.items() if name not in shown}

    def hidden_agents() -> int:
        return distinct_agents([t for tallies in hidden.values() for t in tallies])

    while hidden and hidden_agents() < min_group and shown:
        smallest = min(
            shown, key=lambda n: (distinct_agents(shown[n]), sum(t.tasks for t in shown[n]), n)
        )
        hidden[smallest] = shown.pop(smallest)
    other = Figures.of([t for tallies in hidden.values() for t in tallies]) if hidden else None
    return Breakdown(
        shown={name: Figures.of(t) for name, t in sorted(shown.items())},
        other=other,
        other_tasks=tuple(sorted(hidden)),
    )
