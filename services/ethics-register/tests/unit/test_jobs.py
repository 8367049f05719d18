"""``collectivia-ethics-register-jobs``: the evidence chain verified and purged once, as the
chart's CronJobs run them, against the database the environment names; a broken chain is
exit 1 with the entry at fault, in French."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import Outcome, UseRecord
from collectivia.ethics_register.main import jobs_main as main
from collectivia.platform.database import create_database_engine, create_session_factory


def use() -> UseRecord:
    return UseRecord(
        use_id=str(uuid.uuid4()),
        system_id="sys-chat",
        purpose="citizen-information",
        service="citizen-chat",
        outcome=Outcome.COMPLETED,
        used_at=datetime.now(UTC),
    )


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Any]]:
    """The register's database, named by the environment; three entries recorded 200 days
    ago, two now."""
    url = f"sqlite:///{tmp_path / 'register.db'}"
    monkeypatch.setenv("COLLECTIVIA_ETHICS_REGISTER_DATABASE_URL", url)
    engine = create_database_engine(url)
    SERVICE.create_schema(engine)
    sessions = create_session_factory(engine)
    old = datetime.now(UTC) - timedelta(days=200)
    EvidenceLog(sessions, lambda: old).append_many([use() for _ in range(3)])
    EvidenceLog(sessions).append_many([use() for _ in range(2)])
    yield sessions
    engine.dispose()


@pytest.fixture(autouse=True)
def root_logging() -> Iterator[None]:
    """The job sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def run(job: str) -> int | str | None:
    with pytest.raises(SystemExit) as exited:
        main([job])
    return exited.value.code


def tamper(sessions: sessionmaker[Any], sequence: int) -> None:
    with sessions.begin() as session:
        session.execute(
            text("UPDATE evidence_log SET service = 'x' WHERE sequence = :s"), {"s": sequence}
        )


def test_verify_evidence_says_the_chain_is_intact_and_prints_its_head(
    sessions: sessionmaker[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("verify-evidence") == 0
    message, report = capsys.readouterr().out.splitlines()[:2]
    assert message.startswith("Chaîne de preuves intègre : 5 entrée(s) vérifiée(s)")
    assert json.loads(report)["head_sequence"] == 5
    assert json.loads(report)["head_hash"] in message


def test_verify_evidence_exits_1_and_names_the_altered_entry(
    sessions: sessionmaker[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(sessions, 4)
    assert run("verify-evidence") == 1
    captured = capsys.readouterr()
    assert "Chaîne de preuves rompue à l'entrée 4" in captured.err
    assert "Les 3 entrée(s) précédente(s) sont intègres" in captured.err
    assert json.loads(captured.out)["first_bad_sequence"] == 4


def test_purge_evidence_removes_the_entries_past_retention(
    sessions: sessionmaker[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("purge-evidence") == 0
    out = capsys.readouterr().out
    assert "Purge des preuves : 3 entrée(s)" in out
    assert "la vérification repart de l'entrée 3" in out
    assert run("verify-evidence") == 0
    assert run("purge-evidence") == 0
    assert "aucune entrée enregistrée avant le" in capsys.readouterr().out


def test_purge_evidence_refuses_a_broken_chain_and_removes_nothing(
    sessions: sessionmaker[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(sessions, 2)
    assert run("purge-evidence") == 1
    err = capsys.readouterr().err
    assert "La tâche « purge-evidence » a échoué" in err
    assert "rompue à l'entrée 2" in err
    with sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM evidence_log")) == 5
