"""Charter acceptances as AI-literacy records: kept once per agent and version, reported as
counts per department and version."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.literacy.models import CharterAcceptanceRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CharterAcceptance:
    event_id: str
    agent: str
    department: str
    charter_version: str
    source: str
    accepted_at: datetime


@dataclass(frozen=True)
class AcceptanceCount:
    department: str
    charter_version: str
    # Distinct agents who accepted that version.
    agents: int
    last_accepted_at: datetime


class LiteracyRecords:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sessions = sessions
        self.clock = clock

    def record(self, acceptance: CharterAcceptance) -> bool:
        """Keep an acceptance; False when this agent's acceptance of this version (or this
        very event) is already kept."""
        with self.sessions.begin() as session:
            known = session.scalar(
                select(func.count())
                .select_from(CharterAcceptanceRecord)
                .where(
                    (CharterAcceptanceRecord.event_id == acceptance.event_id)
                    | (
                        (CharterAcceptanceRecord.agent == acceptance.agent)
                        & (CharterAcceptanceRecord.charter_version == acceptance.charter_version)
                    )
                )
            )
            if known:
                return False
            session.add(
                CharterAcceptanceRecord(
                    event_id=acceptance.event_id,
                    agent=acceptance.agent,
                    department=acceptance.department,
                    charter_version=acceptance.charter_version,
                    source=acceptance.source,
                    accepted_at=acceptance.accepted_at,
                    recorded_at=self.clock(),
                )
            )
        logger.info("charter acceptance recorded (version %s)", acceptance.charter_version)
        return True

    def counts(self) -> list[AcceptanceCount]:
        """Agents per department and charter version, by department then version."""
        with self.sessions() as session:
            rows = session.execute(
                select(
                    CharterAcceptanceRecord.department,
                    CharterAcceptanceRecord.charter_version,
                    func.count(func.distinct(CharterAcceptanceRecord.agent)),
                    func.max(CharterAcceptanceRecord.accepted_at),
                )
                .group_by(
                    CharterAcceptanceRecord.department, CharterAcceptanceRecord.charter_version
                )
                .order_by(
                    CharterAcceptanceRecord.department, CharterAcceptanceRecord.charter_version
                )
            )
            return [
                AcceptanceCount(department, version, int(agents), _aware(last))
                for department, version, agents, last in rows
            ]


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
