"""Response bodies of the library API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from collectivia.citizen_chat.library.records import ImportJob, LibraryEntry
from collectivia.citizen_chat.library.review import Review


class DocumentRead(BaseModel):
    id: str
    title: str
    version: str
    # SHA-256 of the title and text: the same hash, the same content.
    content_hash: str
    url: str
    licence: str
    theme: str
    published: date | None
    # INSEE codes; empty: every commune.
    communes: list[str]
    # "folder", "import" or "lake".
    origin: str
    # "pending" (being indexed), "indexed" (may be cited) or "withdrawn" (never cited).
    status: str
    updated_at: datetime
    import_id: str | None
    withdrawn_reason: str | None

    @classmethod
    def of(cls, entry: LibraryEntry) -> DocumentRead:
        document = entry.document
        return cls(
            id=entry.document_id,
            title=document.title if document else "",
            version=document.version if document else "",
            content_hash=entry.content_hash,
            url=document.url if document else "",
            licence=document.licence if document else "",
            theme=document.theme if document else "",
            published=document.published if document else None,
            communes=list(document.communes) if document else [],
            origin=entry.origin,
            status=entry.status,
            updated_at=entry.updated_at,
            import_id=entry.import_id,
            withdrawn_reason=entry.withdrawn_reason,
        )


class DocumentList(BaseModel):
    count: int
    documents: list[DocumentRead]


class ImportRead(BaseModel):
    id: str
    filename: str
    # "jsonl", "pdf", "docx", "html", "markdown" or "text".
    format: str
    # "running" until every new or changed document is indexed, then "done".
    status: str
    total: int
    unchanged: int
    # New or changed documents indexed so far (of total - unchanged).
    indexed: int
    created_at: datetime
    finished_at: datetime | None
    document_ids: list[str]
    # Documents of the file waiting for a second person (GET /v1/knowledge/reviews).
    held: int = 0

    @classmethod
    def of(cls, job: ImportJob) -> ImportRead:
        return cls(
            id=job.id,
            filename=job.filename,
            format=job.format,
            status=job.status,
            total=job.total,
            unchanged=job.unchanged,
            indexed=job.indexed,
            created_at=job.created_at,
            finished_at=job.finished_at,
            document_ids=list(job.document_ids),
        )


class ReviewRead(BaseModel):
    id: str
    document_id: str
    title: str
    # "import" or "lake".
    origin: str
    proposed_by: str
    proposed_at: datetime
    # Why the version waits, in French.
    reasons: list[str]
    # "waiting", "approved", "rejected" or "replaced".
    status: str
    # Unified diff of the title and text against the live version.
    diff: str
    reviewed_by: str | None
    comment: str

    @classmethod
    def of(cls, review: Review) -> ReviewRead:
        return cls(
            id=review.id,
            document_id=review.document.id,
            title=review.document.title,
            origin=review.origin,
            proposed_by=review.proposed_by,
            proposed_at=review.proposed_at,
            reasons=list(review.reasons),
            status=review.status,
            diff=review.diff,
            reviewed_by=review.reviewed_by,
            comment=review.comment,
        )


class ReviewList(BaseModel):
    count: int
    reviews: list[ReviewRead]


class ReviewDecision(BaseModel):
    # True: the version goes live; False: it is dropped (say why in the comment).
    approve: bool | None = None
    comment: str = Field("", max_length=2000)
