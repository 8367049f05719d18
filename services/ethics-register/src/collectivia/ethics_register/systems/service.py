"""Registering and reading register entries."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from collectivia.core.errors import NotFound, RuleViolation
from collectivia.core.events.protocol import EventPublisher
from collectivia.ethics_register.systems.contracts import system_registered_event
from collectivia.ethics_register.systems.gate import GateEntry, SystemDirectory
from collectivia.ethics_register.systems.models import (
    AiSystem,
    RiskClass,
    SystemCreate,
    SystemRead,
    SystemStatus,
)

logger = logging.getLogger(__name__)


def check_registration_rules(data: SystemCreate) -> None:
    """The AI Act rules a new entry must already respect."""
    if data.status is SystemStatus.APPROVED and data.risk_class is RiskClass.PROHIBITED:
        raise RuleViolation(
            "a system that falls under a prohibited practice cannot be approved",
            rule="prohibited-practice-cannot-be-approved",
        )
    if data.status is SystemStatus.APPROVED and data.risk_class is RiskClass.HIGH:
        raise RuleViolation(
            "a high-risk system is approved only after its fundamental-rights impact "
            "assessment (AI Act Art. 27); register it as a draft",
            rule="high-risk-requires-fria",
        )


def gate_entry(system: SystemRead) -> GateEntry:
    return GateEntry(system.purpose, system.risk_class, system.status, system.version)


class SystemRegistry:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        publisher: EventPublisher,
        directory: SystemDirectory,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._publisher = publisher
        self._directory = directory
        self._clock = clock

    def register(self, data: SystemCreate, registered_by: str) -> SystemRead:
        check_registration_rules(data)
        now = self._clock()
        row = AiSystem(
            id=str(uuid.uuid4()),
            version=1,
            registered_by=registered_by,
            created_at=now,
            updated_at=now,
            **data.model_dump(mode="json"),
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            system = SystemRead.model_validate(row)
            # Awaited inside the transaction: if Kafka does not acknowledge, nothing is stored.
            self._publisher.publish(
                system_registered_event(system, registered_by),
                key=system.id,
                subject=system.id,
                wait=True,
            )
        self._directory.upsert(system.id, gate_entry(system))
        logger.info("system %s registered (%s, %s)", system.id, system.risk_class, system.status)
        return system

    def get(self, system_id: str) -> SystemRead:
        with self._sessions() as session:
            row = session.get(AiSystem, system_id)
            if row is None:
                raise NotFound(f"no system {system_id!r} in the register")
            return SystemRead.model_validate(row)

    def load_directory(self) -> int:
        with self._sessions() as session:
            for row in session.scalars(select(AiSystem)):
                self._directory.upsert(row.id, gate_entry(SystemRead.model_validate(row)))
        return len(self._directory)
