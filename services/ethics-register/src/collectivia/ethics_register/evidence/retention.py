"""Retention: removing the oldest entries without breaking the chain's verification.

A purge removes a prefix of the chain (every entry up to the last one recorded before the
cut-off) and records that entry's sequence and hash in ``evidence_purges``: verification
starts again from there. The prefix is verified before it is removed, so that a purge never
erases the trace of a tampering.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.evidence.models import EvidenceEntry, EvidencePurge
from collectivia.ethics_register.evidence.verification import verify
from collectivia.platform.errors import InvalidInput, RuleViolation

logger = logging.getLogger(__name__)

# AI Act Art. 26(6): deployers keep the logs for at least six months.
MINIMUM_RETENTION_DAYS = 183


class PurgeResult(BaseModel):
    purged_entries: int
    cutoff: datetime
    # The new anchor: the last entry removed (None when nothing was old enough).
    anchor_sequence: int | None = None


def purge_expired(
    sessions: sessionmaker[Any],
    retention_days: int,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> PurgeResult:
    """Remove the entries recorded more than ``retention_days`` ago, oldest first."""
    if retention_days < MINIMUM_RETENTION_DAYS:
        raise InvalidInput(messages.retention_too_short(MINIMUM_RETENTION_DAYS))
    now = clock().astimezone(UTC)
    cutoff = now - timedelta(days=retention_days)
    with sessions() as session:
        # The prefix ends before the first entry still within retention (recording times
        # from several replicas may interleave slightly: the prefix never has holes).
        first_kept = session.scalar(
            select(func.min(EvidenceEntry.sequence)).where(EvidenceEntry.recorded_at >= cutoff)
        )
        query = select(func.max(EvidenceEntry.sequence))
        if first_kept is not None:
            query = query.where(EvidenceEntry.sequence < first_kept)
        last_purged = session.scalar(query)
    if last_purged is None:
        return PurgeResult(purged_entries=0, cutoff=cutoff)
    report = verify(sessions, up_to=last_purged)
    if not report.intact:
        raise RuleViolation(
            messages.evidence_chain_broken(report.first_bad_sequence),
            rule="evidence-chain-broken",
        )
    with sessions.begin() as session:
        last_hash = session.scalar(
            select(EvidenceEntry.entry_hash).where(EvidenceEntry.sequence == last_purged)
        )
        assert last_hash is not None
        removed = session.execute(
            delete(EvidenceEntry).where(EvidenceEntry.sequence <= last_purged)
        ).rowcount
        session.add(
            EvidencePurge(
                sequence=last_purged,
                entry_hash=last_hash,
                purged_count=removed,
                retention_days=retention_days,
                purged_at=now,
            )
        )
    logger.info("evidence purge: %d entries up to %d removed", removed, last_purged)
    return PurgeResult(purged_entries=removed, cutoff=cutoff, anchor_sequence=last_purged)
