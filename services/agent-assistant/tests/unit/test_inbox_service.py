"""The inbox's rules on an in-memory database, its suggestions through the model gateway
(a scripted model): idempotent intake, department scoping, the register's and the knowledge
base's refusals said in French, and the evidence of each suggestion recorded ONCE: at the
reply with the agent's review, or at expiry with none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from agent_assistant_testing.scripted import ScriptedGenerator, assistant_pathway
from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.generative_reply import GatewayReplyWriter
from collectivia.agent_assistant.inbox.ports import (
    KnowledgeSearch,
    Passage,
    ReplyRequest,
    WrittenReply,
)
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.ai.use.permission import Permission
from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict, DependencyUnavailable, NotFound
from collectivia.testkit.doubles import RecordingPublisher

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
JULIEN = Agent("subject-julien", "pseudo-julien", ("etat-civil",), ("57463",), False)
AMELIE = Agent("subject-amelie", "pseudo-amelie", ("etat-civil",), ("57463",), False)
NADIA = Agent("subject-nadia", "pseudo-nadia", ("dechets",), (), False)
PASSAGE = Passage(
    "mairie-metz", "Horaires", "", "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h.", 1.0
)
MODEL_REPLY = "Bonjour [NOM_9001], l'hôtel de ville ouvre le samedi de 9 h à 12 h. [1]"


class Search(KnowledgeSearch):
    def __init__(self) -> None:
        self.down = False
        self.passages = [PASSAGE]
        self.queries: list[tuple[str, str]] = []

    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        self.queries.append((query, commune))
        if self.down:
            raise DependencyUnavailable("La base de connaissances ne répond pas.")
        return list(self.passages)


class Register:
    def __init__(self) -> None:
        self.allowed = True

    def check(self) -> Permission:
        return Permission(
            self.allowed,
            "system-1",
            3,
            "http://register.test/registre/system-1",
            "ok" if self.allowed else "suspended",
        )


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Parts:
    inbox: Inbox
    publisher: RecordingPublisher
    search: Search
    register: Register
    clock: Clock

    def uses(self) -> list[ai_pb2.AiUsed]:
        return [e for e in self.publisher.published if isinstance(e, ai_pb2.AiUsed)]

    def tasks(self) -> list[assistant_pb2.TaskCompleted]:
        return [e for e in self.publisher.published if isinstance(e, assistant_pb2.TaskCompleted)]


def build(model: ScriptedGenerator | None = None) -> Parts:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    publisher, search, register, clock = RecordingPublisher(), Search(), Register(), Clock()
    pathway = assistant_pathway(register, publisher, clock)
    gateway = ModelGateway(pathway, model, publisher, GatewayPolicy(), clock=clock)
    inbox = Inbox(
        create_session_factory(engine),
        publisher,
        DepartmentRouting({"mairie": "etat-civil", "déchets": "dechets"}, {}, "etat-civil"),
        search,
        pathway,
        GatewayReplyWriter(gateway),
        gateway,
        timedelta(hours=48),
        clock=clock,
    )
    return Parts(inbox, publisher, search, register, clock)


@pytest.fixture
def parts() -> Parts:
    return build()


@pytest.fixture
def generative() -> Parts:
    return build(ScriptedGenerator([MODEL_REPLY]))


def handoff(handoff_id: str = "h1", theme: str = "Mairie > Horaires") -> chat_pb2.HandoffRequested:
    return chat_pb2.HandoffRequested(
        handoff_id=handoff_id,
        conversation_id=f"c-{handoff_id}",
        commune="57463",
        theme=theme,
        turns=[chat_pb2.ConversationTurn(role="citizen", text="[NOM_1] : ouvert le samedi ?")],
    )


def test_a_redelivered_handover_is_stored_once(parts: Parts) -> None:
    assert parts.inbox.received(handoff()) is True
    assert parts.inbox.received(handoff()) is False
    [stored] = parts.inbox.list_for(JULIEN)
    assert stored.requested_at == NOW and stored.question == "[NOM_1] : ouvert le samedi ?"


def test_agents_only_see_their_departments(parts: Parts) -> None:
    inbox = parts.inbox
    inbox.received(handoff("h1"))
    inbox.received(handoff("h2", "Déchets > Collecte"))
    assert [h.id for h in inbox.list_for(JULIEN)] == ["h1"]
    assert [h.id for h in inbox.list_for(NADIA)] == ["h2"]
    with pytest.raises(NotFound):
        inbox.get(NADIA, "h1")
    nobody = Agent("s", "p", (), (), False)
    assert inbox.list_for(nobody) == []


def test_no_suggestion_when_the_register_denies_or_the_chat_is_down_and_it_is_asked_again(
    parts: Parts,
) -> None:
    inbox, search, register = parts.inbox, parts.search, parts.register
    inbox.received(handoff())
    register.allowed = False
    denied = inbox.suggestion(JULIEN, "h1")
    assert (denied.text, denied.notice) == ("", messages.DENIED_NOTICE) and search.queries == []
    register.allowed = True
    search.down = True
    assert inbox.suggestion(JULIEN, "h1").notice == messages.UNREACHABLE_NOTICE
    search.down = False
    search.passages = []
    nothing = inbox.suggestion(JULIEN, "h1")
    assert (nothing.text, nothing.notice, nothing.use_id) == ("", messages.NOTHING_FOUND, "")
    search.passages = [PASSAGE]
    made = inbox.suggestion(JULIEN, "h1")
    assert "[1]" in made.text and search.queries[-1] == ("[NOM_1] : ouvert le samedi ?", "57463")
    assert made.use_id == inbox.get(JULIEN, "h1").ai_use_id
    # Notices are no use of the assistant: nothing recorded, even later.
    assert parts.publisher.published == []


def test_a_reply_without_a_suggestion_publishes_no_evidence_of_ai_use(parts: Parts) -> None:
    parts.inbox.received(handoff())
    answered = parts.inbox.reply(JULIEN, "h1", "Oui, de 9 h à 12 h.")
    assert answered.human_review == "" and answered.status == "resolved"
    [resolved] = parts.publisher.published
    assert isinstance(resolved, chat_pb2.HandoffResolved) and resolved.agent == "pseudo-julien"


def test_without_a_model_the_quoted_suggestion_is_recorded_at_the_reply_under_its_entry(
    parts: Parts,
) -> None:
    parts.inbox.received(handoff())
    suggestion = parts.inbox.suggestion(JULIEN, "h1")
    assert not suggestion.generative and "sans IA générative" in suggestion.notice
    assert parts.publisher.published == []  # nothing at the suggestion: deferred
    answered = parts.inbox.reply(JULIEN, "h1", suggestion.text)
    [used] = parts.uses()
    assert (used.system_id, used.system_version, used.human_review) == (
        "system-1",
        3,
        ai_pb2.HUMAN_REVIEW_ACCEPTED,
    )
    assert used.use_id == answered.ai_use_id == suggestion.use_id
    assert used.model == "extractive/quoted-passages" and used.parameters["mode"] == "offline"
    assert used.parameters["fallback"] == "no-model" and list(used.data_sources) == ["mairie-metz"]
    [task] = parts.tasks()
    assert task.task == assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY and not task.generative


@pytest.mark.parametrize(
    ("edit", "rejected", "expected"),
    [
        (False, False, ai_pb2.HUMAN_REVIEW_ACCEPTED),
        (True, False, ai_pb2.HUMAN_REVIEW_EDITED),
        (False, True, ai_pb2.HUMAN_REVIEW_OVERRIDDEN),
    ],
)
def test_a_model_written_suggestion_is_one_use_recorded_at_the_reply_with_the_review(
    generative: Parts, edit: bool, rejected: bool, expected: int
) -> None:
    inbox = generative.inbox
    inbox.received(handoff())
    suggestion = inbox.suggestion(JULIEN, "h1")
    assert suggestion.generative and suggestion.model == "scripted-model"
    # The chat's placeholder comes back as the chat wrote it.
    assert suggestion.text.startswith("Bonjour [NOM_1], l'hôtel de ville ouvre")
    assert [c.document_id for c in suggestion.citations] == ["mairie-metz"]
    assert inbox.suggestion(AMELIE, "h1") == suggestion  # made once, kept
    assert generative.publisher.published == []
    generative.clock.now = NOW + timedelta(minutes=5)
    text = suggestion.text + ("\nBonne journée." if edit else "")
    answered = inbox.reply(AMELIE, "h1", text, rejected, shown_use_id=suggestion.use_id)

    [used] = generative.uses()
    assert used.use_id == suggestion.use_id == answered.ai_use_id
    assert used.human_review == expected and used.actor == "pseudo-amelie"
    assert used.model == "scripted-model" and used.parameters["mode"] == "generative"
    assert used.parameters["task"] == "handoff-reply"
    assert used.parameters["suggestion"] == "replied"
    assert "fallback" not in used.parameters and list(used.data_sources) == ["mairie-metz"]
    assert used.used_at.ToDatetime(UTC) == NOW  # when the model wrote it
    assert "modèle génératif" in used.contribution
    [task] = generative.tasks()
    assert task.task_id == used.use_id and task.generative and task.agent == "pseudo-amelie"
    assert task.task == assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY
    assert task.department == "etat-civil"


def test_a_suggestion_nobody_answers_is_recorded_at_expiry_and_withdrawn(
    generative: Parts,
) -> None:
    inbox, clock = generative.inbox, generative.clock
    inbox.received(handoff())
    inbox.received(handoff("h2"))
    first = inbox.suggestion(JULIEN, "h1")
    inbox.suggestion(JULIEN, "h2")
    inbox.reply(JULIEN, "h2", "Oui.")  # answered: recorded with its review, never expired
    clock.now = NOW + timedelta(hours=47)
    assert inbox.expire_suggestions() == 0
    clock.now = NOW + timedelta(hours=49)
    assert inbox.expire_suggestions() == 1
    assert inbox.expire_suggestions() == 0

    expired = [u for u in generative.uses() if u.use_id == first.use_id]
    assert [(u.human_review, u.parameters["suggestion"]) for u in expired] == [
        (ai_pb2.HUMAN_REVIEW_NONE, "expired")
    ]
    assert expired[0].actor == "pseudo-julien" and expired[0].model == "scripted-model"
    assert first.use_id not in {t.task_id for t in generative.tasks()}
    assert inbox.get(JULIEN, "h1").ai_use_id == ""

    # The agent who still has the old suggestion on screen is told, in French.
    with pytest.raises(Conflict) as stale:
        inbox.reply(JULIEN, "h1", first.text, shown_use_id=first.use_id)
    assert stale.value.detail == messages.STALE_SUGGESTION
    fresh = inbox.suggestion(JULIEN, "h1")
    assert fresh.use_id not in ("", first.use_id)
    inbox.reply(JULIEN, "h1", fresh.text, shown_use_id=fresh.use_id)
    assert len([u for u in generative.uses() if u.use_id == fresh.use_id]) == 1


def test_a_suggestion_made_twice_at_once_keeps_the_first_and_records_the_other(
    generative: Parts,
) -> None:
    inbox = generative.inbox
    writer = inbox.writer

    class RacingWriter:
        """While this suggestion is written, another agent's is stored."""

        def __init__(self) -> None:
            self.raced = False

        def write(self, request: ReplyRequest, agent: Agent) -> WrittenReply:
            if not self.raced:
                self.raced = True
                inbox.suggestion(AMELIE, request.handoff_id)
            return writer.write(request, agent)

    inbox.writer = RacingWriter()
    inbox.received(handoff())
    kept = inbox.suggestion(JULIEN, "h1")
    [discarded] = generative.uses()
    assert discarded.use_id != kept.use_id == inbox.get(JULIEN, "h1").ai_use_id
    assert discarded.human_review == ai_pb2.HUMAN_REVIEW_NONE
    assert discarded.parameters["suggestion"] == "discarded" and generative.tasks() == []


def test_nothing_is_marked_answered_when_the_broker_refuses_the_reply(generative: Parts) -> None:
    generative.inbox.received(handoff())
    generative.inbox.suggestion(JULIEN, "h1")
    generative.publisher.fail = True
    with pytest.raises(DependencyUnavailable):
        generative.inbox.reply(JULIEN, "h1", "Oui.")
    assert generative.inbox.get(JULIEN, "h1").status == "open"
    generative.publisher.fail = False
    generative.inbox.reply(JULIEN, "h1", "Oui.")
    assert len(generative.uses()) == 1
