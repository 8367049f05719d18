"""Following the library's table, when several worker processes serve the chat: each keeps
its own knowledge base, and a change one of them made (a lake event it consumed, an import
indexed by the primary, a withdrawal asked through it) reaches the others here, read from
the database, the library's truth. No event is needed, so none can be lost or split between
consumers: a worker that was away catches up on its next round.

A round reads every row's id, status and time of change (a few milliseconds for thousands
of documents), then reads in full only the rows changed since the last round (every row on
the first); the knowledge base's ingestion skips a document it holds exactly.
Their vectors come from the shared embedding cache (the worker that indexed a document
cached them first), so following embeds nothing in the usual case.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.library.models import LibraryDocumentRow
from collectivia.citizen_chat.library.records import Origin, Status
from collectivia.citizen_chat.library.rows import document_of

logger = logging.getLogger(__name__)

_IN_CLAUSE = 500


@dataclass(frozen=True)
class FollowReport:
    applied: int = 0
    withdrawn: int = 0
    # Documents imported but not indexed yet (the primary's indexing worker takes them).
    pending: int = 0


class LibraryFollower:
    def __init__(self, sessions: sessionmaker[Session], knowledge: KnowledgeBase) -> None:
        self.sessions = sessions
        self.knowledge = knowledge
        # One round at a time (the start-up round and the worker's).
        self._round = threading.Lock()
        # The time of change of each indexed row last applied.
        self._seen: dict[str, datetime] = {}

    def follow(self) -> FollowReport:
        """Make the knowledge base hold what the table says is searched, nothing else."""
        with self._round:
            # Taken first: a document applied by this process while the round reads the table
            # is not in this snapshot, so it is never taken for a withdrawn one.
            held = [document.id for document in self.knowledge.documents()]
            with self.sessions() as session:
                states = session.execute(
                    select(
                        LibraryDocumentRow.id,
                        LibraryDocumentRow.status,
                        LibraryDocumentRow.updated_at,
                        LibraryDocumentRow.origin,
                    )
                ).all()
            changed = {
                row_id: updated_at
                for row_id, status, updated_at, _ in states
                if status == Status.INDEXED and self._seen.get(row_id) != updated_at
            }
            pending = sum(
                1
                for _, status, _, origin in states
                if status == Status.PENDING and origin != Origin.FOLDER
            )
            applied = self._apply(list(changed)) if changed else 0
            self._seen.update(changed)
            indexed = {row_id for row_id, status, _, _ in states if status == Status.INDEXED}
            gone = [document_id for document_id in held if document_id not in indexed]
            for document_id in gone:
                self.knowledge.withdraw(document_id)
            for document_id in [known for known in self._seen if known not in indexed]:
                del self._seen[document_id]
        if applied or gone:
            logger.info("library followed: %d documents applied, %d withdrawn", applied, len(gone))
        return FollowReport(applied, len(gone), pending)

    def _apply(self, ids: list[str]) -> int:
        documents: list[Document] = []
        with self.sessions() as session:
            for start in range(0, len(ids), _IN_CLAUSE):
                rows = session.scalars(
                    select(LibraryDocumentRow).where(
                        LibraryDocumentRow.id.in_(ids[start : start + _IN_CLAUSE])
                    )
                )
                documents.extend(
                    document
                    for row in rows
                    if row.status == Status.INDEXED and (document := document_of(row)) is not None
                )
        # ingest: an unchanged document costs nothing, a changed one replaces the old whole.
        report = self.knowledge.ingest(documents)
        return report.added + report.replaced


class FollowingWorker:
    """One thread following the table every ``interval`` seconds; the primary's indexing
    worker is woken when documents imported through another worker wait."""

    def __init__(
        self,
        follower: LibraryFollower,
        interval: float,
        has_pending: threading.Event | None = None,
    ) -> None:
        self.follower = follower
        self.interval = interval
        self.has_pending = has_pending
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="library-following", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(10.0)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                report = self.follower.follow()
            except Exception:  # thread edge: log and carry on; the next round catches up
                logger.exception("following the library failed, retried in %.1f s", self.interval)
                continue
            if report.pending and self.has_pending is not None:
                self.has_pending.set()
