"""The relay: committed outbox rows to Kafka, then forgotten.

Each round takes the oldest waiting event of each key, sends them together and waits for
their acknowledgements; the acknowledged rows are deleted, the others stay for the next
round. A key's next event is sent only once the previous one was acknowledged, so that a
failure can never let a later event of an entity overtake an earlier one. A crash between
the acknowledgement and the deletion sends the event again at restart: at least once, and
consumers skip event ids they have seen. One relay per database holds the lease.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from collectivia.platform.events.catalogue import event_type_named
from collectivia.platform.events.outbox.lease import RelayLease
from collectivia.platform.events.outbox.models import OutboxRecord

logger = logging.getLogger(__name__)

# Waits up to the given seconds for the broker's acknowledgement: True once acknowledged,
# False while the producer still holds the record; raises once the producer gave up on it.
Acknowledgement = Callable[[float], bool]
# Rounds a graceful stop still relays (each sends one event of each waiting key).
DRAIN_ROUNDS = 20
# The first wait after a failed round; it doubles at each failure, up to the retry maximum.
FIRST_RETRY_SECONDS = 0.5


class RecordSender(Protocol):
    def send_record(
        self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Acknowledgement:
        """Hand one record to the producer, as it is."""
        ...


class RelayInterrupted(RuntimeError):
    """Some events of the round were not acknowledged; they stay in the outbox."""


class OutboxRelay:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        sender: RecordSender,
        lease: RelayLease,
        *,
        topic_prefix: str = "",
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        ack_timeout_seconds: float = 5.0,
        retry_max_seconds: float = 30.0,
        committed: threading.Event | None = None,
    ) -> None:
        self._sessions = sessions
        self._sender = sender
        self._lease = lease
        self._topic_prefix = topic_prefix
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._ack_timeout = ack_timeout_seconds
        self._retry_max = retry_max_seconds
        # Set by the outbox at each commit of this process: relay now, not at the next poll.
        self._committed = committed or threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Rows handed to the producer and not settled yet: waited for, never sent twice
        # while the producer still retries them (Kafka away: no copies pile up).
        self._in_flight: dict[int, Acknowledgement] = {}

    # -- one round ------------------------------------------------------------------------

    def relay_once(self) -> int:
        """Send the oldest waiting event of each key; return how many were acknowledged
        (and deleted). Raises :class:`RelayInterrupted` if some were not."""
        rows = self._next_rows()
        if not rows:
            self._in_flight.clear()
            return 0
        # Rows another relay sent and deleted meanwhile are not waited for.
        current = {row.position for row in rows}
        self._in_flight = {p: w for p, w in self._in_flight.items() if p in current}
        failed = 0
        for row in rows:
            if row.position in self._in_flight:
                continue
            try:
                self._in_flight[row.position] = self._send(row)
            except Exception:  # refused at once (no metadata...): it stays, its key waits
                failed += 1
                logger.warning("outbox row %d not sent", row.position, exc_info=True)
        deadline = time.monotonic() + self._ack_timeout  # for the whole round
        acknowledged: list[int] = []
        for row in rows:
            wait = self._in_flight.get(row.position)
            if wait is None:
                continue
            try:
                done = wait(max(deadline - time.monotonic(), 0.001))
            except Exception:  # the producer gave up: sent again at the next round
                del self._in_flight[row.position]
                failed += 1
                logger.debug("outbox row %d not delivered", row.position, exc_info=True)
                continue
            if done:
                del self._in_flight[row.position]
                acknowledged.append(row.position)
            else:
                failed += 1  # still with the producer: waited for again next round
        self._forget(acknowledged)
        if failed:
            raise RelayInterrupted(f"{failed} of {len(rows)} events not acknowledged")
        return len(acknowledged)

    def _next_rows(self) -> Sequence[OutboxRecord]:
        oldest_of_each_key = select(func.min(OutboxRecord.position)).group_by(OutboxRecord.key)
        query = (
            select(OutboxRecord)
            .where(OutboxRecord.position.in_(oldest_of_each_key))
            .order_by(OutboxRecord.position)
            .limit(self._batch_size)
        )
        with self._sessions() as session:
            return list(session.scalars(query))

    def _send(self, row: OutboxRecord) -> Acknowledgement:
        topic = self._topic_prefix + event_type_named(row.event_type).topic
        headers = [(name, value.encode()) for name, value in json.loads(row.headers).items()]
        return self._sender.send_record(
            topic, key=row.key.encode(), value=row.payload, headers=headers
        )

    def _forget(self, positions: list[int]) -> None:
        """Delete the acknowledged rows (a crash before this sends them again)."""
        if positions:
            with self._sessions.begin() as session:
                session.execute(delete(OutboxRecord).where(OutboxRecord.position.in_(positions)))

    # -- the worker -----------------------------------------------------------------------

    def start(self) -> OutboxRelay:
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._committed.set()
        if self._thread is not None:
            self._thread.join(timeout=self._ack_timeout * 2 + 5)
        try:
            self._lease.release()
        except SQLAlchemyError:
            logger.warning("the outbox lease could not be given back; it expires by itself")

    def _run(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            self._committed.clear()
            try:
                if not self._lease.acquire():
                    self._stopping.wait(self._poll_seconds)  # another replica relays
                    continue
                sent = self.relay_once()
            except Exception as error:  # the relay outlives any failure; the events wait
                # Kafka or the database is away: the events wait, the pace slows down.
                logger.warning("outbox relay paused %.1f s: %s", delay, error)
                self._stopping.wait(min(delay, self._retry_max))
                delay = min(delay * 2, self._retry_max)
                continue
            delay = FIRST_RETRY_SECONDS
            if sent == 0:
                self._committed.wait(self._poll_seconds)
        self._drain()

    def _drain(self) -> None:
        """At a graceful stop, send what was committed just before (bounded: at restart
        otherwise)."""
        try:
            if self._lease.acquire():
                for _ in range(DRAIN_ROUNDS):
                    if not self.relay_once():
                        break
        except Exception as error:  # what is left is sent at the next start
            logger.warning("outbox left for the next start: %s", error)
