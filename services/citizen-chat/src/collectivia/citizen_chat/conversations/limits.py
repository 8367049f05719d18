"""Per-client rate limit, counted in the service's database so that every worker process (and
every replica) shares it: N workers counting apart would give a client N times the allowance.

A client's questions are counted per minute of the clock (one row per client and minute,
incremented by one atomic statement: never more admitted than the limit, whatever the
concurrency). The minute before still weighs by the share of it that the last 60 seconds
overlap, so the count is that of a sliding minute (close to it: spread evenly) and no burst
passes on a minute's boundary. A client is kept as a keyed digest (HMAC with the service's
pseudonym salt): an address is personal data; rows older than the minute before are deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable

from sqlalchemy import Executable, Integer, String, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.database import Base
from collectivia.platform.errors import TooManyRequests

WINDOW_SECONDS = 60


class QuestionCountRow(Base):
    __tablename__ = "question_counts"

    # HMAC-SHA256 of the client (a token's pseudonymous owner, else an address), hex.
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Minutes since the epoch.
    minute: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        sessions: sessionmaker[Session],
        *,
        salt: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self.sessions = sessions
        self.clock = clock
        self._salt = salt.encode()
        self._swept_minute = -1
        self._sweeping = threading.Lock()

    def hit(self, client: str) -> None:
        """Count one request of ``client``; raises TooManyRequests over the limit."""
        now = self.clock()
        minute = int(now // WINDOW_SECONDS)
        elapsed = now - minute * WINDOW_SECONDS
        key = hmac.new(self._salt, client.encode(), hashlib.sha256).hexdigest()
        with self.sessions.begin() as session:
            # The write first: on SQLite the transaction takes the lock now (a read first
            # could not be upgraded once another worker wrote).
            session.execute(_insert_absent(session, key, minute))
            previous = self._count(session, key, minute - 1)
            carried = previous * (1 - elapsed / WINDOW_SECONDS)
            counted = session.execute(
                update(QuestionCountRow)
                .where(
                    QuestionCountRow.client == key,
                    QuestionCountRow.minute == minute,
                    QuestionCountRow.count < self.per_minute - carried,
                )
                .values(count=QuestionCountRow.count + 1)
                .execution_options(synchronize_session=False)
            )
            admitted = getattr(counted, "rowcount", 0) == 1
            current = 0 if admitted else self._count(session, key, minute)
        self._sweep(minute)
        if not admitted:
            retry_after = self._retry_after(previous, current, elapsed)
            raise TooManyRequests(messages.rate_limited(self.per_minute, retry_after), retry_after)

    def _retry_after(self, previous: int, current: int, elapsed: float) -> int:
        """Seconds until one more question is admitted (no other question meanwhile)."""
        if current >= self.per_minute:  # this minute is full: the next, once it weighs less
            wait = WINDOW_SECONDS - elapsed + WINDOW_SECONDS * (1 - self.per_minute / current)
        else:  # the minute before still weighs too much
            needed = WINDOW_SECONDS * (1 - (self.per_minute - current) / previous)
            wait = needed - elapsed
        return max(1, math.ceil(wait))

    @staticmethod
    def _count(session: Session, key: str, minute: int) -> int:
        count = session.scalar(
            select(QuestionCountRow.count).where(
                QuestionCountRow.client == key, QuestionCountRow.minute == minute
            )
        )
        return count or 0

    def _sweep(self, minute: int) -> None:
        """Once a minute per process: the counts no limit reads any more."""
        with self._sweeping:
            if minute == self._swept_minute:
                return
            self._swept_minute = minute
        with self.sessions.begin() as session:
            session.execute(delete(QuestionCountRow).where(QuestionCountRow.minute < minute - 1))


def _insert_absent(session: Session, key: str, minute: int) -> Executable:
    """The row of this client and minute at zero, unless it is there (either database)."""
    values = {"client": key, "minute": minute, "count": 0}
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(QuestionCountRow).values(values).on_conflict_do_nothing()
    return sqlite.insert(QuestionCountRow).values(values).on_conflict_do_nothing()
