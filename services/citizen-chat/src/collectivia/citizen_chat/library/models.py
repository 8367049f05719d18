"""Tables of the library: one row per document (its latest version, or its withdrawal), one
per import of a file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.citizen_chat.database import Base, UtcDateTime


class LibraryDocumentRow(Base):
    __tablename__ = "library_documents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date)
    # INSEE codes, comma-separated; empty: every commune.
    communes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    # "folder", "import" or "lake" (see records.Origin).
    origin: Mapped[str] = mapped_column(String(16))
    # "pending" (kept, not searched yet), "indexed" or "withdrawn".
    status: Mapped[str] = mapped_column(String(16), index=True)
    import_id: Mapped[str | None] = mapped_column(String(36), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # For lake events: the time of the last change applied, so that an older event that
    # comes late (another topic, a redelivery) changes nothing.
    source_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class ImportRow(Base):
    __tablename__ = "library_imports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    filename: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    # Who imported the file (the token's subject: staff, not citizens).
    actor: Mapped[str] = mapped_column(String(200))
    # "running" until every new document of the file is searched, then "done".
    status: Mapped[str] = mapped_column(String(16), index=True)
    total: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    indexed: Mapped[int] = mapped_column(Integer, default=0)
    # The ids of the file's documents, one per line.
    document_ids: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
