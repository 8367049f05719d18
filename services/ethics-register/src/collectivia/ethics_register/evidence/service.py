"""The register's evidence, as the views, the handler and the commands use it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.evidence.explanation import (
    DecisionExplanation,
    FindSystem,
    explain,
)
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models_in_use import ModelInUse, models_in_use
from collectivia.ethics_register.evidence.retention import PurgeResult, purge_expired
from collectivia.ethics_register.evidence.usage import UsageStatistics, usage_of
from collectivia.ethics_register.evidence.verification import VerificationReport, verify


class Evidence:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        find_system: FindSystem,
        retention_days: int,
        count_incidents: Callable[[str], int] = lambda _system_id: 0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._count_incidents = count_incidents
        self._find_system = find_system
        self.retention_days = retention_days
        self._clock = clock
        self.log = EvidenceLog(sessions, clock)

    def verify(self) -> VerificationReport:
        return verify(self._sessions)

    def purge(self) -> PurgeResult:
        return purge_expired(self._sessions, self.retention_days, self._clock)

    def explain(self, use_id: str) -> DecisionExplanation:
        return explain(self.log.get(use_id), self._find_system)

    def models_in_use(self, system_id: str) -> list[ModelInUse]:
        return models_in_use(self._sessions, system_id)

    def usage(self, system_id: str) -> UsageStatistics:
        usage = usage_of(self._sessions, system_id, self.retention_days, self._find_system)
        return usage.model_copy(update={"incidents": self._count_incidents(system_id)})
