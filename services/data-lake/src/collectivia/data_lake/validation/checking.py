"""What a custom check sees of the table: the checked columns, which of them the file has,
and the blank rows (``custom_checks``, ``comparisons``, ``siret``, ``actes``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation.findings import CheckedColumn


@dataclass(frozen=True)
class CheckContext:
    columns: dict[str, CheckedColumn]
    present: frozenset[str]
    blank_rows: pa.Array
    row_count: int

    def is_present(self, name: str) -> bool:
        return name in self.present and name in self.columns

    def filled(self, name: str) -> pa.Array:
        """Which cells of ``name`` hold a value (of the right type or not)."""
        if not self.is_present(name):
            return pa.array([False] * self.row_count, type=pa.bool_())
        return pc.invert(self.columns[name].blank)

    def typed(self, name: str) -> pa.Array:
        return self.columns[name].typed

    def text(self, name: str) -> pa.Array:
        """The typed values as text (the cell itself for a string column; null where empty
        or of the wrong type)."""
        typed = self.columns[name].typed
        if pa.types.is_string(typed.type):
            return typed
        return pc.if_else(pc.is_null(typed), pa.scalar(None, pa.string()), self.columns[name].raw)


def skipped_rows(context: CheckContext, names: Iterable[str]) -> pa.Array:
    """The rows a check skips: blank rows, and rows where one of ``names`` has no typed
    value (empty, or of the wrong type)."""
    skipped = context.blank_rows
    for name in names:
        skipped = pc.or_(skipped, pc.is_null(context.typed(name)))
    return skipped
