"""Conversations the chat erased (``chat.conversation-erased``): their rows leave the tables
that keep conversations, and stay out.

The event only leaves a mark (``SinkErasureRow``, idempotent); the flush — which alone writes
the tables, under its lock — deletes the marked conversations' committed rows in one Iceberg
transaction per table and drops their staged rows before they are committed, so that an
erasure racing a commit, an answer delivered after its erasure or a replay of the topics
never brings a row back. The Iceberg snapshots older than the deletion still hold the rows
until ``expire-snapshots`` removes them (``SNAPSHOT_RETENTION_DAYS``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc
from pyiceberg.expressions import In
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from collectivia.lakehouse.tables import LOAD_ID, OPERATION, Lakehouse
from collectivia.officials_analytics.sink.models import SinkErasureRow
from collectivia.officials_analytics.sink.tables import dataset_id

log = logging.getLogger(__name__)

# The tables that keep rows of a conversation, and the column naming it. (chat_handoffs,
# chat_feedback and the others keep no conversation id: nothing there to find by it.)
ERASABLE = {"chat_answers": "conversation_id"}
ERASURE_OPERATION = "erasure"
_CHUNK = 500


class ConversationErasures:
    def __init__(self, sessions: sessionmaker[Session], lakehouse: Lakehouse) -> None:
        self._sessions = sessions
        self._lakehouse = lakehouse

    def record(self, conversation_ids: Sequence[str], at: datetime) -> int:
        """Mark the conversations erased (those not marked yet); how many were new."""
        wanted = sorted({c for c in conversation_ids if c})
        new = 0
        with self._sessions.begin() as session:
            for start in range(0, len(wanted), _CHUNK):
                part = wanted[start : start + _CHUNK]
                known = set(
                    session.scalars(
                        select(SinkErasureRow.conversation_id).where(
                            SinkErasureRow.conversation_id.in_(part)
                        )
                    )
                )
                for conversation_id in part:
                    if conversation_id not in known:
                        session.add(SinkErasureRow(conversation_id=conversation_id, erased_at=at))
                        new += 1
        return new

    def drop_erased(self, table: str, rows: pa.Table) -> pa.Table:
        """``rows`` without those of erased conversations (before they are committed)."""
        column = ERASABLE.get(table)
        if column is None or column not in rows.schema.names or rows.num_rows == 0:
            return rows
        present = [c for c in pc.unique(rows[column]).to_pylist() if c]
        erased: set[str] = set()
        with self._sessions() as session:
            for start in range(0, len(present), _CHUNK):
                erased.update(
                    session.scalars(
                        select(SinkErasureRow.conversation_id).where(
                            SinkErasureRow.conversation_id.in_(present[start : start + _CHUNK])
                        )
                    )
                )
        if not erased:
            return rows
        keep = pc.invert(pc.is_in(rows[column], value_set=pa.array(sorted(erased))))
        return rows.filter(pc.fill_null(keep, True))

    def apply(self) -> int:
        """Delete the committed rows of the conversations marked since the last time (one
        Iceberg transaction per table); how many conversations."""
        with self._sessions() as session:
            due = list(
                session.scalars(
                    select(SinkErasureRow.conversation_id).where(SinkErasureRow.applied.is_(False))
                )
            )
        if not due:
            return 0
        for table, column in ERASABLE.items():
            table_id = dataset_id(table)
            if not self._lakehouse.has_table(table_id):
                continue
            iceberg = self._lakehouse.table(table_id)
            properties = {LOAD_ID: f"erasure-{due[0]}", OPERATION: ERASURE_OPERATION}
            with iceberg.transaction() as transaction:
                for start in range(0, len(due), _CHUNK):
                    transaction.delete(
                        In(term=column, literals=due[start : start + _CHUNK]),
                        snapshot_properties=properties,
                    )
        with self._sessions.begin() as session:
            for start in range(0, len(due), _CHUNK):
                session.execute(
                    update(SinkErasureRow)
                    .where(SinkErasureRow.conversation_id.in_(due[start : start + _CHUNK]))
                    .values(applied=True)
                )
        log.info("%d erased conversation(s) deleted from the analytics tables", len(due))
        return len(due)

    def purge(self, before: datetime) -> int:
        """Forget the marks older than ``before`` (the event ids' retention)."""
        with self._sessions.begin() as session:
            purged = session.execute(
                delete(SinkErasureRow).where(
                    SinkErasureRow.erased_at < before, SinkErasureRow.applied.is_(True)
                )
            )
        return int(purged.rowcount)  # type: ignore[attr-defined]
