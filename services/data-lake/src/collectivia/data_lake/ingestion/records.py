"""Rows published on Kafka by the suite's services (``fr.collectivia.lake.records-submitted.v1``):
the fourth way into the lake, beside the stewards' files, the DSP operators' deliveries and
the IoT telemetry.

A batch is one load (``Loads.submit_records``): its rows are read as a JSON file's objects are
read (``validation.json_files``: the same cells, so the same verdict as the same rows in a
file), validated against the dataset's Table Schema, then appended to the dataset's table as
one new version (operation "records"), recorded in ``loads`` and announced (dataset-updated,
mode "append"). All or nothing: a batch with one invalid row is refused whole and kept in
quarantine with its report — its rows as the JSON file a steward can download — and nothing
of it is written.

Who may submit: the services named in the ingestion setting ``record_producers``, into any
table dataset that declares a known schema (a per-dataset list of producers would be a field
of the dataset: not needed while the suite's own services are the only producers). A batch
that names no producer, an unknown dataset, one that is not a table or has no known schema,
or a producer not listed, can never be applied: the handler dead-letters it with the reason.

Once: a batch is known by its dataset, producer and batch id (``record_batches``); a batch
seen before, accepted or refused, is ignored, since Kafka delivers at least once and
producers retry. Its load id is derived from that key, so that a batch whose version was
committed to Iceberg but not recorded (a crash in between) is found in the table's history
and recorded, never appended twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy.orm import Session

from collectivia.data_lake import messages
from collectivia.data_lake.ingestion.models import RecordBatchRow
from collectivia.data_lake.validation import formulas, json_files
from collectivia.data_lake.validation.raw_tables import RawTable
from collectivia.platform.errors import InvalidInput, PermissionDenied

# The operation of the versions a batch of records becomes (Iceberg snapshot summary).
OPERATION = "records"
PRODUCER_NOT_ALLOWED = "producteur-de-lignes"
_PRODUCER = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


@dataclass(frozen=True)
class RecordBatch:
    """A batch of rows for a dataset: each row a JSON object (field name -> string, number,
    boolean, null, or nested JSON kept as text), as ``google.protobuf.Struct`` carries them."""

    dataset_id: str
    batch_id: str
    producer: str
    records: Sequence[Mapping[str, Any]]
    # The CloudEvents id it came with (empty outside Kafka).
    event_id: str = ""

    @property
    def filename(self) -> str:
        """What the batch is called where a file's name is shown (loads, quarantine)."""
        return f"lot-{self.producer}-{self.batch_id}.json"

    @property
    def load_id(self) -> str:
        """The load the batch becomes: the same for every delivery of the batch."""
        key = "\x00".join(("records", self.dataset_id, self.producer, self.batch_id))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def content(self) -> bytes:
        """The rows as a JSON file (an array of objects): what quarantine keeps of a refused
        batch, which the lake would read to the same cells."""
        return json.dumps(list(self.records), ensure_ascii=False).encode()


def admit(batch: RecordBatch, producers: Collection[str]) -> None:
    """Refuse a batch that can never be stored, whatever its rows: one that names no producer
    or batch, comes from a service not listed in ``producers``, or has no rows."""
    if not _PRODUCER.match(batch.producer):
        raise InvalidInput(messages.RECORDS_PRODUCER_INVALID.format(producer=batch.producer[:64]))
    if not _BATCH_ID.match(batch.batch_id):
        raise InvalidInput(messages.RECORDS_BATCH_ID_INVALID.format(batch_id=batch.batch_id[:64]))
    if batch.producer not in producers:
        raise PermissionDenied(
            messages.RECORDS_PRODUCER_NOT_ALLOWED.format(producer=batch.producer)
        )
    if not batch.records:
        raise InvalidInput(
            messages.RECORDS_EMPTY.format(batch_id=batch.batch_id, producer=batch.producer)
        )


def raw_table(batch: RecordBatch, *, max_rows: int) -> RawTable:
    """The batch's rows as the validation reads a file: every cell a string, as a JSON file's
    (``json_files.text_of``); the columns, the keys in the order they first appear; row 1 the
    first record. Raises :class:`InvalidInput` for a batch refused whole (too many rows, no
    column, a cell that looks like a spreadsheet formula), as a file would be."""
    filename = batch.filename
    if len(batch.records) > max_rows:
        raise InvalidInput(
            messages.RECORDS_TOO_MANY.format(
                filename=filename, rows=len(batch.records), limit=max_rows
            )
        )
    keys: dict[str, None] = {}
    for record in batch.records:
        keys.update(dict.fromkeys(record))
    if not keys:
        raise InvalidInput(messages.RECORDS_NO_COLUMNS.format(filename=filename))
    columns = tuple(
        pa.array([json_files.text_of(record.get(key)) for record in batch.records], pa.string())
        for key in keys
    )
    table = RawTable(
        filename=filename, format="json", header=tuple(keys), columns=columns, header_row=0
    )
    formulas.refuse_formulas(table)
    return table


def seen(session: Session, batch: RecordBatch) -> RecordBatchRow | None:
    """The batch's record, when it was stored (accepted or refused) before."""
    return session.get(RecordBatchRow, (batch.dataset_id, batch.producer, batch.batch_id))


def received(batch: RecordBatch, at: datetime) -> RecordBatchRow:
    """The batch's record, stored with its load."""
    return RecordBatchRow(
        dataset_id=batch.dataset_id,
        producer=batch.producer,
        batch_id=batch.batch_id,
        load_id=batch.load_id,
        event_id=batch.event_id[:200],
        received_at=at,
    )
