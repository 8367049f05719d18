"""The documents' tables: one row per document (its current state), one per version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.data_lake.database import Base, UtcDateTime


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    # "published" or "withdrawn".
    status: Mapped[str] = mapped_column(String(20))
    # The number of the current version (1, 2...).
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")


class DocumentVersionRow(Base):
    __tablename__ = "document_versions"

    document_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("documents.id"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2000))
    theme: Mapped[str] = mapped_column(String(200))
    communes: Mapped[list[str]] = mapped_column(JSON)
    licence: Mapped[str] = mapped_column(String(300))
    # The steward's label; empty: the content hash stands for the version.
    label: Mapped[str] = mapped_column(String(100))
    published: Mapped[str | None] = mapped_column(String(10), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[str] = mapped_column(String(200))
