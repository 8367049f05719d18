"""The rows a reader may see, as files: CSV (UTF-8, a header line, written batch by batch so
that a large table streams out) and Parquet (pyarrow)."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

# Rows per CSV chunk sent at once.
CSV_BATCH_ROWS = 10_000


def csv_chunks(rows: pa.Table, *, batch_rows: int = CSV_BATCH_ROWS) -> Iterator[bytes]:
    """``rows`` as CSV in UTF-8: the header line, then the rows, ``batch_rows`` at a time."""
    if rows.num_rows == 0:
        yield _csv(rows, header=True)
    for offset in range(0, rows.num_rows, batch_rows):
        yield _csv(rows.slice(offset, batch_rows), header=offset == 0)


def parquet_bytes(rows: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(rows, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def _csv(table: pa.Table, *, header: bool) -> bytes:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, write_options=pa_csv.WriteOptions(include_header=header))
    return bytes(sink.getvalue().to_pybytes())
