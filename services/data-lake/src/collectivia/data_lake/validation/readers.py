"""A file given at the door, read into a table of strings (:class:`RawTable`).

Formats: CSV (encoding and separator detected), XLSX (first sheet; formulas refused; zip bombs
refused before opening), JSON (an array of objects) and Parquet. Whatever the format, every
cell becomes a string (``null`` where the file has no cell), so that one validation path
(``validator.validate``) checks them all against a Table Schema. Blank rows inside a file are
kept (the validation reports them); blank rows at its end are dropped. A cell that looks like
a spreadsheet formula is refused in every format (``formulas``).

Every refusal is an :class:`~collectivia.platform.errors.InvalidInput` saying in French which
file, what is wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from collectivia.data_lake import messages
from collectivia.data_lake.validation import (
    csv_files,
    formulas,
    json_files,
    parquet_files,
    xlsx_files,
)
from collectivia.data_lake.validation.raw_tables import RawTable, ReadLimits
from collectivia.platform.errors import InvalidInput

__all__ = ["RawTable", "ReadLimits", "detect_format", "read_table"]

Reader = Callable[[str, bytes, ReadLimits], RawTable]

READERS: dict[str, Reader] = {
    "csv": csv_files.read_csv,
    "xlsx": xlsx_files.read_xlsx,
    "json": json_files.read_json,
    "parquet": parquet_files.read_parquet,
}
# Formats by file extension; the extensions of formats refused with advice.
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".parquet": "parquet",
}
LEGACY_FORMATS = {".xls": "Excel 97-2003 (.xls)", ".ods": "OpenDocument (.ods)"}


def read_table(*, filename: str, content: bytes, limits: ReadLimits) -> RawTable:
    """Read ``content`` (the file called ``filename``) into a :class:`RawTable`."""
    if not content:
        raise InvalidInput(messages.FILE_EMPTY.format(filename=filename))
    if len(content) > limits.max_bytes:
        raise InvalidInput(
            messages.file_too_large(filename, size=len(content), limit=limits.max_bytes)
        )
    table = READERS[detect_format(filename, content)](filename, content, limits)
    if not table.header:
        raise InvalidInput(messages.NO_COLUMNS.format(filename=filename))
    if table.row_count > limits.max_rows:
        raise InvalidInput(
            messages.TOO_MANY_ROWS.format(
                filename=filename, rows=table.row_count, limit=limits.max_rows
            )
        )
    formulas.refuse_formulas(table)
    return table


def detect_format(filename: str, content: bytes) -> str:
    """The format by the file's extension, else by its first bytes."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in LEGACY_FORMATS:
        raise InvalidInput(
            messages.LEGACY_SPREADSHEET.format(filename=filename, format=LEGACY_FORMATS[suffix])
        )
    if suffix in FORMATS:
        return FORMATS[suffix]
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"PAR1"):
        return "parquet"
    raise InvalidInput(messages.FORMAT_UNSUPPORTED.format(filename=filename))
