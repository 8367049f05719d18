"""Statistical disclosure control: which cells of a table are not shown.

The rule, the same for every output (pages, JSON, CSV, gRPC) and for the content gaps:

1. **Primary suppression.** A cell whose group size (the facts it counts, or the distinct
   people — conversations — where the indicator declares it) is under the indicator's
   threshold (5 by default) is suppressed.
2. **Complementary suppression.** A caller can ask the same indicator with one dimension
   less: each *line* of the table (the cells that share every dimension value but one) then
   has its total elsewhere, and a lone suppressed cell in a line would be that total minus
   the line's other cells. So, in every line that has a suppressed cell, further cells are
   suppressed, the smallest group first (then the smallest value, then the first in order),
   until the line has **at least two** suppressed cells **and** their sizes add up to at
   least the threshold (or every cell of the line is suppressed). Suppressing a cell can
   expose another line, so the rule runs again over every dimension until nothing changes.
   A line of a single cell needs nothing: its total is the cell itself, and the query with
   one dimension less suppresses it in turn.

What this does not cover (documented, not done): differences between two overlapping
queries of different periods or commune sets (the total of January-June minus the total of
January-May), which rounding or noise would address.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    """A computed cell, before it is shown: its dimensions' values, its value, its size."""

    dimensions: tuple[str, ...]
    value: float
    size: int


def suppressed(cells: Sequence[Measured], threshold: int) -> list[bool]:
    """Whether each cell is suppressed (same order as ``cells``)."""
    hidden = [cell.size < threshold for cell in cells]
    if not any(hidden) or not cells or not cells[0].dimensions:
        return hidden
    width = len(cells[0].dimensions)
    changed = True
    while changed:
        changed = False
        for axis in range(width):
            lines: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for index, cell in enumerate(cells):
                lines[cell.dimensions[:axis] + cell.dimensions[axis + 1 :]].append(index)
            for line in lines.values():
                if _protect(line, cells, hidden, threshold):
                    changed = True
    return hidden


def _protect(
    line: list[int], cells: Sequence[Measured], hidden: list[bool], threshold: int
) -> bool:
    """Suppress more cells of ``line`` until its suppressed cells cannot be told apart from
    its total; whether any was suppressed."""
    if len(line) < 2:
        return False
    secret = [i for i in line if hidden[i]]
    if not secret:
        return False
    shown = sorted(
        (i for i in line if not hidden[i]),
        key=lambda i: (cells[i].size, cells[i].value, cells[i].dimensions),
    )
    added = False
    while shown and (len(secret) < 2 or sum(cells[i].size for i in secret) < threshold):
        chosen = shown.pop(0)
        hidden[chosen] = True
        secret.append(chosen)
        added = True
    return added
