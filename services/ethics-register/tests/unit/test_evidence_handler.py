"""The ai.used handler (translation, refusals) and the verify-evidence command."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import text

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.cli import verify_evidence
from collectivia.ethics_register.evidence.handlers import AiUsedHandler
from collectivia.ethics_register.evidence.log import EvidenceLog
from collectivia.ethics_register.evidence.models import HumanReview, Outcome
from collectivia.ethics_register.main import main
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.events.v1 import ai_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import AI_USED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent, InvalidEvent

USED_AT = datetime(2026, 3, 3, 13, 5, 7, 123456, tzinfo=UTC)


def payload(**overrides: Any) -> ai_pb2.AiUsed:
    used_at = Timestamp()
    used_at.FromDatetime(USED_AT)
    fields: dict[str, Any] = {
        "use_id": str(uuid.uuid4()),
        "system_id": "sys-chat",
        "system_version": 2,
        "purpose": "citizen-information",
        "service": "citizen-chat",
        "actor": "a1b2c3",
        "outcome": ai_pb2.OUTCOME_COMPLETED,
        "human_review": ai_pb2.HUMAN_REVIEW_OVERRIDDEN,
        "used_at": used_at,
        "data_sources": ["faq"],
        "parameters": {"seuil": "0.7"},
        "model": "mistral-small-3.2",
    }
    return ai_pb2.AiUsed(**{**fields, **overrides})


def received(message: ai_pb2.AiUsed) -> ReceivedEvent:
    cloud_event = CloudEvent(
        str(uuid.uuid4()), "test", AI_USED.ce_type, datetime.now(UTC), AI_USED.content_type
    )
    return ReceivedEvent(cloud_event, message, AI_USED.topic, 0, 0)


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'evidence.db'}"
    SERVICE.create_schema(create_database_engine(url))
    return url


@pytest.fixture
def log(database: str) -> EvidenceLog:
    return EvidenceLog(create_session_factory(create_database_engine(database)))


def test_an_event_is_translated_and_appended_once(log: EvidenceLog) -> None:
    handler = AiUsedHandler(log)
    message = payload()
    handler(received(message))
    handler(received(message))  # redelivered under another ce_id: still one entry
    assert log.count() == 1
    entry = log.get(message.use_id)
    assert entry.outcome == Outcome.COMPLETED.value
    assert entry.human_review == HumanReview.OVERRIDDEN.value
    assert entry.used_at == USED_AT
    assert json.loads(entry.parameters) == {"seuil": "0.7"}


def test_the_event_time_stands_in_for_a_missing_use_time(log: EvidenceLog) -> None:
    message = payload()
    message.ClearField("used_at")
    event = received(message)
    AiUsedHandler(log)(event)
    assert log.get(message.use_id).used_at == event.cloud_event.time


@pytest.mark.parametrize(
    "overrides",
    [
        {"use_id": ""},
        {"system_id": ""},
        {"purpose": ""},
        {"service": ""},
        {"outcome": ai_pb2.OUTCOME_UNSPECIFIED},
        {"human_review": 99},
        {"use_id": "x" * 65},
    ],
)
def test_unusable_events_are_refused(log: EvidenceLog, overrides: dict[str, Any]) -> None:
    with pytest.raises(InvalidEvent):
        AiUsedHandler(log)(received(payload(**overrides)))
    assert log.count() == 0


def test_verify_evidence_exits_1_on_a_broken_chain(
    log: EvidenceLog, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        AiUsedHandler(log)(received(payload()))
    settings = RegisterSettings(database_url=database)
    assert verify_evidence(settings) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is True
    assert report["checked_entries"] == 3
    engine = create_database_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE evidence_log SET model = 'autre' WHERE sequence = 2"))
    assert verify_evidence(settings) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False
    assert report["first_bad_sequence"] == 2
    assert report["problem"] == "altered-entry"


def test_an_unknown_command_is_refused() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["drop-evidence"])
    assert caught.value.code == 2
