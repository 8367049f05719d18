"""An acceptance of the charter and its event are written together (the outbox)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.charter.service import Charters
from collectivia.agent_assistant.definition import SERVICE
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict
from collectivia.platform.events.outbox.writer import Outbox, pending_events

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
JULIEN = Agent("subject-julien", "pseudo-julien", ("etat-civil",), ("57463",), False)


@pytest.fixture
def sessions() -> sessionmaker[Any]:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


def test_an_acceptance_waits_in_the_outbox_with_its_record(sessions: sessionmaker[Any]) -> None:
    charters = Charters(sessions, Outbox("agent-assistant"), clock=lambda: NOW)
    charters.ensure_default()
    with pytest.raises(Conflict):  # not the version in force: nothing kept, nothing announced
        charters.accept(JULIEN, 7)
    assert pending_events(sessions) == []
    charters.accept(JULIEN, 1)
    charters.accept(JULIEN, 1)  # accepted already: no second event
    [event] = pending_events(sessions)
    assert isinstance(event, assistant_pb2.CharterAccepted)
    assert (event.agent, event.charter_version) == ("pseudo-julien", "1")
    acceptance = charters.acceptance(JULIEN)
    assert acceptance is not None and acceptance.version == 1
