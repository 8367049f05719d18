"""Versions of documents waiting for a second person before citizens may read them.

The agents' assistant publishes a curated answer only once an agent other than its author
approved it; the library applies the same rule to its sources: a version from a source set to
need approval (``LibrarySettings.review_sources``: imports, the lake), or one where the privacy
guard found personal data, waits here while the live version, if any, stays cited. A librarian
other than the one who proposed it approves it (it goes live: indexed like an import) or
rejects it with a reason; each waiting version shows its diff against the live one. A newer
version of the same document replaces a waiting one.
"""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.database import Base, UtcDateTime
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.library.models import LibraryDocumentRow
from collectivia.citizen_chat.library.records import Origin, Status
from collectivia.citizen_chat.library.rows import document_of
from collectivia.platform.errors import FieldError, InvalidInput, NotFound, RuleViolation

MAX_COMMENT_CHARS = 1000
# Proposed by a service rather than a person (a lake publication): any librarian reviews it.
LAKE_PROPOSER = "data-lake"


class ReviewStatus(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    REJECTED = "rejected"
    REPLACED = "replaced"  # a newer version came before a decision


class ReviewRow(Base):
    __tablename__ = "library_reviews"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date)
    communes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16))
    import_id: Mapped[str | None] = mapped_column(String(36))
    # The token's subject of the importer, or LAKE_PROPOSER.
    proposed_by: Mapped[str] = mapped_column(String(200))
    proposed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Why it waits, in French, one reason per line.
    reasons: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    comment: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Review:
    """A version waiting for (or given) a second person's decision."""

    id: str
    document: Document
    origin: Origin
    proposed_by: str
    proposed_at: datetime
    reasons: tuple[str, ...]
    status: ReviewStatus
    # Unified diff of the text against the live version (every line added when none is live).
    diff: str
    reviewed_by: str | None = None
    comment: str = ""


def _document(row: ReviewRow) -> Document:
    return Document(
        id=row.document_id,
        title=row.title,
        text=row.text,
        url=row.url,
        licence=row.licence,
        theme=row.theme,
        published=row.published,
        communes=tuple(code for code in row.communes.split(",") if code),
        version=row.version,
    )


def diff(live: Document | None, proposed: Document) -> str:
    """What changes for citizens: title and text, line by line."""
    before = [f"# {live.title}", *live.text.splitlines()] if live else []
    after = [f"# {proposed.title}", *proposed.text.splitlines()]
    return "\n".join(
        difflib.unified_diff(before, after, "version en ligne", "version proposée", lineterm="")
    )


def review_of(row: ReviewRow, live: Document | None) -> Review:
    document = _document(row)
    return Review(
        id=row.id,
        document=document,
        origin=Origin(row.origin),
        proposed_by=row.proposed_by,
        proposed_at=row.proposed_at,
        reasons=tuple(row.reasons.splitlines()),
        status=ReviewStatus(row.status),
        diff=diff(live, document),
        reviewed_by=row.reviewed_by,
        comment=row.comment,
    )


def live_document(session: Session, document_id: str) -> Document | None:
    row = session.get(LibraryDocumentRow, document_id)
    if row is None or row.status == Status.WITHDRAWN:
        return None
    return document_of(row)


def hold(
    session: Session,
    document: Document,
    *,
    origin: Origin,
    proposed_by: str,
    reasons: tuple[str, ...],
    now: datetime,
    import_id: str | None = None,
    source_time: datetime | None = None,
) -> ReviewRow:
    """Keep this version for review; a version of the document still waiting is replaced."""
    for waiting in session.scalars(
        select(ReviewRow).where(
            ReviewRow.document_id == document.id, ReviewRow.status == ReviewStatus.WAITING
        )
    ):
        waiting.status = ReviewStatus.REPLACED
    row = ReviewRow(
        id=str(uuid.uuid4()),
        document_id=document.id,
        title=document.title,
        text=document.text,
        url=document.url,
        licence=document.licence,
        theme=document.theme,
        published=document.published,
        communes=",".join(document.communes),
        version=document.version,
        origin=origin,
        import_id=import_id,
        proposed_by=proposed_by,
        proposed_at=now,
        source_time=source_time,
        reasons="\n".join(reasons),
        status=ReviewStatus.WAITING,
        comment="",
    )
    session.add(row)
    return row


def waiting_rows(session: Session) -> list[ReviewRow]:
    return list(
        session.scalars(
            select(ReviewRow)
            .where(ReviewRow.status == ReviewStatus.WAITING)
            .order_by(ReviewRow.proposed_at, ReviewRow.document_id)
        )
    )


def decide(
    session: Session,
    document_id: str,
    *,
    reviewer: str,
    approve: bool | None,
    comment: str,
    now: datetime,
) -> ReviewRow:
    """Record a second person's decision on the waiting version of ``document_id``; the
    caller applies an approved version. French errors: no decision, a rejection without a
    reason, a comment too long (422), nothing waiting (404), one's own version (four eyes)."""
    comment = comment.strip()
    errors = []
    if approve is None:
        errors.append(FieldError("approve", messages.REVIEW_DECISION_REQUIRED))
    elif not approve and not comment:
        errors.append(FieldError("comment", messages.REVIEW_REASON_REQUIRED))
    if len(comment) > MAX_COMMENT_CHARS:
        errors.append(FieldError("comment", messages.review_comment_too_long(MAX_COMMENT_CHARS)))
    if errors:
        raise InvalidInput(messages.invalid_fields(e.message for e in errors), errors)
    row = session.scalar(
        select(ReviewRow).where(
            ReviewRow.document_id == document_id, ReviewRow.status == ReviewStatus.WAITING
        )
    )
    if row is None:
        raise NotFound(messages.review_not_found(document_id))
    if row.proposed_by == reviewer:
        raise RuleViolation(messages.REVIEW_FOUR_EYES, "four-eyes")
    row.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    row.reviewed_by, row.reviewed_at, row.comment = reviewer, now, comment
    return row


def approved_document(row: ReviewRow) -> Document:
    return _document(row)
