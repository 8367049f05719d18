"""Appending to the evidence log: idempotent by use id, each entry chained to the last."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.evidence import chain
from collectivia.ethics_register.evidence.models import (
    EvidenceEntry,
    EvidencePurge,
    HumanReview,
    Outcome,
    UseRecord,
)
from collectivia.platform.errors import FieldError, InvalidInput, NotFound

logger = logging.getLogger(__name__)

_REQUIRED = ("use_id", "system_id", "purpose", "service")
_MAX_LENGTHS = {
    "use_id": 64,
    "system_id": 64,
    "purpose": 64,
    "service": 100,
    "actor": 128,
    "trace_id": 32,
    "model": 200,
}
# Concurrent writers (several replicas on PostgreSQL) race for the next sequence number.
_APPEND_ATTEMPTS = 5
# Keeps the IN (...) of the duplicate check under every database's parameter limit.
_LOOKUP_CHUNK = 500


def validate(record: UseRecord) -> None:
    """What every logged use must state; raises :class:`InvalidInput` naming the fields."""
    errors = [
        FieldError(name, messages.REQUIRED) for name in _REQUIRED if not getattr(record, name)
    ]
    errors += [
        FieldError(name, messages.at_most_characters(limit))
        for name, limit in _MAX_LENGTHS.items()
        if len(getattr(record, name)) > limit
    ]
    if record.used_at.tzinfo is None:
        errors.append(FieldError("used_at", messages.TIME_ZONE_REQUIRED))
    if not isinstance(record.outcome, Outcome):
        errors.append(FieldError("outcome", messages.OUTCOME_REQUIRED))
    if not isinstance(record.human_review, HumanReview):
        errors.append(FieldError("human_review", messages.UNKNOWN_VALUE))
    if errors:
        raise InvalidInput(messages.invalid_use(e.field for e in errors), errors)


def _row(record: UseRecord, sequence: int, previous: str, recorded_at: datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "sequence": sequence,
        "use_id": record.use_id,
        "system_id": record.system_id,
        "system_version": record.system_version,
        "purpose": record.purpose,
        "service": record.service,
        "actor": record.actor,
        "outcome": record.outcome.value,
        "human_review": record.human_review.value,
        "trace_id": record.trace_id,
        "used_at": record.used_at.astimezone(UTC),
        "recorded_at": recorded_at,
        "contribution": record.contribution,
        "data_sources": chain.canonical_list(record.data_sources),
        "parameters": chain.canonical_mapping(record.parameters),
        "model": record.model,
        "previous_hash": previous,
    }
    fields["entry_hash"] = chain.entry_hash(**fields)
    return fields


def chain_tip(session: Session) -> tuple[int, str]:
    """The last sequence number and hash: the newest entry, else the last purge's anchor."""
    last = session.execute(
        select(EvidenceEntry.sequence, EvidenceEntry.entry_hash)
        .order_by(EvidenceEntry.sequence.desc())
        .limit(1)
    ).first()
    if last is not None:
        return int(last[0]), str(last[1])
    anchor = session.execute(
        select(EvidencePurge.sequence, EvidencePurge.entry_hash)
        .order_by(EvidencePurge.sequence.desc())
        .limit(1)
    ).first()
    if anchor is not None:
        return int(anchor[0]), str(anchor[1])
    return 0, chain.GENESIS_HASH


class EvidenceLog:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    def append(self, record: UseRecord) -> bool:
        """Append one use; False when its use id is already logged (a redelivery)."""
        return self.append_many([record]) == 1

    def append_many(self, records: Iterable[UseRecord]) -> int:
        """Append uses in one transaction, in order; returns how many were new."""
        batch = list(records)
        for record in batch:
            validate(record)
        for attempt in range(1, _APPEND_ATTEMPTS + 1):
            try:
                return self._append_once(batch)
            except IntegrityError:
                # Another writer took the next sequence number or logged one of these uses
                # first: start again from the new tip, skipping what is now known.
                if attempt == _APPEND_ATTEMPTS:
                    raise
                logger.info("evidence append raced another writer, retrying (%d)", attempt)
        raise AssertionError("unreachable")

    def _append_once(self, batch: Sequence[UseRecord]) -> int:
        with self._sessions.begin() as session:
            known = self._known_use_ids(session, [r.use_id for r in batch])
            sequence, previous = chain_tip(session)
            recorded_at = self._clock().astimezone(UTC)
            rows = []
            for record in batch:
                if record.use_id in known:
                    continue
                known.add(record.use_id)
                sequence += 1
                row = _row(record, sequence, previous, recorded_at)
                previous = row["entry_hash"]
                rows.append(row)
            if rows:
                session.execute(insert(EvidenceEntry), rows)
        return len(rows)

    @staticmethod
    def _known_use_ids(session: Session, use_ids: Sequence[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(use_ids), _LOOKUP_CHUNK):
            chunk = use_ids[start : start + _LOOKUP_CHUNK]
            known.update(
                session.scalars(select(EvidenceEntry.use_id).where(EvidenceEntry.use_id.in_(chunk)))
            )
        return known

    def get(self, use_id: str) -> EvidenceEntry:
        with self._sessions() as session:
            query = select(EvidenceEntry).where(EvidenceEntry.use_id == use_id)
            entry: EvidenceEntry | None = session.scalar(query)
            if entry is None:
                raise NotFound(messages.use_not_found(use_id))
            session.expunge(entry)
            return entry

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count(EvidenceEntry.sequence))) or 0)
