"""The ingestion's records, kept in the service's database: every load, the refused files
in quarantine, every erasure. Nothing here holds a row of data or a person's name: the
submitter is a pseudonym (SHA-256 of the token's subject), an erased value only its hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.data_lake.database import Base, UtcDateTime


class LoadRow(Base):
    """One file submitted for a dataset, accepted or not; or one batch of rows a service
    submitted on Kafka (``records.py``: its rows are the "file", as JSON)."""

    __tablename__ = "loads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(120), index=True)
    # "accepted" (a new version), "rejected" (unreadable or invalid: nothing written),
    # "failed" (valid, but the write to the lake failed: nothing written).
    status: Mapped[str] = mapped_column(String(16))
    accepted: Mapped[bool] = mapped_column(Boolean)
    filename: Mapped[str] = mapped_column(String(300))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # A person's pseudonym; for a batch of records, the producing service's name.
    submitted_by: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(BigInteger)
    # The version the load became (Iceberg snapshot id); none when refused.
    snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    schema_name: Mapped[str] = mapped_column(String(200))
    schema_version: Mapped[str] = mapped_column(String(40))
    # {"valid", "row_count", "error_count", "truncated", "rules": {rule: count}, "detail"}.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    quarantine_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    contract_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # Whether fr.collectivia.lake.dataset-updated.v1 was acknowledged by Kafka (accepted
    # loads only): a false one is for the outbox to send again.
    announced: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class RecordBatchRow(Base):
    """A batch of rows a service submitted on Kafka (records-submitted), accepted or refused:
    kept so that the batch, delivered again, is not stored twice. Its load is in ``loads``."""

    __tablename__ = "record_batches"

    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    producer: Mapped[str] = mapped_column(String(60), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    load_id: Mapped[str] = mapped_column(String(32))
    # The CloudEvents id of the delivery that was stored (a redelivery may carry another).
    event_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuarantinedLoad(Base):
    """A file refused by validation, kept with its report until corrected or discarded.
    Its bytes are in the quarantine folder, under the entry's id."""

    __tablename__ = "quarantined_loads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(120), index=True)
    load_id: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(300))
    submitted_by: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    schema_name: Mapped[str] = mapped_column(String(200))
    error_count: Mapped[int] = mapped_column(Integer)
    # The validation report: {"valid", "row_count", "truncated", "errors": [{row, column,
    # rule, message}]}.
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    contract_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # "pending" (to correct), "replaced" (a later load of the dataset was accepted),
    # "discarded" (by a steward, or by an erasure in the dataset).
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Whether the file's bytes are still kept (removed once replaced or discarded).
    file_kept: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ErasureRow(Base):
    """One erasure of a person's rows (the value that identified them is only hashed)."""

    __tablename__ = "erasures"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(120), index=True)
    column: Mapped[str] = mapped_column(String(200))
    value_sha256: Mapped[str] = mapped_column(String(64))
    requested_by: Mapped[str] = mapped_column(String(64))
    rows_erased: Mapped[int] = mapped_column(BigInteger)
    versions_removed: Mapped[int] = mapped_column(Integer)
    files_removed: Mapped[int] = mapped_column(Integer)
    quarantined_files_removed: Mapped[int] = mapped_column(Integer)
    # The version left after the erasure (the dataset's only one); none when nothing matched.
    snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
