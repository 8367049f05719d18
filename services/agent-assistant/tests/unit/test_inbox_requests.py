"""What the inbox shows of a request: the citizen's words just before it (not the
conversation's first question), its theme read from those words when the chat could not
answer (measured on a labelled set of requests written for this purpose), urgent requests
first, communes by name from the official list, departments by label."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from agent_assistant_testing.scripted import assistant_pathway
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.generative_reply import GatewayReplyWriter
from collectivia.agent_assistant.inbox.labels import DEFAULT_DEPARTMENT_LABELS, HandoffLabels
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.records import Turn
from collectivia.agent_assistant.inbox.request_text import request_words, trigger_question
from collectivia.agent_assistant.inbox.request_theme import RequestThemes
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.inbox.upgrades import add_urgent
from collectivia.agent_assistant.inbox.views import _handoff
from collectivia.ai.use.permission import Permission
from collectivia.events.v1 import chat_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.doubles import RecordingPublisher

LABELLED = Path(__file__).parents[1] / "data" / "handover_requests.jsonl"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
JULIEN = Agent("subject-julien", "pseudo-julien", ("etat-civil",), ("57463",), False)
FIRST = "Quels sont les horaires de la mairie ?"


def said(*texts: str) -> list[Turn]:
    turns: list[Turn] = []
    for number, words in enumerate(texts):
        turns += [Turn("citizen", words, None), Turn("assistant", f"Réponse {number}.", None)]
    return turns


def test_the_request_is_what_the_citizen_said_last_not_first() -> None:
    turns = [
        *said(FIRST, "Ma carte d'identité a expiré, que faire ?"),
        Turn("system", "Transmis", None),
    ]
    assert trigger_question(turns) == "Ma carte d'identité a expiré, que faire ?"
    assert request_words(turns) == "Ma carte d'identité a expiré, que faire ?"
    # A short follow-up is read with the question before it.
    assert request_words(said(FIRST, "Et le samedi ?")) == f"{FIRST}\nEt le samedi ?"
    assert trigger_question([]) == request_words([]) == ""


def test_themes_are_read_from_the_citizens_words_on_a_labelled_set() -> None:
    themes = RequestThemes()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 40
    right = sum(themes.theme_of(sent="", turns=said(*row["said"])) == row["theme"] for row in rows)
    assert right / len(rows) >= 0.85, right
    canteen = said(FIRST, "Le menu de la cantine de l'école cette semaine ?")
    assert themes.theme_of(sent="", turns=canteen) == "Enfance"
    # The theme of the page the chat's answer quoted is kept.
    assert themes.theme_of(sent="Déchets > Collecte", turns=canteen) == "Déchets > Collecte"


def test_communes_by_name_from_the_official_list() -> None:
    labels = HandoffLabels(departments=DEFAULT_DEPARTMENT_LABELS)
    # The shared list (collectivia.platform.communes; its own tests hold the list's cases).
    assert labels.commune("57463") == "Metz (Moselle)"
    assert labels.commune("2a004") == "Ajaccio (Corse-du-Sud)"
    assert labels.commune("99999") == "99999" and labels.commune("") == ""
    assert labels.department("etat-civil") == "État civil"
    assert labels.department("sport") == "sport"


class NoSearch(KnowledgeSearch):
    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        return []


class Register:
    def check(self) -> Permission:
        return Permission(True, "system-1", 3, "http://register.test/registre/system-1", "ok")


def inbox(urgent_department: str = "") -> Inbox:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    publisher = RecordingPublisher()
    pathway = assistant_pathway(Register(), publisher, lambda: NOW)
    gateway = ModelGateway(pathway, None, publisher, GatewayPolicy(), clock=lambda: NOW)
    routing = DepartmentRouting(
        {"mairie": "etat-civil", "enfance": "etat-civil"}, {}, "etat-civil", urgent_department
    )
    return Inbox(
        create_session_factory(engine),
        publisher,
        routing,
        NoSearch(),
        pathway,
        GatewayReplyWriter(gateway),
        gateway,
        timedelta(hours=48),
        clock=lambda: NOW,
    )


def handoff(
    handoff_id: str, minutes: int, *texts: str, urgent: bool = False, theme: str = ""
) -> chat_pb2.HandoffRequested:
    message = chat_pb2.HandoffRequested(
        handoff_id=handoff_id,
        conversation_id=f"c-{handoff_id}",
        commune="57463",
        theme=theme,
        turns=[chat_pb2.ConversationTurn(role="citizen", text=words) for words in texts],
        urgent=urgent,
    )
    message.requested_at.FromDatetime(NOW + timedelta(minutes=minutes))
    return message


def test_urgent_requests_come_first_and_each_shows_its_own_question() -> None:
    box = inbox()
    box.received(handoff("h1", 0, FIRST, "Le menu de la cantine ?", theme=""))
    box.received(handoff("h2", 5, FIRST, "Il y a le feu dans mon immeuble !", urgent=True))
    box.received(handoff("h3", 1, FIRST, "La mairie est-elle ouverte samedi ?", theme="Mairie"))
    listed = box.list_for(JULIEN)
    assert [h.id for h in listed] == ["h2", "h1", "h3"]
    assert [h.urgent for h in listed] == [True, False, False]
    assert [h.trigger for h in listed] == [
        "Il y a le feu dans mon immeuble !",
        "Le menu de la cantine ?",
        "La mairie est-elle ouverte samedi ?",
    ]
    assert listed[1].theme == "Enfance" and listed[2].theme == "Mairie"
    read = _handoff(listed[0], HandoffLabels(departments={"etat-civil": "État civil"}))
    assert (read.urgent, read.trigger) == (True, "Il y a le feu dans mon immeuble !")
    assert (read.commune_label, read.department_label) == ("Metz (Moselle)", "État civil")


def test_an_urgent_request_goes_to_the_agents_on_duty_when_named() -> None:
    box = inbox(urgent_department="permanence")
    box.received(handoff("h1", 0, "Mon père ne respire plus", urgent=True, theme="Urgence"))
    box.received(handoff("h2", 0, "La mairie est-elle ouverte samedi ?", theme="Mairie"))
    on_duty = Agent("s", "p", ("permanence",), (), False)
    assert [h.id for h in box.list_for(on_duty)] == ["h1"]
    assert [h.id for h in box.list_for(JULIEN)] == ["h2"]


def test_an_older_database_gets_the_urgent_column(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE handoffs (id VARCHAR(64) PRIMARY KEY)"))
        connection.execute(text("INSERT INTO handoffs (id) VALUES ('old')"))
    add_urgent(engine)
    add_urgent(engine)  # once only
    assert "urgent" in {c["name"] for c in inspect(engine).get_columns("handoffs")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT urgent FROM handoffs")).scalar() in (0, False)
