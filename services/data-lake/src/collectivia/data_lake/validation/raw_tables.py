"""What every reader gives: a file's table as strings (:class:`RawTable`), within limits.

Rows are counted as a spreadsheet user counts them: the header is row ``header_row`` (1 for a
CSV or XLSX file whose header is its first line) and the first data row comes next. JSON and
Parquet files have no header row (``header_row`` 0): their first object or row is row 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class ReadLimits:
    """What a file may weigh: as given (``max_bytes``), in data rows, and once decompressed
    (XLSX and Parquet files are compressed: ``max_uncompressed_bytes`` guards the memory)."""

    max_bytes: int
    max_rows: int
    max_uncompressed_bytes: int


@dataclass(frozen=True)
class RawTable:
    """A file's table, every cell a string.

    ``columns`` holds one ``pa.string()`` array per header label, all of ``row_count``
    values; ``null`` is a cell the row does not have (a short CSV row, a JSON object without
    the key). ``cell_counts`` is set only when some row's number of cells differs from the
    header's (a CSV row too short or too long): the number of cells of each row."""

    filename: str
    format: str
    header: tuple[str, ...]
    columns: tuple[pa.Array, ...]
    encoding: str | None = None
    separator: str | None = None
    warnings: tuple[str, ...] = ()
    header_row: int = 1
    cell_counts: tuple[int, ...] | None = None

    @property
    def row_count(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def row_number(self, index: int) -> int:
        """The row number a user sees for the data row at ``index`` (0-based)."""
        return self.header_row + 1 + index


def from_rows(
    rows: list[list[str | None]], *, width: int
) -> tuple[tuple[pa.Array, ...], tuple[int, ...] | None]:
    """Columns of strings from ``rows`` of cells, for a header of ``width`` labels: short rows
    padded with ``null``, long rows cut; and the rows' cell counts when any differs from
    ``width`` (else None)."""
    counts = tuple(len(row) for row in rows)
    ragged = any(count != width for count in counts)
    if ragged:
        rows = [row[:width] + [None] * (width - len(row)) for row in rows]
    columns = tuple(pa.array([row[i] for row in rows], type=pa.string()) for i in range(width))
    return columns, counts if ragged else None


def drop_trailing_blank_rows(rows: list[list[str | None]]) -> list[list[str | None]]:
    """``rows`` without the rows at its end whose cells are all empty."""
    end = len(rows)
    while end and not any(rows[end - 1]):
        end -= 1
    return rows[:end]
