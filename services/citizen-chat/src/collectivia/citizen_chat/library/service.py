"""The library: the documents the chat answers from, kept in the database and indexed in the
knowledge base.

- At start, ``restore`` takes the start-up folder's documents in (a document the library got
  from an import or the lake, or withdrew, is not overridden by the folder), indexes every
  document kept (free for unchanged texts: vectors are cached by content hash), and leaves
  the documents an interrupted import had not indexed yet to ``index_pending``.
- An import keeps every document of the file at once, all or nothing, as "pending"; only new
  or changed documents count (an unchanged one costs nothing). ``index_pending`` then indexes
  them by groups, logging its progress and counting it on the import, so that an import of
  hundreds of documents can be followed, and resumed after an interruption.
- A lake event is applied at once; an event older than the last change applied is ignored.
- A withdrawal is immediate: gone from the next search, never cited again.

One lock keeps the database and the index in step; embedding, the slow part, runs outside it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, PreparedDocument
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata, read_upload
from collectivia.citizen_chat.knowledge.progress import logged_progress
from collectivia.citizen_chat.knowledge.sanitizing import LinkPolicy
from collectivia.citizen_chat.knowledge.screening import PersonalDataScreen
from collectivia.citizen_chat.library.models import ImportRow, LibraryDocumentRow
from collectivia.citizen_chat.library.records import (
    ImportJob,
    ImportStatus,
    LibraryEntry,
    Origin,
    Status,
)
from collectivia.citizen_chat.library.review import (
    LAKE_PROPOSER,
    Review,
    ReviewRow,
    ReviewStatus,
    approved_document,
    decide,
    hold,
    live_document,
    review_of,
    waiting_rows,
)
from collectivia.citizen_chat.library.rows import document_of, entry_of, holds, job_of, write
from collectivia.platform.errors import NotFound

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
_IN_CLAUSE = 500


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class LibraryPolicy:
    max_import_bytes: int = 20 * 1024 * 1024
    # Documents indexed per step: the unit of progress and of resumption.
    group: int = 32
    # Where the documents' links may send a citizen (knowledge/sanitizing.py).
    links: LinkPolicy = field(default_factory=LinkPolicy)
    # Sources ("import", "lake") whose versions wait for a second person (library/review.py).
    review_sources: frozenset[str] = frozenset()
    # Personal data in a version holds it for review; None: no screening.
    screen: PersonalDataScreen | None = field(default_factory=PersonalDataScreen)


class Library:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        knowledge: KnowledgeBase,
        policy: LibraryPolicy | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.sessions = sessions
        self.knowledge = knowledge
        self.policy = policy or LibraryPolicy()
        self.clock = clock
        self._lock = threading.Lock()
        # One embedding at a time: the encoder's worker processes are shared, and released
        # after each ingestion. Never held while waiting for the lock above.
        self._embedding = threading.Lock()
        # Set when documents wait for index_pending (the indexing worker waits on it).
        self.has_pending = threading.Event()

    # --- start ------------------------------------------------------------------------------

    def restore(self, folder: Sequence[Document]) -> int:
        """Take the folder's documents in and index every kept document but those of
        interrupted imports; returns how many documents wait for ``index_pending``.

        The folder's rows are committed before the (long, on a first start) indexing, and
        each group's vectors are cached as soon as embedded: a start interrupted half-way
        resumes where it stopped."""
        with self._lock:
            searched, left_out, waiting = self._take_folder_in(folder)
            for document_id in left_out:
                if self.knowledge.document(document_id) is not None:
                    self.knowledge.withdraw(document_id)
            with self._embedding:
                report = self.knowledge.ingest(searched, progress=logged_progress("start-up"))
                self._release_workers()
            with self.sessions.begin() as session:
                session.execute(
                    update(LibraryDocumentRow)
                    .where(LibraryDocumentRow.id.in_([d.id for d in searched]))
                    .where(LibraryDocumentRow.status == Status.PENDING)
                    .values(status=Status.INDEXED)
                    .execution_options(synchronize_session=False)
                )
        if waiting:
            self.has_pending.set()
        logger.info(
            "library: %d documents searched (%d indexed now, %d unchanged), %d left out "
            "(withdrawn or gone from the folder), %d waiting for an interrupted import",
            len(self.knowledge),
            report.added + report.replaced,
            report.unchanged,
            len(left_out),
            waiting,
        )
        return waiting

    def _take_folder_in(self, folder: Sequence[Document]) -> tuple[list[Document], set[str], int]:
        """(documents to search now, ids to leave out, documents of interrupted imports)."""
        now = self.clock()
        with self.sessions.begin() as session:
            rows = {row.id: row for row in session.scalars(select(LibraryDocumentRow))}
            in_folder = {document.id for document in folder}
            for document in folder:
                row = rows.get(document.id)
                if row is None:
                    row = LibraryDocumentRow(id=document.id, origin=Origin.FOLDER)
                    session.add(row)
                    rows[document.id] = row
                elif row.origin != Origin.FOLDER or row.status == Status.WITHDRAWN:
                    continue  # an import, the lake or a withdrawal decided after the folder
                if row.status is None or not holds(row, document):
                    write(row, document)
                    row.status, row.updated_at, row.import_id = Status.PENDING, now, None
            gone = [r for r in rows.values() if r.origin == Origin.FOLDER and r.id not in in_folder]
            for row in gone:
                session.delete(row)
                del rows[row.id]
            left_out = {row.id for row in gone}
            left_out |= {row.id for row in rows.values() if row.status == Status.WITHDRAWN}
            # Indexed already, or the folder's new and changed documents: searched from the
            # start, as before the library existed. Pending imports go to index_pending.
            searched = [
                kept
                for row in rows.values()
                if row.status == Status.INDEXED
                or (row.status == Status.PENDING and row.origin == Origin.FOLDER)
                if (kept := document_of(row)) is not None
            ]
            waiting = sum(
                1
                for row in rows.values()
                if row.status == Status.PENDING and row.origin != Origin.FOLDER
            )
        return searched, left_out, waiting

    # --- imports ----------------------------------------------------------------------------

    def import_file(
        self, content: bytes, filename: str, metadata: DocumentMetadata, actor: str
    ) -> ImportJob:
        """Keep the file's documents (all valid, or an InvalidInput and nothing kept); the new
        and changed ones wait for ``index_pending``."""
        read = read_upload(
            content,
            filename,
            metadata,
            max_bytes=self.policy.max_import_bytes,
            links=self.policy.links,
        )
        if read.removed:
            logger.info("import of %s: hidden content removed (%s)", filename, dict(read.removed))
        held = {
            d.id: reasons
            for d in read.documents
            if (reasons := self.hold_reasons(d, Origin.IMPORT))
        }
        now = self.clock()
        job = ImportRow(
            id=str(uuid.uuid4()),
            filename=filename[:300],
            format=read.format,
            actor=actor,
            status=ImportStatus.RUNNING,
            total=len(read.documents),
            unchanged=0,
            indexed=0,
            document_ids="\n".join(document.id for document in read.documents),
            created_at=now,
        )
        with self._lock, self.sessions.begin() as session:
            rows = _rows(session, [document.id for document in read.documents])
            for document in read.documents:
                row = rows.get(document.id)
                if row is not None and row.status != Status.WITHDRAWN and holds(row, document):
                    job.unchanged += 1
                    row.origin = Origin.IMPORT  # the folder no longer decides on it
                    continue
                if document.id in held:
                    hold(
                        session,
                        document,
                        origin=Origin.IMPORT,
                        proposed_by=actor,
                        reasons=held[document.id],
                        now=now,
                        import_id=job.id,
                    )
                    continue
                if row is None:
                    row = LibraryDocumentRow(id=document.id)
                    session.add(row)
                write(row, document)
                row.origin, row.status, row.import_id = Origin.IMPORT, Status.PENDING, job.id
                row.updated_at, row.source_time, row.withdrawn_reason = now, None, None
            if job.unchanged + len(held) >= job.total:
                job.status, job.finished_at = ImportStatus.DONE, now
            session.add(job)
        if job.status == ImportStatus.RUNNING:
            self.has_pending.set()
        logger.info(
            "import %s of %s (%s) by %s: %d documents, %d unchanged",
            job.id,
            job.filename,
            job.format,
            actor,
            job.total,
            job.unchanged,
        )
        return job_of(job)

    def import_job(self, import_id: str) -> ImportJob:
        with self.sessions() as session:
            row = session.get(ImportRow, import_id)
            if row is None:
                raise NotFound(messages.import_not_found(import_id))
            return job_of(row)

    def pending(self) -> int:
        with self.sessions() as session:
            return (
                session.scalar(
                    select(func.count()).where(LibraryDocumentRow.status == Status.PENDING)
                )
                or 0
            )

    def index_pending(self, stopping: threading.Event | None = None) -> int:
        """Index the pending documents, a group at a time, oldest first; returns how many
        were indexed. An interruption loses at most the group under way."""
        indexed = 0
        stuck: list[tuple[str, str]] = []
        while stopping is None or not stopping.is_set():
            with self.sessions() as session:
                rows = list(
                    session.scalars(
                        select(LibraryDocumentRow)
                        .where(LibraryDocumentRow.status == Status.PENDING)
                        .order_by(LibraryDocumentRow.updated_at, LibraryDocumentRow.id)
                        .limit(self.policy.group)
                    )
                )
            documents = [d for d in map(document_of, rows) if d is not None]
            if not documents:
                # Imports whose documents a later import or the lake took over end here.
                with self.sessions.begin() as session:
                    self._finish_imports(session, self.clock())
                break
            applied = self._apply_group(self._prepare(documents))
            indexed += applied
            group = [(d.id, d.content_hash) for d in documents]
            if not applied and group == stuck:  # a guard: nothing changed, nothing applies
                logger.error("library: documents %s stay pending", [i for i, _ in group])
                break
            stuck = group if not applied else []
        with self._embedding:
            self._release_workers()
        return indexed

    def _apply_group(self, prepared: Sequence[PreparedDocument]) -> int:
        now = self.clock()
        with self._lock, self.sessions.begin() as session:
            rows = _rows(session, [item.document.id for item in prepared])
            # A document changed or withdrawn meanwhile waits for its next turn, or not at all.
            current = [
                item
                for item in prepared
                if (row := rows.get(item.document.id)) is not None
                and row.status == Status.PENDING
                and holds(row, item.document)
            ]
            self.knowledge.apply(current)
            per_import: Counter[str] = Counter()
            for item in current:
                row = rows[item.document.id]
                row.status, row.updated_at = Status.INDEXED, now
                if row.import_id:
                    per_import[row.import_id] += 1
            for import_id, count in per_import.items():
                session.execute(
                    update(ImportRow)
                    .where(ImportRow.id == import_id)
                    .values(indexed=ImportRow.indexed + count)
                )
            session.flush()
            self._finish_imports(session, now)
        return len(current)

    def _finish_imports(self, session: Session, now: datetime) -> None:
        """Log the progress of running imports; those with nothing pending are done."""
        for job in session.scalars(
            select(ImportRow).where(ImportRow.status == ImportStatus.RUNNING)
        ):
            left = session.scalar(
                select(func.count()).where(
                    LibraryDocumentRow.import_id == job.id,
                    LibraryDocumentRow.status == Status.PENDING,
                )
            )
            logger.info(
                "import %s (%s): %d/%d documents indexed, %d unchanged",
                job.id,
                job.filename,
                job.indexed,
                job.total - job.unchanged,
                job.unchanged,
            )
            if not left:
                job.status, job.finished_at = ImportStatus.DONE, now

    # --- the lake ---------------------------------------------------------------------------

    def publish(self, document: Document, at: datetime) -> bool:
        """A document published by the lake, searched when this returns; False when the
        library already had it, or had a later change of it."""
        with self.sessions() as session:
            row = session.get(LibraryDocumentRow, document.id)
            if row is not None and _stale(row, at):
                logger.info("lake: publication of %s from %s is older, ignored", row.id, at)
                return False
            if row is not None and row.status == Status.INDEXED and holds(row, document):
                return False
        reasons = self.hold_reasons(document, Origin.LAKE)
        if reasons:
            with self._lock, self.sessions.begin() as session:
                hold(
                    session,
                    document,
                    origin=Origin.LAKE,
                    proposed_by=LAKE_PROPOSER,
                    reasons=reasons,
                    now=self.clock(),
                    source_time=at,
                )
            logger.info("lake: %s version %s held for review", document.id, document.version)
            return False
        prepared = self._prepare([document])
        with self._embedding:
            self._release_workers()
        with self._lock, self.sessions.begin() as session:
            row = session.get(LibraryDocumentRow, document.id)
            if row is not None and _stale(row, at):
                return False
            if row is None:
                row = LibraryDocumentRow(id=document.id)
                session.add(row)
            write(row, document)
            row.origin, row.status, row.import_id = Origin.LAKE, Status.INDEXED, None
            row.updated_at, row.source_time, row.withdrawn_reason = self.clock(), at, None
            self.knowledge.apply(prepared)
        logger.info("lake: %s version %s searched", document.id, document.version)
        return True

    def withdraw_published(self, document_id: str, reason: str, at: datetime) -> bool:
        """The lake withdrew a document: gone at once; remembered even when unknown, so that
        its publication, if it comes late, is ignored."""
        with self._lock, self.sessions.begin() as session:
            row = session.get(LibraryDocumentRow, document_id)
            if row is not None and _stale(row, at):
                return False
            if row is None:
                row = LibraryDocumentRow(
                    id=document_id, title="", text="", version="", content_hash=""
                )
                row.origin = Origin.LAKE
                session.add(row)
            self._withdraw_row(row, reason, at)
        logger.info("lake: %s withdrawn (%s)", document_id, reason or "sans motif")
        return True

    # --- review by a second person ----------------------------------------------------------

    def hold_reasons(self, document: Document, origin: Origin) -> tuple[str, ...]:
        """Why this version must wait for a second person (French), or nothing."""
        reasons = []
        if origin in self.policy.review_sources:
            reasons.append(messages.held_for_approval(origin))
        kinds = self.policy.screen.kinds(document) if self.policy.screen else ()
        if kinds:
            reasons.append(messages.held_for_personal_data(kinds))
        return tuple(reasons)

    def reviews(self) -> list[Review]:
        """The versions waiting for a decision, oldest first, each with its diff."""
        with self.sessions() as session:
            return [
                review_of(row, live_document(session, row.document_id))
                for row in waiting_rows(session)
            ]

    def review(self, document_id: str, reviewer: str, approve: bool | None, comment: str) -> Review:
        """A second person's decision; an approved version is indexed (then cited)."""
        now = self.clock()
        with self._lock, self.sessions.begin() as session:
            live = live_document(session, document_id)
            decided = decide(
                session, document_id, reviewer=reviewer, approve=approve, comment=comment, now=now
            )
            if decided.status == ReviewStatus.APPROVED:
                self._approve(session, decided, now)
            result = review_of(decided, live)
        if result.status == ReviewStatus.APPROVED:
            self.has_pending.set()
        logger.info("library: version of %s %s by %s", document_id, result.status, reviewer)
        return result

    def _approve(self, session: Session, decided: ReviewRow, now: datetime) -> None:
        document = approved_document(decided)
        row = session.get(LibraryDocumentRow, document.id)
        if row is None:
            row = LibraryDocumentRow(id=document.id)
            session.add(row)
        write(row, document)
        row.origin, row.status, row.import_id = decided.origin, Status.PENDING, decided.import_id
        row.updated_at, row.source_time, row.withdrawn_reason = now, decided.source_time, None

    def held_in(self, import_id: str) -> int:
        """Versions of an import still waiting for review."""
        with self.sessions() as session:
            return (
                session.scalar(
                    select(func.count()).where(
                        ReviewRow.import_id == import_id,
                        ReviewRow.status == ReviewStatus.WAITING,
                    )
                )
                or 0
            )

    # --- reading and withdrawing ------------------------------------------------------------

    def entries(self, status: Status | None = None) -> list[LibraryEntry]:
        query = select(LibraryDocumentRow).order_by(LibraryDocumentRow.id)
        if status is not None:
            query = query.where(LibraryDocumentRow.status == status)
        with self.sessions() as session:
            return [entry_of(row) for row in session.scalars(query)]

    def entry(self, document_id: str) -> LibraryEntry:
        with self.sessions() as session:
            row = session.get(LibraryDocumentRow, document_id)
            if row is None:
                raise NotFound(messages.document_not_found(document_id))
            return entry_of(row)

    def withdraw(self, document_id: str, reason: str, actor: str) -> LibraryEntry:
        """Withdraw a document now: it is never cited again (until imported again)."""
        with self._lock, self.sessions.begin() as session:
            row = session.get(LibraryDocumentRow, document_id)
            if row is None:
                raise NotFound(messages.document_not_found(document_id))
            self._withdraw_row(row, reason, self.clock())
            session.flush()
            entry = entry_of(row)
        logger.info("library: %s withdrawn by %s (%s)", document_id, actor, reason or "-")
        return entry

    def _withdraw_row(self, row: LibraryDocumentRow, reason: str, at: datetime) -> None:
        row.status, row.withdrawn_reason = Status.WITHDRAWN, reason or None
        row.updated_at, row.source_time = self.clock(), at
        self.knowledge.withdraw(row.id)

    def _prepare(self, documents: Sequence[Document]) -> list[PreparedDocument]:
        with self._embedding:
            return self.knowledge.prepare(documents)

    def _release_workers(self) -> None:
        if isinstance(self.knowledge.embedder, CachedEmbedder):
            self.knowledge.embedder.release_workers()


def _rows(session: Session, ids: Sequence[str]) -> dict[str, LibraryDocumentRow]:
    rows: dict[str, LibraryDocumentRow] = {}
    for start in range(0, len(ids), _IN_CLAUSE):
        part = ids[start : start + _IN_CLAUSE]
        rows.update(
            (row.id, row)
            for row in session.scalars(
                select(LibraryDocumentRow).where(LibraryDocumentRow.id.in_(part))
            )
        )
    return rows


def _stale(row: LibraryDocumentRow, at: datetime) -> bool:
    """A lake event older than the last change applied to the document."""
    return row.source_time is not None and at < row.source_time
