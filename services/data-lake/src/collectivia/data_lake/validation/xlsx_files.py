"""XLSX workbooks: the first sheet, read with openpyxl in read-only mode.

Before openpyxl opens anything, the zip container is checked (a zip bomb is a small file
that decompresses to gigabytes): the sizes its members declare must add up to at most
``ReadLimits.max_uncompressed_bytes``, and no large member may be compressed more than
``MAX_RATIO`` times (sheets of real data compress 5 to 30 times). Python's ``zipfile`` stops
at the declared size, so a member lying about it fails instead of growing.

A cell holding a formula is refused: the lake keeps values, and a formula kept in a file can
run when someone opens it. Cells become strings: whole numbers without ``.0`` (a SIRET typed
as a number stays ``21060004500392``), other numbers in Python's shortest form, dates as
``AAAA-MM-JJ`` (with ``THH:MM:SS`` when they have a time), booleans as ``true``/``false``.
Leading blank rows are skipped (the header is the first row with a value: ``header_row``
says which), trailing ones dropped.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

import openpyxl

from collectivia.data_lake import messages
from collectivia.data_lake.validation.raw_tables import (
    RawTable,
    ReadLimits,
    drop_trailing_blank_rows,
    from_rows,
)
from collectivia.platform.errors import InvalidInput

MAX_RATIO = 200
# Members smaller than this may be compressed any amount (an empty sheet is all markup).
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000


def read_xlsx(filename: str, content: bytes, limits: ReadLimits) -> RawTable:
    check_zip(filename, content, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise InvalidInput(messages.XLSX_UNREADABLE.format(filename=filename)) from error
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise InvalidInput(messages.XLSX_UNREADABLE.format(filename=filename))
        sheet = sheets[0]
        warnings = (
            (
                messages.XLSX_EXTRA_SHEETS.format(
                    filename=filename, count=len(sheets), sheet=sheet.title
                ),
            )
            if len(sheets) > 1
            else ()
        )
        rows, header_row = sheet_rows(filename, sheet, limits)
    finally:
        workbook.close()
    if not rows:
        raise InvalidInput(messages.NO_COLUMNS.format(filename=filename))
    header = rows[0]
    width = max((i + 1 for i, label in enumerate(header) if label), default=0)
    columns, counts = from_rows(
        [trim_row(row, width) for row in drop_trailing_blank_rows(rows[1:])], width=width
    )
    return RawTable(
        filename=filename,
        format="xlsx",
        header=tuple((label or "").strip() for label in header[:width]),
        columns=columns,
        warnings=warnings,
        header_row=header_row,
        cell_counts=counts,
    )


def check_zip(filename: str, content: bytes, limits: ReadLimits) -> None:
    """Refuse a container that is no zip, or that would decompress beyond the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as container:
            members = container.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InvalidInput(messages.XLSX_UNREADABLE.format(filename=filename)) from error
    if len(members) > MAX_MEMBERS:
        raise InvalidInput(messages.XLSX_UNREADABLE.format(filename=filename))
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise InvalidInput(
            messages.zip_too_large(filename, size=total, limit=limits.max_uncompressed_bytes)
        )
    for member in members:
        if member.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise InvalidInput(
                messages.ZIP_BOMB.format(
                    filename=filename, member=member.filename, ratio=round(ratio)
                )
            )


def sheet_rows(filename: str, sheet: Any, limits: ReadLimits) -> tuple[list[list[str | None]], int]:
    """The sheet's rows from its first row with a value (cells as strings, formulas
    refused), and the number of that row."""
    rows: list[list[str | None]] = []
    header_row = 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        row = [cell_text(filename, sheet.title, cell) for cell in cells]
        if not rows and not any(row):
            continue
        if not rows:
            header_row = number
        rows.append(row)
        if len(rows) > limits.max_rows + 1 and any(row):
            raise InvalidInput(
                messages.TOO_MANY_ROWS_AT_LEAST.format(filename=filename, limit=limits.max_rows)
            )
    return rows, header_row


def cell_text(filename: str, sheet: str, cell: Any) -> str | None:
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        raise InvalidInput(
            messages.XLSX_FORMULA.format(
                filename=filename,
                sheet=sheet,
                cell=cell.coordinate,
                value=messages.shortened(str(value)),
            )
        )
    return text_of(value)


def text_of(value: object) -> str | None:
    """A cell's value as the string the validation reads."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def trim_row(row: list[str | None], width: int) -> list[str | None]:
    """The row's cells up to ``width`` (empty ones added: a sheet's row has no missing
    cells), and beyond only up to its last value (a sheet's rows run as far as its widest
    formatted cell)."""
    end = len(row)
    while end > width and not row[end - 1]:
        end -= 1
    return row[:end] + [None] * (width - end)
