"""The charter's rules, on an in-memory database: default version, acceptance and its event,
new versions, refusals in French."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.charter.service import CharterNotAccepted, Charters
from collectivia.agent_assistant.definition import SERVICE
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict, DependencyUnavailable, InvalidInput
from collectivia.testkit.doubles import RecordingPublisher

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
JULIEN = Agent("subject-julien", "pseudo-julien", ("etat-civil",), ("57463",), False)
MARC = Agent("subject-marc", "pseudo-marc", ("numerique",), (), True)


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def charters(publisher: RecordingPublisher) -> Charters:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    charters = Charters(create_session_factory(engine), publisher, clock=lambda: NOW)
    charters.ensure_default()
    return charters


def test_version_one_ships_with_the_service_once(charters: Charters) -> None:
    charters.ensure_default()
    [version] = charters.versions()
    assert version.version == 1 and "Données personnelles" in version.text


def test_accepting_publishes_the_pseudonymous_event_and_lifts_the_block(
    charters: Charters, publisher: RecordingPublisher
) -> None:
    with pytest.raises(CharterNotAccepted) as refused:
        charters.check_accepted(JULIEN)
    assert refused.value.detail.startswith(
        "Veuillez lire et accepter la charte d'utilisation (version 1)"
    )
    charters.accept(JULIEN, 1)
    charters.check_accepted(JULIEN)
    [event] = publisher.published
    assert isinstance(event, assistant_pb2.CharterAccepted)
    assert (event.agent, event.department, event.charter_version) == (
        "pseudo-julien",
        "etat-civil",
        "1",
    )
    assert event.accepted_at.ToDatetime(UTC) == NOW


def test_an_acceptance_the_broker_did_not_take_is_not_recorded(
    charters: Charters, publisher: RecordingPublisher
) -> None:
    publisher.fail = True
    with pytest.raises(DependencyUnavailable):
        charters.accept(JULIEN, 1)
    assert charters.acceptance(JULIEN) is None


def test_a_new_version_asks_everyone_again(charters: Charters) -> None:
    charters.accept(JULIEN, 1)
    new = charters.publish(MARC, "Charte v2", "Nouveau texte.", "Tout change.")
    assert new.version == 2
    with pytest.raises(CharterNotAccepted, match=r"\(version 2\)"):
        charters.check_accepted(JULIEN)
    with pytest.raises(Conflict, match="n'est pas la version en vigueur"):
        charters.accept(JULIEN, 1)
    with pytest.raises(Conflict, match="déjà celui de la version 2"):
        charters.publish(MARC, "Charte v2", "Nouveau texte.", "")


def test_an_empty_or_oversized_version_is_refused_field_by_field(charters: Charters) -> None:
    with pytest.raises(InvalidInput) as caught:
        charters.publish(MARC, "", "x" * 50_001, "")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("title", "Le titre de la charte est vide."),
        ("text", "Le texte dépasse 50000 caractères."),
    ]
    assert [v.version for v in charters.versions()] == [1]
