"""Spreadsheet formulas hidden in cells (CSV injection, OWASP): refused at the door.

A cell opened in a spreadsheet runs as a formula when it starts with ``=``, ``+``, ``-`` or
``@``; a formula can call ``HYPERLINK``, ``WEBSERVICE`` or a DDE command (``cmd|'/C calc'!A0``).
The rule, which keeps numbers (``-12,5``), phone numbers (``+33 6 12 34 56 78``), bulleted
text (``- voir l'annexe (page 3)``) and handles (``@mairie``):

- a cell starting with ``=`` is refused, whatever follows;
- a cell starting with ``+``, ``-`` or ``@`` is refused when a function call follows at once
  (``+SUM(``, ``@HYPERLINK(``), a DDE command (``-cmd|``) or a cell reference followed by an
  operator or the end (``+A1``, ``-B2*3``, ``+A1+HYPERLINK(...)``).

Tabs, carriage returns, line feeds and spaces before the sign do not hide it.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake import messages
from collectivia.data_lake.validation.raw_tables import RawTable
from collectivia.platform.errors import InvalidInput

# What may start a formula (RE2, vectorised): the candidates, checked one by one below.
CANDIDATE = r"^[\t\r\n ]*[=+\-@]"
FORMULA = re.compile(
    r"""^[\t\r\n ]*(?:
        =                                               # '=' always starts a formula
      | [+\-@][\t ]*(?:
            [A-Za-z_][A-Za-z0-9_.]*\(                    # a function call: +SUM(
          | [A-Za-z0-9_.]+[\t ]*\|                       # a DDE command: -cmd|
          | \$?[A-Za-z]{1,3}\$?[0-9]+[\t ]*(?:[-+*/^&:,;<>=]|$)  # a cell reference: +A1
        )
    )""",
    re.VERBOSE,
)


def is_formula(cell: str) -> bool:
    return FORMULA.match(cell) is not None


def formula_cells(column: pa.Array) -> list[int]:
    """The indices of ``column``'s cells that hold a formula."""
    candidates = pc.match_substring_regex(column, CANDIDATE)
    indices = pc.indices_nonzero(candidates.fill_null(False)).to_pylist()
    if not indices:
        return []
    cells = column.take(pa.array(indices, type=pa.int64())).to_pylist()
    return [index for index, cell in zip(indices, cells, strict=True) if is_formula(cell)]


def refuse_formulas(table: RawTable) -> None:
    """Raise :class:`InvalidInput` naming the first cell of ``table`` (by row, then column)
    that holds a formula, and how many do."""
    found: list[tuple[int, int]] = []
    for position, column in enumerate(table.columns):
        found.extend((index, position) for index in formula_cells(column))
    if not found:
        return
    index, position = min(found)
    cell = table.columns[position][index].as_py()
    raise InvalidInput(
        messages.formula_refused(
            table.filename,
            row=table.row_number(index),
            column=table.header[position],
            value=cell,
            count=len(found),
        )
    )
