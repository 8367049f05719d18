"""What callers see of the library (plain data, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from collectivia.citizen_chat.knowledge.documents import Document


class Origin(StrEnum):
    FOLDER = "folder"  # the start-up folder (COLLECTIVIA_CITIZEN_CHAT_KNOWLEDGE_DIR)
    IMPORT = "import"  # a file imported through the admin API
    LAKE = "lake"  # a document-published event of the data lake


class Status(StrEnum):
    PENDING = "pending"  # kept, being indexed
    INDEXED = "indexed"  # searched, may be cited
    WITHDRAWN = "withdrawn"  # never cited again


class ImportStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"


@dataclass(frozen=True)
class LibraryEntry:
    """A document of the library; ``document`` is None only for a withdrawal that came
    before anything was known of the document (a lake event out of order)."""

    document_id: str
    document: Document | None
    content_hash: str
    origin: Origin
    status: Status
    updated_at: datetime
    import_id: str | None = None
    withdrawn_reason: str | None = None


@dataclass(frozen=True)
class ImportJob:
    id: str
    filename: str
    format: str
    status: ImportStatus
    # Documents in the file; those already there unchanged (nothing to do); those indexed
    # since. Done when unchanged + indexed reaches total (or a newer import took them over).
    total: int
    unchanged: int
    indexed: int
    created_at: datetime
    finished_at: datetime | None
    # The file's documents, in its order.
    document_ids: tuple[str, ...] = ()
