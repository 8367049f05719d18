"""Retention: old evidence is purged, the chain stays verifiable from the purge's anchor."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import Outcome, UseRecord
from collectivia.ethics_register.evidence.retention import purge_expired
from collectivia.ethics_register.evidence.settings import EvidenceSettings
from collectivia.ethics_register.evidence.verification import Problem, verify
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput, RuleViolation

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def use() -> UseRecord:
    return UseRecord(
        use_id=str(uuid.uuid4()),
        system_id="sys-chat",
        purpose="citizen-information",
        service="citizen-chat",
        outcome=Outcome.COMPLETED,
        used_at=NOW,
    )


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'evidence.db'}")
    SERVICE.create_schema(engine)
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


def test_a_purge_removes_old_entries_and_keeps_the_chain_verifiable(
    sessions: sessionmaker[Any],
) -> None:
    clock = Clock()
    log = EvidenceLog(sessions, clock)
    clock.now = NOW - timedelta(days=200)
    log.append_many([use() for _ in range(3)])
    clock.now = NOW - timedelta(days=10)
    log.append_many([use() for _ in range(2)])
    clock.now = NOW

    result = purge_expired(sessions, 183, clock)
    assert result.purged_entries == 3
    assert result.anchor_sequence == 3
    assert result.cutoff == NOW - timedelta(days=183)
    assert log.count() == 2
    report = verify(sessions)
    assert report.intact, report.message
    assert report.anchor.sequence == 3
    assert report.checked_entries == 2
    # The chain goes on after the purge.
    log.append(use())
    assert verify(sessions).head_sequence == 6
    # Nothing more is old enough.
    assert purge_expired(sessions, 183, clock).purged_entries == 0


def test_the_chain_goes_on_from_the_anchor_when_everything_was_purged(
    sessions: sessionmaker[Any],
) -> None:
    clock = Clock()
    log = EvidenceLog(sessions, clock)
    clock.now = NOW - timedelta(days=400)
    log.append_many([use() for _ in range(4)])
    clock.now = NOW
    assert purge_expired(sessions, 183, clock).purged_entries == 4
    assert log.count() == 0
    assert verify(sessions).intact
    log.append(use())
    report = verify(sessions)
    assert report.intact, report.message
    assert report.head_sequence == 5


def test_tampering_after_a_purge_is_still_caught(sessions: sessionmaker[Any]) -> None:
    clock = Clock()
    log = EvidenceLog(sessions, clock)
    clock.now = NOW - timedelta(days=200)
    log.append_many([use() for _ in range(2)])
    clock.now = NOW
    log.append_many([use() for _ in range(3)])
    purge_expired(sessions, 183, clock)
    with sessions.begin() as session:
        session.execute(text("DELETE FROM evidence_log WHERE sequence = 3"))
    report = verify(sessions)
    assert report.first_bad_sequence == 3
    assert report.problem is Problem.MISSING


def test_a_broken_prefix_is_not_purged(sessions: sessionmaker[Any]) -> None:
    clock = Clock()
    log = EvidenceLog(sessions, clock)
    clock.now = NOW - timedelta(days=200)
    log.append_many([use() for _ in range(3)])
    clock.now = NOW
    with sessions.begin() as session:
        session.execute(text("UPDATE evidence_log SET service = 'x' WHERE sequence = 2"))
    with pytest.raises(RuleViolation) as caught:
        purge_expired(sessions, 183, clock)
    assert caught.value.rule == "evidence-chain-broken"
    assert log.count() == 3


def test_retention_is_at_least_six_months(sessions: sessionmaker[Any]) -> None:
    with pytest.raises(InvalidInput):
        purge_expired(sessions, 182)
    with pytest.raises(ValidationError):
        EvidenceSettings(evidence_retention_days=182)
    assert EvidenceSettings().evidence_retention_days == 183
