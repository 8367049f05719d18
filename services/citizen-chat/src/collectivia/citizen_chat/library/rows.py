"""Library rows <-> documents and records."""

from __future__ import annotations

from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.library.models import ImportRow, LibraryDocumentRow
from collectivia.citizen_chat.library.records import (
    ImportJob,
    ImportStatus,
    LibraryEntry,
    Origin,
    Status,
)


def communes_of(row: LibraryDocumentRow) -> tuple[str, ...]:
    return tuple(code for code in row.communes.split(",") if code)


def holds(row: LibraryDocumentRow, document: Document) -> bool:
    """The row keeps exactly this document (text, version and metadata)."""
    return (
        row.content_hash == document.content_hash
        and (row.title, row.text, row.version) == (document.title, document.text, document.version)
        and (row.url, row.licence, row.theme) == (document.url, document.licence, document.theme)
        and row.published == document.published
        and communes_of(row) == document.communes
    )


def write(row: LibraryDocumentRow, document: Document) -> None:
    row.title, row.text, row.version = document.title, document.text, document.version
    row.url, row.licence, row.theme = document.url, document.licence, document.theme
    row.published = document.published
    row.communes = ",".join(document.communes)
    row.content_hash = document.content_hash


def document_of(row: LibraryDocumentRow) -> Document | None:
    """The row's document; None for a withdrawal of a document never seen (no content)."""
    if not row.content_hash:
        return None
    return Document(
        id=row.id,
        title=row.title,
        text=row.text,
        url=row.url,
        licence=row.licence,
        theme=row.theme,
        published=row.published,
        communes=communes_of(row),
        version=row.version,
    )


def entry_of(row: LibraryDocumentRow) -> LibraryEntry:
    return LibraryEntry(
        document_id=row.id,
        document=document_of(row),
        content_hash=row.content_hash,
        origin=Origin(row.origin),
        status=Status(row.status),
        updated_at=row.updated_at,
        import_id=row.import_id,
        withdrawn_reason=row.withdrawn_reason,
    )


def job_of(row: ImportRow) -> ImportJob:
    return ImportJob(
        id=row.id,
        filename=row.filename,
        format=row.format,
        status=ImportStatus(row.status),
        total=row.total,
        unchanged=row.unchanged,
        indexed=row.indexed,
        created_at=row.created_at,
        finished_at=row.finished_at,
        document_ids=tuple(row.document_ids.split("\n")) if row.document_ids else (),
    )
