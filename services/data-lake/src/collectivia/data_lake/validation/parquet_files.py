"""Parquet files: every column cast to strings, so that the schema decides the types.

The file's metadata is checked before its data is read: at most ``ReadLimits.max_rows`` rows
and ``max_uncompressed_bytes`` once decompressed. Numbers, booleans (``true``/``false``),
dates (``AAAA-MM-JJ``) and text are cast by Arrow; timestamps are written
``AAAA-MM-JJTHH:MM:SS`` (with ``Z`` when they carry a time zone, converted to UTC; fractions of
a second are dropped, as Table Schema's default datetime format has none). Nested,
binary and other columns are refused. There is no header row: the first row is row 1.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from collectivia.data_lake import messages
from collectivia.data_lake.validation.raw_tables import RawTable, ReadLimits
from collectivia.platform.errors import InvalidInput


def read_parquet(filename: str, content: bytes, limits: ReadLimits) -> RawTable:
    try:
        parquet = pq.ParquetFile(io.BytesIO(content))
        metadata = parquet.metadata
        if metadata.num_rows > limits.max_rows:
            raise InvalidInput(
                messages.TOO_MANY_ROWS.format(
                    filename=filename, rows=metadata.num_rows, limit=limits.max_rows
                )
            )
        size = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
        if size > limits.max_uncompressed_bytes:
            raise InvalidInput(
                messages.zip_too_large(filename, size=size, limit=limits.max_uncompressed_bytes)
            )
        table = parquet.read()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise InvalidInput(messages.PARQUET_UNREADABLE.format(filename=filename)) from error
    columns = tuple(
        as_strings(filename, name, column.combine_chunks())
        for name, column in zip(table.column_names, table.columns, strict=True)
    )
    return RawTable(
        filename=filename,
        format="parquet",
        header=tuple(table.column_names),
        columns=columns,
        header_row=0,
    )


def as_strings(filename: str, name: str, column: pa.Array) -> pa.Array:
    kind = column.type
    if pa.types.is_dictionary(kind):
        return as_strings(filename, name, column.dictionary_decode())
    if pa.types.is_timestamp(kind):  # to the second, as Table Schema's datetime reads them
        if kind.tz is not None:
            utc = column.cast(pa.timestamp("s", tz="UTC"), safe=False)
            return pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ")
        seconds = column.cast(pa.timestamp("s"), safe=False)
        return pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%S")
    if (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date(kind)
        or pa.types.is_null(kind)
    ):
        return column.cast(pa.string())
    raise InvalidInput(
        messages.PARQUET_COLUMN_TYPE.format(filename=filename, column=name, type=str(kind))
    )
