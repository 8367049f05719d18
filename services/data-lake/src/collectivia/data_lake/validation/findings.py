"""What the checks find, before it is worded: a broken rule at a row and a column.

``row`` is the 0-based index of the data row (the report turns it into the row number a user
sees); None for what concerns the whole file or a column. ``details`` carries what the French
message needs (the previous row of a duplicate, the other column of a comparison...), and
``details["variant"]`` picks among the messages of one rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class Finding:
    rule: str
    row: int | None = None
    column: str | None = None
    constraint: str | None = None
    value: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedColumn:
    """A schema field's column once checked: its strings (``null`` where the row has no
    cell), which cells are missing values (``blank``: empty, or one of the schema's
    ``missingValues``), and the typed values (``null`` where blank or not of the type).
    ``too_large`` marks the whole numbers valid for frictionless but beyond 64 bits (null in
    ``typed``; an ``out-of-range`` error), which ``unique`` still compares."""

    raw: pa.Array
    blank: pa.Array
    typed: pa.Array
    too_large: pa.Array | None = None


@dataclass(frozen=True)
class CellResults:
    """What an engine finds in the cells, and the columns it typed."""

    columns: dict[str, CheckedColumn]
    findings: list[Finding]
    blank_rows: pa.Array
