"""The datasets' metadata, kept in the service's database (the rows are in Iceberg)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.data_lake.database import Base, UtcDateTime


class DatasetRow(Base):
    __tablename__ = "datasets"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    # "table" (files loaded whole), "telemetry" (readings appended), "document".
    kind: Mapped[str] = mapped_column(String(20))
    publisher: Mapped[str] = mapped_column(String(300))
    contact_name: Mapped[str] = mapped_column(String(300))
    contact_email: Mapped[str] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(300))
    themes: Mapped[list[str]] = mapped_column(JSON)
    keywords: Mapped[list[str]] = mapped_column(JSON)
    communes: Mapped[list[str]] = mapped_column(JSON)
    temporal_start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    temporal_end: Mapped[str | None] = mapped_column(String(10), nullable=True)
    frequency: Mapped[str] = mapped_column(String(40))
    access_rights: Mapped[str] = mapped_column(String(20))
    schema_name: Mapped[str] = mapped_column(String(200))
    owner_department: Mapped[str] = mapped_column(String(100))
    steward: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(300))
    contract_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    commune_column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    key_columns: Mapped[list[str]] = mapped_column(JSON)
    partitioning: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The latest accepted version (Iceberg snapshot id) and its row count.
    latest_snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    schema_version: Mapped[str] = mapped_column(String(40), default="")
    row_count: Mapped[int] = mapped_column(BigInteger, default=0)
