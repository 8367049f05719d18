"""Evidence rows: one per AI use, chained by hash; and the anchors left by purges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.ethics_register.database import Base, UtcDateTime


class Outcome(StrEnum):
    COMPLETED = "completed"
    REFUSED = "refused"
    HANDED_OVER = "handed_over"
    FAILED = "failed"


class HumanReview(StrEnum):
    UNSPECIFIED = "unspecified"
    NONE = "none"
    ACCEPTED = "accepted"
    EDITED = "edited"
    OVERRIDDEN = "overridden"


@dataclass(frozen=True)
class UseRecord:
    """One use of an AI system, as a service reported it (pseudonymous ids only)."""

    use_id: str
    system_id: str
    purpose: str
    service: str
    outcome: Outcome
    used_at: datetime
    system_version: int = 0
    actor: str = ""
    human_review: HumanReview = HumanReview.UNSPECIFIED
    trace_id: str = ""
    contribution: str = ""
    data_sources: tuple[str, ...] = ()
    parameters: dict[str, str] = field(default_factory=dict)
    model: str = ""


class EvidenceEntry(Base):
    """Append-only: rows are inserted, never updated; only a purge deletes (oldest first)."""

    __tablename__ = "evidence_log"

    # Gapless, assigned by the log (not by the database): a missing number is a removed row.
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # The decision id: a redelivered use cannot be logged twice.
    use_id: Mapped[str] = mapped_column(String(64), unique=True)
    system_id: Mapped[str] = mapped_column(String(64), index=True)
    system_version: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(64))
    service: Mapped[str] = mapped_column(String(100))
    actor: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(16))
    human_review: Mapped[str] = mapped_column(String(16))
    trace_id: Mapped[str] = mapped_column(String(32))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    contribution: Mapped[str] = mapped_column(Text)
    # Canonical JSON (a list of ids; an object with sorted keys): hashed as stored.
    data_sources: Mapped[str] = mapped_column(Text)
    parameters: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(200))
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class EvidencePurge(Base):
    """One row per purge: the last purged entry, from which verification starts again."""

    __tablename__ = "evidence_purges"

    # The sequence of the last entry removed by this purge, and its hash.
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry_hash: Mapped[str] = mapped_column(String(64))
    purged_count: Mapped[int] = mapped_column(Integer)
    retention_days: Mapped[int] = mapped_column(Integer)
    purged_at: Mapped[datetime] = mapped_column(UtcDateTime)
