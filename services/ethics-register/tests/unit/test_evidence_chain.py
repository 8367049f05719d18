"""The evidence log: idempotent appends, and verification catching every kind of tampering."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence import chain
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import HumanReview, Outcome, UseRecord
from collectivia.ethics_register.evidence.verification import Problem, verify
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def use(**overrides: Any) -> UseRecord:
    fields: dict[str, Any] = {
        "use_id": str(uuid.uuid4()),
        "system_id": "sys-chat",
        "system_version": 2,
        "purpose": "citizen-information",
        "service": "citizen-chat",
        "actor": "a1b2c3",
        "outcome": Outcome.COMPLETED,
        "human_review": HumanReview.NONE,
        "trace_id": "0af7651916cd43dd8448eb211c80319c",
        "used_at": NOW - timedelta(minutes=1),
        "contribution": "Réponse rédigée à partir des délibérations.",
        "data_sources": ("deliberation-2025-114", "faq-etat-civil"),
        "parameters": {"temperature": "0.2", "seuil": "0.7"},
        "model": "mistral-small-3.2",
    }
    return UseRecord(**{**fields, **overrides})


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Any]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'evidence.db'}")
    SERVICE.create_schema(engine)
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def log(sessions: sessionmaker[Any]) -> EvidenceLog:
    return EvidenceLog(sessions, clock=lambda: NOW)


@pytest.fixture
def tamper(sessions: sessionmaker[Any]) -> Callable[..., None]:
    def run(*statements: str) -> None:
        with sessions.begin() as session:
            for statement in statements:
                session.execute(text(statement))

    return run


def filled(log: EvidenceLog, count: int = 5) -> list[UseRecord]:
    uses = [use(outcome=Outcome.COMPLETED if i % 2 else Outcome.REFUSED) for i in range(count)]
    assert log.append_many(uses[:2]) == 2
    for record in uses[2:]:
        assert log.append(record)
    return uses


def test_an_untouched_chain_is_intact(log: EvidenceLog, sessions: sessionmaker[Any]) -> None:
    filled(log)
    report = verify(sessions)
    assert report.intact
    assert report.checked_entries == 5
    assert report.head_sequence == 5
    assert report.anchor.sequence == 0
    assert report.first_bad_sequence is None
    assert report.message == "chaîne intègre : 5 entrées vérifiées"


def test_an_empty_log_is_intact(sessions: sessionmaker[Any]) -> None:
    report = verify(sessions)
    assert report.intact
    assert report.checked_entries == 0


def test_a_use_is_logged_once_however_often_it_comes(log: EvidenceLog) -> None:
    record = use()
    assert log.append(record)
    assert not log.append(record)
    # Within one batch, and against what is already stored.
    other = use()
    assert log.append_many([record, other, other]) == 1
    assert log.count() == 2
    assert log.get(other.use_id).sequence == 2


def test_the_stored_entry_holds_the_payload(log: EvidenceLog) -> None:
    record = use()
    log.append(record)
    entry = log.get(record.use_id)
    assert entry.data_sources == '["deliberation-2025-114","faq-etat-civil"]'
    assert entry.parameters == '{"seuil":"0.7","temperature":"0.2"}'
    assert entry.used_at == record.used_at
    assert entry.recorded_at == NOW
    assert entry.previous_hash == "0" * 64
    assert len(entry.entry_hash) == 64


@pytest.mark.parametrize(
    ("statement", "bad", "problem"),
    [
        ("UPDATE evidence_log SET outcome = 'completed' WHERE sequence = 3", 3, Problem.ALTERED),
        ("UPDATE evidence_log SET parameters = '{}' WHERE sequence = 1", 1, Problem.ALTERED),
        ("DELETE FROM evidence_log WHERE sequence = 3", 3, Problem.MISSING),
        ("DELETE FROM evidence_log WHERE sequence = 1", 1, Problem.MISSING),
        (
            "UPDATE evidence_log SET previous_hash = entry_hash WHERE sequence = 4",
            4,
            Problem.BROKEN_LINK,
        ),
        # Altered, then given a matching hash: the next entry's link gives it away.
        (
            "UPDATE evidence_log SET entry_hash = previous_hash WHERE sequence = 2",
            2,
            Problem.ALTERED,
        ),
    ],
)
def test_tampering_is_reported_at_the_first_bad_entry(
    log: EvidenceLog,
    sessions: sessionmaker[Any],
    tamper: Callable[..., None],
    statement: str,
    bad: int,
    problem: Problem,
) -> None:
    filled(log)
    tamper(statement)
    report = verify(sessions)
    assert not report.intact
    assert report.first_bad_sequence == bad
    assert report.problem is problem
    assert str(bad) in report.message
    assert report.checked_entries == bad - 1


def test_swapped_entries_are_caught(
    log: EvidenceLog, sessions: sessionmaker[Any], tamper: Callable[..., None]
) -> None:
    filled(log)
    tamper(
        "UPDATE evidence_log SET sequence = -1 WHERE sequence = 2",
        "UPDATE evidence_log SET sequence = 2 WHERE sequence = 3",
        "UPDATE evidence_log SET sequence = 3 WHERE sequence = -1",
    )
    report = verify(sessions)
    assert not report.intact
    assert report.first_bad_sequence == 2
    assert report.problem is Problem.BROKEN_LINK


def test_a_rehashed_entry_breaks_the_next_link(
    log: EvidenceLog, sessions: sessionmaker[Any]
) -> None:
    uses = filled(log)
    forged = log.get(uses[1].use_id)
    # Someone recomputes entry 2's hash after changing it: entry 3 no longer points at it.
    fields = {name: getattr(forged, name) for name in chain.HASHED_FIELDS}
    new_hash = chain.entry_hash(**{**fields, "outcome": "failed"})
    with sessions.begin() as session:
        session.execute(
            text("UPDATE evidence_log SET outcome = 'failed', entry_hash = :h WHERE sequence = 2"),
            {"h": new_hash},
        )
    report = verify(sessions)
    assert report.first_bad_sequence == 3
    assert report.problem is Problem.BROKEN_LINK


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"use_id": ""}, "use_id"),
        ({"system_id": ""}, "system_id"),
        ({"purpose": ""}, "purpose"),
        ({"service": ""}, "service"),
        ({"use_id": "x" * 65}, "use_id"),
    ],
)
def test_incomplete_uses_are_refused(
    log: EvidenceLog, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        log.append(use(**overrides))
    assert [e.field for e in caught.value.errors] == [field]
    assert log.count() == 0


def test_the_hash_of_a_known_entry_never_changes() -> None:
    """A test vector: an encoding change must bump ENCODING_VERSION, not slip in."""
    fields: dict[str, Any] = {
        "sequence": 1,
        "use_id": "u-1",
        "system_id": "s-1",
        "system_version": 2,
        "purpose": "citizen-information",
        "service": "citizen-chat",
        "actor": "a",
        "outcome": "completed",
        "human_review": "none",
        "trace_id": "",
        "used_at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        "recorded_at": "2026-01-02 03:04:05.000006",  # SQLite's text form of the same time
        "contribution": 'Réponse "citée"\n\u2028',
        "data_sources": chain.canonical_list(["é", "b"]),
        "parameters": chain.canonical_mapping({"z": "1", "a": "2"}),
        "model": "m",
        "previous_hash": chain.GENESIS_HASH,
    }
    # sha256 of the UTF-8 JSON array ["evidence-v1",1,"u-1",...,"2026-01-02T03:04:05.000006
    # +00:00",...,"0000...0000"] (no spaces, non-ASCII kept as is).
    assert chain.entry_hash(**fields) == (
        "c32053aac86ace546ad37374f322ff978e27638af25ae7e547a66001b311616e"
    )
    assert chain.canonical_mapping({"z": "1", "a": "2"}) == '{"a":"2","z":"1"}'
    assert chain.entry_hash(**{**fields, "used_at": "2026-01-02 03:04:05.000006"}) == (
        chain.entry_hash(**fields)
    )
