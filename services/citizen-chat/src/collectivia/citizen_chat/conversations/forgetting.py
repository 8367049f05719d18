"""Erased questions forgotten by every worker process, not only the one that erased them.

Each worker keeps the query vectors of recent questions in memory (``CachedEmbedder``).
When a conversation is erased or purged, the worker that does it drops its own at once; the
others learn of it through the database, as they follow the library: the erasing
transaction writes one row per question — a keyed digest (HMAC with the service's pseudonym
salt), never the text — and every worker reads the new rows each
``COLLECTIVIA_CITIZEN_CHAT_ERASURE_FOLLOW_SECONDS`` and drops the cached queries a line of
which has one of those digests. A row is deleted ``KEPT_FOR`` after the erasure, long after
every worker has read it. With one worker, nothing is written nor followed by the service;
the scheduled purge (``collectivia-citizen-chat-jobs``), another process, writes them for
the workers that serve.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from collectivia.citizen_chat.database import Base, UtcDateTime

logger = logging.getLogger(__name__)

KEPT_FOR = timedelta(minutes=10)
SWEEP_EVERY = timedelta(minutes=1)


class ForgottenQuestionRow(Base):
    __tablename__ = "forgotten_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # HMAC-SHA256 of the masked question as kept, hex: matches the cached query's line.
    digest: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class QuestionForgetting:
    """Writes the erased questions' digests, and applies the ones other workers wrote to
    ``forget`` (the knowledge base's ``forget_queries_where``)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        forget: Callable[[Callable[[str], bool]], int],
        *,
        salt: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.sessions = sessions
        self.forget = forget
        self.clock = clock
        self._salt = salt.encode()
        # Rows up to this id are applied: a worker starts with an empty cache, so from now.
        with sessions() as session:
            self._last = session.scalar(select(func.max(ForgottenQuestionRow.id))) or 0
        self._round = threading.Lock()
        self._swept_at: datetime | None = None

    def digest(self, question: str) -> str:
        return hmac.new(self._salt, question.encode(), hashlib.sha256).hexdigest()

    def record(self, session: Session, questions: Iterable[str]) -> None:
        """In the erasing transaction: the questions every worker must forget."""
        now = self.clock()
        session.add_all(
            ForgottenQuestionRow(digest=self.digest(question), at=now)
            for question in set(questions)
        )
        # Old rows go here too: with one worker serving (and a scheduled purge writing),
        # nobody follows them.
        session.execute(
            delete(ForgottenQuestionRow).where(ForgottenQuestionRow.at < now - KEPT_FOR)
        )

    def follow(self) -> int:
        """Forget what other workers erased since the last round; returns the cached queries
        dropped. Rows past ``KEPT_FOR`` are deleted."""
        with self._round:
            with self.sessions.begin() as session:
                rows = session.execute(
                    select(ForgottenQuestionRow.id, ForgottenQuestionRow.digest)
                    .where(ForgottenQuestionRow.id > self._last)
                    .order_by(ForgottenQuestionRow.id)
                ).all()
                if rows:
                    self._last = rows[-1][0]
                now = self.clock()
                if self._swept_at is None or now - self._swept_at > SWEEP_EVERY:
                    self._swept_at = now
                    session.execute(
                        delete(ForgottenQuestionRow).where(ForgottenQuestionRow.at < now - KEPT_FOR)
                    )
            if not rows:
                return 0
            digests = {digest for _, digest in rows}
            dropped = self.forget(lambda line: self.digest(line) in digests)
        logger.info(
            "erasures followed: %d question(s), %d cached query(ies) dropped", len(rows), dropped
        )
        return dropped


class ForgettingWorker:
    """One thread following the erasures every ``interval`` seconds."""

    def __init__(self, forgetting: QuestionForgetting, interval: float) -> None:
        self.forgetting = forgetting
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="erasure-following", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(10.0)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.forgetting.follow()
            except Exception:  # thread edge: log and carry on; the next round catches up
                logger.exception("following the erasures failed, retried in %.1f s", self.interval)
