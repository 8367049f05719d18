"""AI-literacy records: one per agent and charter version; malformed events are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.protobuf.message import Message

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.literacy.handlers import CharterAcceptedHandler
from collectivia.ethics_register.literacy.service import LiteracyRecords
from collectivia.events.v1 import assistant_pb2, chat_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def records() -> LiteracyRecords:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    return LiteracyRecords(create_session_factory(engine), clock=lambda: NOW)


def received(payload: Message, event_id: str) -> ReceivedEvent:
    cloud_event = CloudEvent(
        id=event_id,
        source="agent-assistant",
        type="fr.collectivia.assistant.charter-accepted.v1",
        time=NOW,
        data_content_type="application/protobuf",
    )
    return ReceivedEvent(cloud_event, payload, "assistant.charter-accepted.v1", 0, 0)


def test_an_agent_counts_once_per_version_and_redeliveries_are_ignored(
    records: LiteracyRecords,
) -> None:
    handler = CharterAcceptedHandler(records)
    first = assistant_pb2.CharterAccepted(agent="a1", department="etat-civil", charter_version="1")
    handler(received(first, "e1"))
    handler(received(first, "e1"))
    handler(received(first, "e2"))
    handler(
        received(
            assistant_pb2.CharterAccepted(agent="a2", department="etat-civil", charter_version="1"),
            "e3",
        )
    )
    [count] = records.counts()
    assert (count.department, count.charter_version, count.agents) == ("etat-civil", "1", 2)
    assert count.last_accepted_at == NOW  # no accepted_at in the payload: the event's time


@pytest.mark.parametrize(
    "payload",
    [
        assistant_pb2.CharterAccepted(department="etat-civil", charter_version="1"),
        assistant_pb2.CharterAccepted(agent="a1", department="etat-civil"),
        chat_pb2.HandoffResolved(handoff_id="h1"),
    ],
)
def test_malformed_acceptances_are_refused(records: LiteracyRecords, payload: Message) -> None:
    with pytest.raises(InvalidEvent):
        CharterAcceptedHandler(records)(received(payload, "bad"))
    assert records.counts() == []
