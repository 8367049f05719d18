from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from pydantic import ValidationError

from collectivia.core.errors import DependencyUnavailable, NotFound, RuleViolation
from collectivia.ethics_register.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.ethics_register.systems.gate import SystemDirectory
from collectivia.ethics_register.systems.models import SystemCreate
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import register_pb2 as events_pb2


class RecordingPublisher:
    """Stands in for Kafka in unit tests only; integration tests use the real broker."""

    def __init__(self, fail: bool = False) -> None:
        self.published: list[tuple[Message, str]] = []
        self.fail = fail

    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        if self.fail:
            raise DependencyUnavailable("the event could not be delivered to Kafka")
        self.published.append((payload, key))
        return f"event-{len(self.published)}"


def make_registry(tmp_path: Path, publisher: RecordingPublisher) -> SystemRegistry:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    create_schema(engine)
    return SystemRegistry(create_session_factory(engine), publisher, SystemDirectory())


def system(**overrides: Any) -> SystemCreate:
    fields: dict[str, Any] = {
        "name": "Assistant virtuel citoyen",
        "purpose": "citizen-information",
        "owner": "Direction du numérique",
        "risk_class": "limited",
        "status": "approved",
    }
    return SystemCreate(**{**fields, **overrides})


def test_registration_stores_publishes_and_opens_the_gate(tmp_path: Path) -> None:
    publisher = RecordingPublisher()
    registry = make_registry(tmp_path, publisher)
    created = registry.register(system(), registered_by="subject-1")
    assert registry.get(created.id) == created
    [(event, key)] = publisher.published
    assert isinstance(event, events_pb2.SystemRegistered)
    assert key == created.id
    assert event.registered_by == "subject-1"
    # A fresh registry over the same database rebuilds the gate from storage.
    reloaded = make_registry(tmp_path, RecordingPublisher())
    assert reloaded.load_directory() == 1


def test_nothing_is_stored_when_the_event_cannot_be_published(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, RecordingPublisher(fail=True))
    with pytest.raises(DependencyUnavailable):
        registry.register(system(), registered_by="subject-1")
    assert registry.load_directory() == 0


@pytest.mark.parametrize(
    ("risk_class", "rule"),
    [("prohibited", "prohibited-practice-cannot-be-approved"), ("high", "high-risk-requires-fria")],
)
def test_approval_rules(tmp_path: Path, risk_class: str, rule: str) -> None:
    publisher = RecordingPublisher()
    registry = make_registry(tmp_path, publisher)
    with pytest.raises(RuleViolation) as caught:
        registry.register(system(risk_class=risk_class), registered_by="subject-1")
    assert caught.value.rule == rule
    assert publisher.published == []
    # As a draft, the same system can be registered.
    assert registry.register(system(risk_class=risk_class, status="draft"), "s").version == 1


def test_unknown_system_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        make_registry(tmp_path, RecordingPublisher()).get("nope")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "Not A Slug"),
        ("risk_class", "extreme"),
        ("status", "published"),
        ("name", "ab"),
        ("owner", ""),
    ],
)
def test_invalid_fields_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        system(**{field: value})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        system(secret_weights="0.3")
