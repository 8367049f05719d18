"""``collectivia-citizen-chat-jobs purge-conversations``: the retention purge once, as the
chart's CronJob runs it, against the database the environment names; and the setting that
turns the service's own hourly purge off meanwhile."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import sessionmaker

from collectivia.citizen_chat.conversations.area import Chat, NotPurging, start_purging
from collectivia.citizen_chat.conversations.forgetting import ForgottenQuestionRow
from collectivia.citizen_chat.conversations.models import ConversationRow
from collectivia.citizen_chat.conversations.records import Turn
from collectivia.citizen_chat.conversations.retention import RetentionPurge
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.main import jobs_main as main
from collectivia.platform.database import create_database_engine, create_session_factory


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Any]]:
    """The chat's database, named by the environment: two conversations idle for 40 days,
    one from now."""
    url = f"sqlite:///{tmp_path / 'chat.db'}"
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_DATABASE_URL", url)
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RETENTION_DAYS", "30")
    engine = create_database_engine(url)
    SERVICE.create_schema(engine)
    sessions = create_session_factory(engine)
    old = datetime.now(UTC) - timedelta(days=40)
    for _ in range(2):
        Conversations(sessions, 30, clock=lambda: old).start(None, None)
    Conversations(sessions, 30).start(None, None)
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


def count(sessions: sessionmaker[Any]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(ConversationRow)) or 0


def test_the_job_deletes_the_idle_conversations_and_announces_them(
    sessions: sessionmaker[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("purge-conversations") == 0
    assert count(sessions) == 1
    out = capsys.readouterr().out
    assert "Purge de rétention : 2 conversation(s) inactive(s) depuis plus de 30 jours" in out
    with sessions() as session:  # the erasures wait in the outbox for the service's relay
        assert session.scalar(text("SELECT count(*) FROM outbox")) == 2
    assert run("purge-conversations") == 0
    assert "aucune conversation inactive depuis plus de 30 jours" in capsys.readouterr().out


def test_the_job_says_in_french_when_the_database_cannot_be_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "chat.db"
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_DATABASE_URL", f"sqlite:///{missing}")
    assert run("purge-conversations") == 3
    err = capsys.readouterr().err
    assert "La tâche « purge-conversations » n'a pas pu aller au bout (OperationalError)" in err


def test_the_service_purges_itself_unless_a_scheduler_does(
    sessions: sessionmaker[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ConversationSettings().retention_purge_in_process is True
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RETENTION_PURGE_IN_PROCESS", "false")
    assert ConversationSettings().retention_purge_in_process is False
    conversations = Conversations(sessions, 30)
    unused: Any = None  # the purge needs only the conversations
    chat = Chat(conversations, unused, unused, "salt", purge_in_process=False)
    assert isinstance(start_purging(chat), NotPurging)
    assert count(sessions) == 3
    chat = Chat(conversations, unused, unused, "salt", purge_in_process=True)
    purge = start_purging(chat)
    try:
        assert isinstance(purge, RetentionPurge)
        deadline = time.monotonic() + 20
        while count(sessions) != 1 and time.monotonic() < deadline:
            time.sleep(0.05)  # the in-process purge's first round runs at once, in its thread
        assert count(sessions) == 1
    finally:
        purge.stop()


def test_the_job_tells_the_serving_workers_which_questions_to_forget(
    sessions: sessionmaker[Any],
) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    stale = Conversations(sessions, 30, clock=lambda: old)
    conversation = stale.start(None, None).id
    stale.add_turns(conversation, [Turn("citizen", "Où jeter mes gravats ?", old)])
    assert run("purge-conversations") == 0
    with sessions() as session:  # a digest for the workers' query caches, not the question
        digests = session.scalars(select(ForgottenQuestionRow.digest)).all()
    assert len(digests) == 1 and "gravats" not in digests[0]
