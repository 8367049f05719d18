"""CSV files: encoding and separator detected, parsed by Arrow (Python's ``csv`` when rows are
ragged, to know each row's cells).

Encodings: UTF-8 with or without BOM; UTF-16 with its BOM (Excel's "Unicode text"); else
windows-1252, then latin-1, with a warning (the accents may be wrong: the file should be
saved in UTF-8). Separators: ``,`` ``;`` tab ``|``, the one that splits the header into the
most columns and the following lines into as many.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from collectivia.data_lake import messages
from collectivia.data_lake.validation import formulas
from collectivia.data_lake.validation.raw_tables import (
    RawTable,
    ReadLimits,
    drop_trailing_blank_rows,
    from_rows,
)
from collectivia.platform.errors import InvalidInput

SEPARATORS = (",", ";", "\t", "|")
SAMPLE_CHARS = 64 * 1024
# Arrow's parser reads blocks of this size; a CSV line (quoted newlines included) must fit.
BLOCK_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    data: bytes  # UTF-8, without BOM
    encoding: str
    warnings: tuple[str, ...]


def read_csv(filename: str, content: bytes, limits: ReadLimits) -> RawTable:
    decoded = decode(filename, content)
    text_sample = decoded.data[: SAMPLE_CHARS * 4].decode("utf-8", errors="ignore")
    separator = sniff_separator(text_sample[:SAMPLE_CHARS])
    header: list[str | None] = list(first_record(text_sample, separator))
    if not any((label or "").strip() for label in header):
        raise InvalidInput(messages.NO_HEADER.format(filename=filename))
    parsed = parse_with_arrow(decoded.data, separator, len(header))
    if parsed is not None:
        header = [column[0].as_py() for column in parsed]
        columns = without_trailing_blank_rows(tuple(column.slice(1) for column in parsed))
        counts = None
    else:
        rows = parse_with_python(filename, decoded.data, separator)
        header, body = rows[0], drop_trailing_blank_rows(rows[1:])
        refuse_formulas_beyond_header(filename, header, body)
        columns, counts = from_rows(
            [[*row] if row else [""] * len(header) for row in body], width=len(header)
        )
    labels, trimmed = trim_labels([label or "" for label in header])
    warnings = decoded.warnings + ((messages.labels_trimmed(trimmed),) if trimmed else ())
    return RawTable(
        filename=filename,
        format="csv",
        header=labels,
        columns=columns,
        encoding=decoded.encoding,
        separator=separator,
        warnings=warnings,
        cell_counts=counts,
    )


def decode(filename: str, content: bytes) -> DecodedText:
    """``content`` as UTF-8 bytes without BOM, with the encoding it was found in."""
    if content.startswith(b"\xef\xbb\xbf"):
        content, encoding = content[3:], "utf-8-sig"
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InvalidInput(messages.NOT_TEXT.format(filename=filename)) from error
        return DecodedText(text.encode("utf-8"), "utf-16", ())
    else:
        encoding = "utf-8"
    if b"\x00" in content:
        raise InvalidInput(messages.NOT_TEXT.format(filename=filename))
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return DecodedText(content, encoding, ())
    for fallback in ("windows-1252", "latin-1"):
        try:
            text = content.decode(fallback)
        except UnicodeDecodeError:
            continue
        warning = messages.ENCODING_GUESSED.format(filename=filename, encoding=fallback)
        return DecodedText(text.encode("utf-8"), fallback, (warning,))
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def sniff_separator(sample: str) -> str:
    """The separator that splits the header into the most columns, the following lines
    agreeing; ``,`` when none splits it."""
    if "\n" in sample.rstrip("\r\n"):
        sample = sample[: sample.rstrip("\r\n").rfind("\n")]
    best, best_score = ",", (0, 0.0, 0)
    for separator in SEPARATORS:
        try:
            records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=separator)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        body = [r for r in records[1:] if r]
        agreeing = sum(len(r) == width for r in body) / len(body) if body else 1.0
        score = (1, agreeing, width)
        if score > best_score:
            best, best_score = separator, score
    return best


def first_record(sample: str, separator: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(sample, newline=""), delimiter=separator), [])
    except csv.Error:
        return []


def parse_with_arrow(data: bytes, separator: str, width: int) -> tuple[pa.Array, ...] | None:
    """The columns of strings of ``data`` (the header is their first value), or None when a
    row does not have ``width`` cells (the caller then parses with Python to know each row's
    cells)."""
    ragged: list[object] = []

    def on_invalid_row(row: object) -> str:
        ragged.append(row)
        return "skip"

    names = [f"f{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True, block_size=BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(
                delimiter=separator,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid_row,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if ragged or table.num_columns != width or table.num_rows == 0:
        return None
    return tuple(column.combine_chunks() for column in table.columns)


def without_trailing_blank_rows(columns: tuple[pa.Array, ...]) -> tuple[pa.Array, ...]:
    """``columns`` without the rows at their end whose cells are all empty."""
    if not columns or not len(columns[0]):
        return columns
    filled = pc.not_equal(columns[0], "")
    for column in columns[1:]:
        filled = pc.or_(filled, pc.not_equal(column, ""))
    last = pc.indices_nonzero(filled.fill_null(False))
    end = last[-1].as_py() + 1 if len(last) else 0
    return tuple(column.slice(0, end) for column in columns)


def parse_with_python(filename: str, data: bytes, separator: str) -> list[list[str | None]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=separator)
    rows: list[list[str | None]] = []
    try:
        for record in reader:
            rows.append(list(record))
    except csv.Error as error:
        raise InvalidInput(
            messages.CSV_UNREADABLE.format(filename=filename, row=reader.line_num)
        ) from error
    return rows


def refuse_formulas_beyond_header(
    filename: str, header: list[str | None], body: list[list[str | None]]
) -> None:
    """The cells beyond the header's width are dropped, but a formula there is refused too."""
    for index, row in enumerate(body):
        for position, cell in enumerate(row[len(header) :], start=len(header) + 1):
            if cell and formulas.is_formula(cell):
                raise InvalidInput(
                    messages.FORMULA_BEYOND_HEADER.format(
                        filename=filename,
                        row=index + 2,
                        position=position,
                        value=messages.shortened(cell),
                    )
                )


def trim_labels(header: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The labels without surrounding spaces, and those that had some."""
    trimmed = [label for label in header if label != label.strip()]
    return tuple(label.strip() for label in header), trimmed
