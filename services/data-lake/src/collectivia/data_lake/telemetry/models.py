"""The telemetry's records, kept in the service's database (the readings themselves are in
the datasets' Iceberg tables): every batch received with its acknowledgement (a batch sent
again is answered from here), every refused reading with its reason, the periods whose
aggregates are to publish again, and what each dataset last announced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.data_lake.database import Base, UtcDateTime


class TelemetryBatchRow(Base):
    """One batch, by the id its operator gave it."""

    __tablename__ = "telemetry_batches"

    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    operator: Mapped[str] = mapped_column(String(100))
    contract_id: Mapped[str] = mapped_column(String(80))
    # The Iceberg commit that holds its rows (the snapshots' load id): several batches may
    # share one.
    commit_id: Mapped[str] = mapped_column(String(32), index=True)
    # "pending" (recorded, its commit not yet confirmed) or "stored".
    state: Mapped[str] = mapped_column(String(10))
    accepted: Mapped[int] = mapped_column(Integer)
    # The refused readings: [[index, reason], ...].
    rejected: Mapped[list[Any]] = mapped_column(JSON)
    snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuarantinedReadingRow(Base):
    """A reading refused at the door, with why (French) and the reading as it came."""

    __tablename__ = "telemetry_quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset_id: Mapped[str] = mapped_column(String(120), index=True)
    batch_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    commit_id: Mapped[str] = mapped_column(String(32), index=True)
    sensor_id: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(100))
    # NaN and infinities are kept as text ("nan", "inf"): not every database stores them.
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    value_text: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(40))
    measured_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    commune: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class TouchedPeriodRow(Base):
    """An hour or a day that received readings since its aggregate was last published."""

    __tablename__ = "telemetry_touched_periods"

    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    period: Mapped[str] = mapped_column(String(4), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    touched_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TelemetryDatasetRow(Base):
    """A telemetry dataset's latest commit and what was last announced of it."""

    __tablename__ = "telemetry_datasets"

    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(80))
    latest_snapshot_id: Mapped[int] = mapped_column(BigInteger)
    announced_snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # Rows appended since the last announcement (the announcement's rows_added).
    rows_since_announced: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HourlyAggregateRow(Base):
    """The latest aggregate of one hour of readings of a sensor's measure: what the hour's
    event says, and what its day's aggregate is made of (a day is never read whole)."""

    __tablename__ = "telemetry_hourly_aggregates"

    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    hour_start: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    sensor_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    commune: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    minimum: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)
