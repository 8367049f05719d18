"""Usage statistics of a system, computed by the database (one aggregate query)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from collectivia.ethics_register.evidence.models import EvidenceEntry, HumanReview, Outcome


class OutcomeCounts(BaseModel):
    completed: int
    refused: int
    handed_over: int
    failed: int


class HumanReviewCounts(BaseModel):
    none: int
    accepted: int
    edited: int
    # The human rejected or overrode the system's output.
    overridden: int
    unspecified: int


class UsageStatistics(BaseModel):
    system_id: str
    total_uses: int
    by_outcome: OutcomeCounts
    human_review: HumanReviewCounts
    first_use: datetime | None
    last_use: datetime | None
    # Only the uses still within the retention period are counted.
    retention_days: int
    # Incidents reported about the system (all of them, open or closed).
    incidents: int = 0


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def usage_of(
    sessions: sessionmaker[Any],
    system_id: str,
    retention_days: int,
    system_exists: Callable[[str], object],
) -> UsageStatistics:
    """Statistics of ``system_id``; ``system_exists`` raises NotFound for an unknown system
    (asked only when no use is logged: uses of a since-removed entry are still counted)."""
    outcomes = list(Outcome)
    reviews = list(HumanReview)
    query = select(
        func.count(EvidenceEntry.sequence),
        *(_count_where(EvidenceEntry.outcome == o.value) for o in outcomes),
        *(_count_where(EvidenceEntry.human_review == r.value) for r in reviews),
        func.min(EvidenceEntry.used_at),
        func.max(EvidenceEntry.used_at),
    ).where(EvidenceEntry.system_id == system_id)
    with sessions() as session:
        row = session.execute(query).one()
    total = int(row[0])
    if total == 0:
        system_exists(system_id)
    by_outcome = {
        o.value: int(n) for o, n in zip(outcomes, row[1 : 1 + len(outcomes)], strict=True)
    }
    by_review = {r.value: int(n) for r, n in zip(reviews, row[1 + len(outcomes) : -2], strict=True)}
    return UsageStatistics(
        system_id=system_id,
        total_uses=total,
        by_outcome=OutcomeCounts(**by_outcome),
        human_review=HumanReviewCounts(**by_review),
        first_use=row[-2],
        last_use=row[-1],
        retention_days=retention_days,
    )
