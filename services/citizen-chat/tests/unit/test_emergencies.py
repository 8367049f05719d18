"""Emergencies: recognised on a labelled set of messages written for this purpose (precision
and recall), answered with the right numbers before anything else, handed over urgently when
an agent is on duty, and never from the knowledge base."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.ai.use.permission import Permission
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.emergencies import Situation, detect
from collectivia.citizen_chat.answering.emergency_answer import numbers_for
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.emergencies.desk import EmergencyDesk
from collectivia.citizen_chat.emergencies.duty import DutySchedule
from collectivia.citizen_chat.emergencies.settings import EmergencySettings
from collectivia.citizen_chat.handover.contact_cipher import ContactCipher
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.citizen_chat.knowledge.base import DocumentHit, KnowledgeBase
from collectivia.events.v1 import ai_pb2, chat_pb2
from collectivia.platform.database import create_session_factory
from collectivia.testkit.doubles import RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ

LABELLED = Path(__file__).parents[1] / "data" / "emergency_messages.jsonl"
# A Tuesday, 10:00 in Paris.
TUESDAY_MORNING = datetime(2026, 7, 7, 8, 0, tzinfo=UTC)
OFFICE_HOURS = {"tue": "08:30-12:00, 13:30-17:30"}
HEATWAVE = "Ma mère de 80 ans a de la fièvre avec la canicule, elle est toute confuse"


def labelled() -> list[tuple[str, set[str]]]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return [(row["text"], set(row["situations"])) for row in rows]


def test_the_labelled_messages_are_recognised_with_high_precision_and_recall() -> None:
    rows = labelled()
    positives = sum(bool(expected) for _, expected in rows)
    assert positives >= 50 and len(rows) - positives >= 50, "a balanced set"
    found = [(set(map(str, detect(text))), expected) for text, expected in rows]
    true_positives = sum(bool(got) and bool(expected) for got, expected in found)
    flagged = sum(bool(got) for got, _ in found)
    precision, recall = true_positives / flagged, true_positives / positives
    right_situation = sum(bool(got & expected) for got, expected in found if expected)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert right_situation / positives >= 0.95


@pytest.mark.parametrize(
    "question",
    [
        "horaires des pompiers",
        "recrutement police municipale",
        "stage au SAMU",
        "Comment faire une demande de carte d'identité ?",
    ],
)
def test_a_service_named_in_an_ordinary_question_is_no_emergency(question: str) -> None:
    assert detect(question) == ()


@pytest.mark.parametrize(
    ("message", "situation"),
    [
        ("mon pere ne respire plus", Situation.HEALTH),  # no accent
        ("ma voisine est inconciente", Situation.HEALTH),  # a typing error
        ("ils ont frappé leur fils", Situation.CHILD_IN_DANGER),  # inflected
        ("my house is on fire", Situation.FIRE),  # English
        ("je pense à me suicider", Situation.SUICIDE),
    ],
)
def test_spelling_inflection_and_english_do_not_hide_an_emergency(
    message: str, situation: Situation
) -> None:
    assert situation in detect(message)


def test_each_situation_gets_its_number_first_and_112_and_114_always() -> None:
    assert numbers_for([Situation.HEATWAVE]) == ("15", "112", "114")
    assert numbers_for([Situation.SUICIDE])[0] == "3114"
    assert numbers_for([Situation.CHILD_IN_DANGER])[0] == "119"
    assert numbers_for([Situation.DOMESTIC_VIOLENCE])[:2] == ("3919", "17")
    assert numbers_for([Situation.FIRE, Situation.VIOLENCE]) == ("18", "17", "112", "114")


def test_the_duty_schedule_reads_the_collectivitys_local_time() -> None:
    def at(moment: datetime) -> bool:
        return DutySchedule(OFFICE_HOURS, "Europe/Paris", clock=lambda: moment).on_duty()

    assert at(TUESDAY_MORNING)  # 10:00 in Paris (summer time)
    assert not at(TUESDAY_MORNING.replace(hour=10, minute=45))  # 12:45 in Paris
    assert not at(TUESDAY_MORNING.replace(day=8))  # Wednesday: nobody
    assert not DutySchedule({}, clock=lambda: TUESDAY_MORNING).on_duty()


@pytest.mark.parametrize(
    "hours",
    [{"mardi": "08:00-12:00"}, {"tue": "8h-12h"}, {"tue": "12:00-08:00"}, {"tue": "25:00-26:00"}],
)
def test_a_wrong_schedule_is_refused_at_start(hours: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        EmergencySettings(emergency_duty_hours=hours)
    with pytest.raises(ValidationError):
        EmergencySettings(emergency_duty_timezone="Europe/Metz")


class Permissions:
    def __init__(self) -> None:
        self.allowed = True

    def check(self) -> Permission:
        return Permission(self.allowed, "sys-1", 4, "https://reg.example/registre/sys-1", "")


class CountingRetriever:
    def __init__(self, base: KnowledgeBase) -> None:
        self.base = base
        self.searches = 0

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        self.searches += 1
        return self.base.search(query, commune, k)

    def term_weight(self, term: str) -> float:
        return self.base.term_weight(term)


@dataclass
class Chat:
    questions: Questions
    conversations: Conversations
    publisher: RecordingPublisher
    permissions: Permissions
    retriever: CountingRetriever
    desk: EmergencyDesk


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


@pytest.fixture
def chat(base: KnowledgeBase, tmp_path: Path) -> Iterator[Chat]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    conversations = Conversations(create_session_factory(engine), retention_days=30)
    publisher = RecordingPublisher()
    permissions = Permissions()
    retriever = CountingRetriever(base)
    questions = Questions(
        conversations,
        Answerer(retriever, AnsweringPolicy(member_communes=(METZ,))),
        AiUsePathway(permissions, publisher, service="citizen-chat", purpose="citizen-information"),
        publisher,
        QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
    )
    desk = EmergencyDesk(
        schedule=DutySchedule({}),
        handovers=Handovers(conversations, publisher, base, cipher=ContactCipher("")),
    )
    questions.urgent = desk
    yield Chat(questions, conversations, publisher, permissions, retriever, desk)
    engine.dispose()


def handoffs(publisher: RecordingPublisher) -> list[chat_pb2.HandoffRequested]:
    return [p for p in publisher.published if isinstance(p, chat_pb2.HandoffRequested)]


def test_an_emergency_gets_the_numbers_before_anything_else_and_no_quote(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(conversation.id, HEATWAVE, None).answer
    lines = asked.text.splitlines()
    assert lines[0] == texts.commune_line("Metz")
    assert lines[1] == texts.EMERGENCY_CALL
    assert lines[2].startswith("- le 15 (SAMU)")
    assert any(line.startswith("- le 112") for line in lines)
    assert any(line.startswith("- le 114, par SMS") for line in lines)
    assert texts.EMERGENCY_NO_AGENT in lines and texts.EMERGENCY_AGENT_ALERTED not in lines
    assert asked.outcome is Outcome.ANSWERED and asked.offer_handoff
    assert asked.emergency == ("heatwave",)
    # Nothing from the knowledge base: no dose, no diagnosis can be quoted.
    assert not asked.citations and not asked.sentences and chat.retriever.searches == 0
    assert handoffs(chat.publisher) == [], "nobody on duty: no handover"
    [used] = [p for p in chat.publisher.published if isinstance(p, ai_pb2.AiUsed)]
    assert used.contribution.startswith("Urgence reconnue (heatwave)")


def test_with_an_agent_on_duty_the_conversation_is_handed_over_urgently(chat: Chat) -> None:
    chat.desk.schedule = DutySchedule(OFFICE_HOURS, clock=lambda: TUESDAY_MORNING)
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(conversation.id, "Il y a le feu dans mon immeuble !", None)
    assert asked.answer.outcome is Outcome.HANDED_OVER
    assert texts.EMERGENCY_AGENT_ALERTED in asked.answer.text.splitlines()
    assert asked.answer.text.splitlines()[2].startswith("- le 18 (pompiers)")
    [handoff] = handoffs(chat.publisher)
    assert handoff.urgent and handoff.theme == texts.EMERGENCY_THEME
    assert handoff.conversation_id == conversation.id
    assert handoff.turns[0].text == "Il y a le feu dans mon immeuble !"
    # An ordinary question later is no handover.
    chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    assert len(handoffs(chat.publisher)) == 1


def test_the_numbers_are_given_even_when_the_register_refuses_the_use(chat: Chat) -> None:
    chat.permissions.allowed = False
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, "je veux en finir avec la vie", None).answer
    assert asked.text.splitlines()[0] == texts.EMERGENCY_CALL
    assert asked.text.splitlines()[1].startswith("- le 3114")
    assert asked.outcome is Outcome.ANSWERED


def test_an_ordinary_question_is_answered_as_before(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None).answer
    assert not asked.emergency and texts.EMERGENCY_CALL not in asked.text
    assert chat.retriever.searches == 1


class BrokenDesk:
    """On duty, but the handover fails (the database, say)."""

    def on_duty(self) -> bool:
        return True

    def hand_over(self, conversation_id: str, owner: str | None, situations: Sequence[str]) -> None:
        raise RuntimeError("database unavailable")


def test_the_numbers_are_given_even_when_the_urgent_handover_fails(chat: Chat) -> None:
    chat.questions.urgent = BrokenDesk()
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(conversation.id, "mon père ne respire plus", None).answer
    assert asked.text.splitlines()[2].startswith("- le 15 (SAMU)")
    turns = chat.conversations.get(conversation.id, None).turns
    assert [t.role for t in turns] == ["citizen", "assistant"]
