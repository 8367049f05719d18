"""One relay per database at a time: a lease row, taken when free or expired, renewed by its
holder at each round. A crashed holder's lease expires; a stopped one gives it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from collectivia.platform.events.outbox.models import OutboxLease

LEASE_NAME = "outbox-relay"


class RelayLease:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        *,
        holder: str,
        seconds: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self.holder = holder
        self._duration = timedelta(seconds=seconds)
        self._clock = clock
        # Until when this holder's last write gave it the lease: renewed in the database only
        # once half of it has passed (a write each round would slow every event down).
        self._held_until: datetime | None = None

    def acquire(self) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = self._clock()
        if self._held_until is not None and now < self._held_until - self._duration / 2:
            return True
        self._held_until = None
        held = self._claim(now)
        if held:
            self._held_until = now + self._duration
        return held

    def _claim(self, now: datetime) -> bool:
        # One conditional UPDATE: two candidates cannot both see it free.
        claim = (
            update(OutboxLease)
            .where(OutboxLease.name == LEASE_NAME)
            .where(or_(OutboxLease.holder == self.holder, OutboxLease.expires_at < now))
            .values(holder=self.holder, expires_at=now + self._duration)
        )
        with self._sessions.begin() as session:
            if session.execute(claim).rowcount == 1:
                return True
        try:
            with self._sessions.begin() as session:
                if session.get(OutboxLease, LEASE_NAME) is not None:
                    return False
                session.add(
                    OutboxLease(
                        name=LEASE_NAME, holder=self.holder, expires_at=now + self._duration
                    )
                )
        except IntegrityError:  # another candidate created it first
            return False
        return True

    def release(self) -> None:
        """Give the lease back (a graceful stop): the next relay need not wait for it."""
        self._held_until = None
        release = (
            update(OutboxLease)
            .where(OutboxLease.name == LEASE_NAME)
            .where(OutboxLease.holder == self.holder)
            .values(expires_at=self._clock() - timedelta(seconds=1))
        )
        with self._sessions.begin() as session:
            session.execute(release)
