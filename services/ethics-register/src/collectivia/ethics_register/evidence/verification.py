"""Verifying the evidence chain: every entry present, in place, unchanged, and linked."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, type_coerce
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import NullType

from collectivia.ethics_register.evidence import chain
from collectivia.ethics_register.evidence.models import EvidenceEntry, EvidencePurge

# Rows fetched per round trip: memory stays flat whatever the length of the chain.
_STREAM_CHUNK = 10_000

# Times are read as the driver gives them, without UtcDateTime's conversion (text on SQLite,
# aware datetimes on PostgreSQL; chain.canonical_time takes both): verification of a
# million rows takes about half the time.
_RAW_TIMES = {"used_at", "recorded_at"}
# In the order chain.entry_hash takes them (sequence first, previous hash last), then the
# stored hash.
_COLUMNS = (
    *(
        type_coerce(getattr(EvidenceEntry, name), NullType())
        if name in _RAW_TIMES
        else getattr(EvidenceEntry, name)
        for name in chain.HASHED_FIELDS
    ),
    EvidenceEntry.entry_hash,
)
_PREVIOUS, _STORED = len(chain.HASHED_FIELDS) - 1, len(chain.HASHED_FIELDS)


class Problem(StrEnum):
    # An entry's content no longer matches its own hash (a field was changed).
    ALTERED = "altered-entry"
    # A sequence number is missing (an entry was removed).
    MISSING = "missing-entry"
    # An entry does not point at the hash of the one before it (moved, replaced or re-hashed).
    BROKEN_LINK = "broken-link"
    # An entry at or before the purge anchor (left over, or inserted afterwards).
    UNEXPECTED = "unexpected-entry"


_MESSAGES = {
    Problem.ALTERED: "le contenu de l'entrée {sequence} ne correspond plus à son empreinte : "
    "elle a été modifiée",
    Problem.MISSING: "l'entrée {sequence} manque : elle a été supprimée",
    Problem.BROKEN_LINK: "l'entrée {sequence} ne pointe pas sur l'empreinte de l'entrée "
    "précédente : une entrée a été déplacée, remplacée ou ré-empreintée",
    Problem.UNEXPECTED: "l'entrée {sequence} précède l'ancre de la dernière purge : "
    "elle aurait dû être purgée ou a été ajoutée après coup",
}


class Anchor(BaseModel):
    """Where verification starts: the genesis, or the last entry a purge removed."""

    sequence: int
    entry_hash: str


class VerificationReport(BaseModel):
    intact: bool
    checked_entries: int
    anchor: Anchor
    # The last entry found good (the newest one when intact): publishing it elsewhere lets a
    # later check see a truncation, which a chain alone cannot reveal.
    head_sequence: int
    head_hash: str
    first_bad_sequence: int | None = None
    problem: Problem | None = None
    message: str
    verified_at: datetime


def _anchor(session: Session) -> Anchor:
    last = session.execute(
        select(EvidencePurge.sequence, EvidencePurge.entry_hash)
        .order_by(EvidencePurge.sequence.desc())
        .limit(1)
    ).first()
    if last is None:
        return Anchor(sequence=0, entry_hash=chain.GENESIS_HASH)
    return Anchor(sequence=int(last[0]), entry_hash=str(last[1]))


def verify(sessions: sessionmaker[Any], *, up_to: int | None = None) -> VerificationReport:
    """Walk the chain from its anchor in sequence order, streaming rows; stop at the first
    bad entry. ``up_to`` limits the walk (a purge checks what it is about to remove)."""
    query = select(*_COLUMNS).order_by(EvidenceEntry.sequence)
    if up_to is not None:
        query = query.where(EvidenceEntry.sequence <= up_to)
    with sessions() as session:
        anchor = _anchor(session)
        expected, previous = anchor.sequence + 1, anchor.entry_hash
        checked = 0
        problem: Problem | None = None
        bad = expected
        # Core rows, not ORM ones: nothing but tuples, fetched a chunk at a time.
        rows = session.connection().execute(query, execution_options={"yield_per": _STREAM_CHUNK})
        for row in rows:
            sequence = row[0]
            if sequence < expected:
                problem, bad = Problem.UNEXPECTED, sequence
            elif sequence > expected:
                problem, bad = Problem.MISSING, expected
            elif row[_PREVIOUS] != previous:
                problem, bad = Problem.BROKEN_LINK, sequence
            elif chain.entry_hash(*row[:_STORED]) != row[_STORED]:
                problem, bad = Problem.ALTERED, sequence
            if problem is not None:
                rows.close()
                break
            checked += 1
            expected, previous = sequence + 1, row[_STORED]
    return VerificationReport(
        intact=problem is None,
        checked_entries=checked,
        anchor=anchor,
        head_sequence=expected - 1,
        head_hash=previous,
        first_bad_sequence=None if problem is None else bad,
        problem=problem,
        message=_message(problem, bad, checked),
        verified_at=datetime.now(UTC),
    )


def _message(problem: Problem | None, sequence: int, checked: int) -> str:
    if problem is None:
        return f"chaîne intègre : {checked} entrées vérifiées"
    return _MESSAGES[problem].format(sequence=sequence)
