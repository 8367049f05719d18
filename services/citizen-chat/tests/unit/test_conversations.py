from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.ai.use.permission import Permission
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.feedback.service import Feedbacks, Reason
from collectivia.citizen_chat.handover.contact_cipher import ContactCipher
from collectivia.citizen_chat.handover.service import Channel, Handovers
from collectivia.citizen_chat.knowledge.base import DocumentHit, KnowledgeBase
from collectivia.events.v1 import ai_pb2, chat_pb2
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import Conflict, InvalidInput, NotFound
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.testkit.doubles import RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ

T = TypeVar("T")
EMAIL = "jeanne.martin@example.fr"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FakePermission:
    allowed: bool = True
    reason: DenialReason | None = None
    checks: int = 0

    def check(self) -> Permission:
        self.checks += 1
        return Permission(
            self.allowed, "sys-1", 4, "https://reg.example/registre/sys-1", "", self.reason
        )


@dataclass
class RecordingIncidents:
    reports: list[tuple[str, str, str, str]] = field(default_factory=list)

    def report(self, system_id: str, use_id: str, category: str, description: str) -> bool:
        self.reports.append((system_id, use_id, category, description))
        return True


class SpyRetriever:
    """The real knowledge base, remembering the queries it was given."""

    def __init__(self, base: KnowledgeBase) -> None:
        self.base = base
        self.queries: list[str] = []

    def search(self, query: str, commune: str | None = None, k: int = 10) -> list[DocumentHit]:
        self.queries.append(query)
        return self.base.search(query, commune, k)

    def term_weight(self, term: str) -> float:
        return self.base.term_weight(term)


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


@dataclass
class Chat:
    conversations: Conversations
    questions: Questions
    feedbacks: Feedbacks
    handovers: Handovers
    publisher: RecordingPublisher
    permission: FakePermission
    retriever: SpyRetriever
    incidents: RecordingIncidents
    clock: Clock
    sessions: sessionmaker[Session]


@pytest.fixture
def chat(base: KnowledgeBase, tmp_path: Path) -> Iterator[Chat]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    sessions = create_session_factory(engine)
    clock = Clock()
    conversations = Conversations(sessions, retention_days=30, clock=clock)
    publisher = RecordingPublisher()
    permission = FakePermission()
    retriever = SpyRetriever(base)
    incidents = RecordingIncidents()
    pathway = AiUsePathway(
        permission, publisher, service="citizen-chat", purpose="citizen-information", clock=clock
    )
    questions = Questions(
        conversations,
        Answerer(retriever, AnsweringPolicy()),
        pathway,
        publisher,
        QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
    )
    yield Chat(
        conversations,
        questions,
        Feedbacks(conversations, publisher, incidents, pathway),
        Handovers(conversations, publisher, base, cipher=ContactCipher("")),
        publisher,
        permission,
        retriever,
        incidents,
        clock,
        sessions,
    )
    engine.dispose()


def of_type(publisher: RecordingPublisher, kind: type[T]) -> list[T]:
    return [p for p in publisher.published if isinstance(p, kind)]


def test_an_offline_answer_says_its_cpu_time_and_energy(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    # The first question loads the privacy guard's names model (seconds of CPU when this
    # test runs alone); the second one's use is what an answer costs.
    chat.questions.ask(conversation.id, "Horaires de la mairie ?", None)
    chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    used = of_type(chat.publisher, ai_pb2.AiUsed)[-1]
    # Retrieval and quoting run here: a measured CPU time, no model, no tokens.
    assert 0 < used.cpu_seconds < 5
    assert not used.HasField("input_tokens") and not used.HasField("model_latency_seconds")
    assert used.energy_method == "cpu-time/watts-per-core"
    assert used.energy_wh == pytest.approx(used.cpu_seconds * 3.5 * 1.56 / 3600)


def test_a_follow_up_question_is_retrieved_with_the_previous_one(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    first = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    assert first.answer.outcome is Outcome.ANSWERED
    follow_up = chat.questions.ask(conversation.id, "Et le samedi ?", None)
    assert chat.retriever.queries[-1] == "Horaires de l'hôtel de ville ?\nEt le samedi ?"
    assert follow_up.answer.outcome is Outcome.ANSWERED
    best = max(follow_up.answer.sentences, key=lambda s: s.support)
    assert "samedi" in best.text
    turns = chat.conversations.get(conversation.id, None).turns
    assert [t.role for t in turns] == ["citizen", "assistant", "citizen", "assistant"]
    assert turns[1].answer_id == first.answer_id and turns[1].citations


def test_each_answer_publishes_evidence_and_analytics_without_personal_data(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(
        conversation.id, f"Je suis Jeanne Martin ({EMAIL}), horaires de l'hôtel de ville ?", None
    )
    [used] = of_type(chat.publisher, ai_pb2.AiUsed)
    [produced] = of_type(chat.publisher, chat_pb2.AnswerProduced)
    assert used.use_id == produced.answer_id == asked.answer_id
    assert used.system_id == "sys-1" and used.system_version == 4
    assert used.purpose == "citizen-information" and used.outcome == ai_pb2.OUTCOME_COMPLETED
    assert list(used.data_sources) == asked.answer.cited_source_ids
    assert used.parameters["confidence"] == f"{asked.answer.confidence:.4f}"
    assert len(used.actor) == 32 and conversation.id not in used.actor
    assert produced.commune == METZ and produced.outcome == chat_pb2.ANSWER_OUTCOME_ANSWERED
    # The question travels as the chat keeps it, masked (for the officials' content gaps).
    assert "[EMAIL_1]" in produced.question and "horaires" in produced.question
    assert EMAIL not in produced.question and "Martin" not in produced.question
    for payload in chat.publisher.published:
        serialized = payload.SerializeToString()
        assert EMAIL.encode() not in serialized and b"Martin" not in serialized
    stored = chat.conversations.get(conversation.id, None).turns[0].text
    assert EMAIL not in stored and "Martin" not in stored and "[EMAIL_1]" in stored


def test_a_denied_use_never_answers_and_offers_a_human(chat: Chat) -> None:
    chat.permission.allowed = False
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    assert asked.answer.outcome is Outcome.UNAVAILABLE
    assert not asked.answer.sentences and not asked.answer.citations
    assert asked.answer.offer_handoff
    assert "momentanément indisponible" in asked.answer.text
    assert chat.retriever.queries == [], "a denied use must not touch the knowledge base"
    assert not of_type(chat.publisher, ai_pb2.AiUsed)


def test_an_unreachable_register_is_unavailable_too_with_the_registers_page(chat: Chat) -> None:
    chat.permission.allowed = False
    chat.permission.reason = DenialReason.REGISTER_UNREACHABLE
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, f"Horaires ? Écrivez à {EMAIL}", None)
    assert asked.answer.outcome is Outcome.UNAVAILABLE and asked.answer.offer_handoff
    assert asked.answer.register_url == "https://reg.example/registre/sys-1"
    assert chat.retriever.queries == []
    assert not of_type(chat.publisher, ai_pb2.AiUsed)
    [produced] = of_type(chat.publisher, chat_pb2.AnswerProduced)
    assert produced.answer_id == asked.answer_id
    assert produced.outcome == chat_pb2.ANSWER_OUTCOME_REFUSED
    assert EMAIL not in produced.question and "[EMAIL_1]" in produced.question
    stored = chat.conversations.get(conversation.id, None).turns[0].text
    assert EMAIL not in stored and "[EMAIL_1]" in stored


def test_the_evidence_goes_through_the_ai_use_pathway(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    [used] = of_type(chat.publisher, ai_pb2.AiUsed)
    assert chat.permission.checks == 1
    assert (used.service, used.purpose) == ("citizen-chat", "citizen-information")
    assert used.model == "extractive/test" and used.human_review == ai_pb2.HUMAN_REVIEW_NONE
    assert used.contribution.startswith("Réponse extractive : ")
    assert used.parameters["mode"] == "extractive" and "masked_items" in used.parameters
    assert used.parameters["min_confidence"] == "0.50"
    assert used.used_at.ToDatetime(tzinfo=UTC) == chat.clock.now
    assert asked.answer.register_url == "https://reg.example/registre/sys-1"


def test_bad_input_is_refused_and_changes_nothing(chat: Chat) -> None:
    conversation = chat.conversations.start(None, None)
    with pytest.raises(InvalidInput) as too_long:
        chat.questions.ask(conversation.id, "x" * 2001, None)
    assert too_long.value.detail == "La question dépasse 2000 caractères : raccourcissez-la."
    with pytest.raises(InvalidInput) as empty:
        chat.questions.ask(conversation.id, "   ", None)
    assert empty.value.detail == "La question est vide : écrivez-la avant de l'envoyer."
    with pytest.raises(NotFound) as unknown:
        chat.questions.ask("no-such-conversation", "Horaires ?", None)
    assert unknown.value.detail == (
        "Aucune conversation 'no-such-conversation' : elle a peut-être été effacée, ou sa durée "
        "de conservation est écoulée."
    )
    assert chat.conversations.get(conversation.id, None).turns == ()
    assert chat.publisher.published == []


def test_a_signed_in_citizens_conversation_is_theirs_only(chat: Chat) -> None:
    conversation = chat.conversations.start(None, "owner-a")
    with pytest.raises(NotFound):
        chat.conversations.get(conversation.id, "owner-b")
    with pytest.raises(NotFound):
        chat.conversations.get(conversation.id, None)
    assert chat.conversations.get(conversation.id, "owner-a").id == conversation.id


def test_erasure_removes_the_conversation_and_everything_in_it(chat: Chat) -> None:
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    chat.feedbacks.give(conversation.id, asked.answer_id, None, True, [], "", False)
    chat.handovers.request(conversation.id, None, Channel.EMAIL, EMAIL)
    chat.conversations.erase(conversation.id, None)
    with pytest.raises(NotFound):
        chat.conversations.get(conversation.id, None)
    with chat.sessions() as session:
        for table in ("turns", "feedback", "handoffs"):
            count = session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == 0, table


def test_purge_deletes_conversations_idle_past_the_retention_period(chat: Chat) -> None:
    old = chat.conversations.start(None, None)
    chat.clock.now += timedelta(days=20)
    recent = chat.conversations.start(None, None)
    chat.clock.now += timedelta(days=10, seconds=1)
    assert chat.conversations.purge() == 1
    with pytest.raises(NotFound):
        chat.conversations.get(old.id, None)
    assert chat.conversations.get(recent.id, None).id == recent.id
    # Activity restarts the period.
    chat.questions.ask(recent.id, "Horaires de l'hôtel de ville ?", None)
    chat.clock.now += timedelta(days=29)
    assert chat.conversations.purge() == 0


def test_feedback_is_published_without_the_comment_and_can_report_a_problem(chat: Chat) -> None:
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    receipt = chat.feedbacks.give(
        conversation.id,
        asked.answer_id,
        None,
        False,
        [Reason.OUTDATED, Reason.TOO_LONG],
        f"Faux, écrivez-moi à {EMAIL}",
        True,
    )
    assert receipt.incident_reported is True
    [given] = of_type(chat.publisher, chat_pb2.FeedbackGiven)
    assert not given.useful and list(given.reasons) == ["outdated", "too-long"]
    assert given.has_comment and EMAIL.encode() not in given.SerializeToString()
    [(system_id, use_id, category, description)] = chat.incidents.reports
    assert (system_id, use_id, category) == ("sys-1", asked.answer_id, "outdated")
    assert EMAIL not in description and "[EMAIL_1]" in description
    with pytest.raises(Conflict) as rated:
        chat.feedbacks.give(conversation.id, asked.answer_id, None, True, [], "", False)
    assert rated.value.detail == (
        f"La réponse '{asked.answer_id}' a déjà reçu un avis : un seul avis par réponse."
    )
    with pytest.raises(NotFound) as unknown:
        chat.feedbacks.give(conversation.id, "no-such-answer", None, True, [], "", False)
    assert unknown.value.detail == (
        f"Aucune réponse 'no-such-answer' dans la conversation '{conversation.id}'."
    )


def test_handover_publishes_masked_turns_and_contact_and_shows_the_reply(chat: Chat) -> None:
    conversation = chat.conversations.start(METZ, None)
    chat.questions.ask(
        conversation.id, f"Mon adresse est {EMAIL}, horaires de l'hôtel de ville ?", None
    )
    receipt = chat.handovers.request(conversation.id, None, Channel.EMAIL, EMAIL)
    [requested] = of_type(chat.publisher, chat_pb2.HandoffRequested)
    assert requested.handoff_id == receipt.handoff_id
    assert requested.contact_channel == "email" and requested.contact == "[EMAIL_1]"
    assert requested.commune == METZ
    # Routed by the theme of the answer's documents, as its analytics event says.
    [produced] = of_type(chat.publisher, chat_pb2.AnswerProduced)
    assert requested.theme == produced.theme == "Mairie > Horaires"
    assert [t.role for t in requested.turns] == ["citizen", "assistant"]
    assert EMAIL.encode() not in requested.SerializeToString()
    resolved = chat_pb2.HandoffResolved(
        handoff_id=receipt.handoff_id,
        conversation_id=conversation.id,
        reply="Bonjour, l'accueil est ouvert jusqu'à 17 h 30.",
        agent="agent-7",
        department="Accueil",
    )
    assert chat.handovers.resolved(resolved)
    after = chat.conversations.get(conversation.id, None)
    assert after.turns[-1].role == "agent" and "17 h 30" in after.turns[-1].text
    assert after.handoffs[0].status == "resolved"
    assert chat.handovers.resolved(resolved), "a redelivered reply is shown once"
    assert [t.role for t in chat.conversations.get(conversation.id, None).turns].count("agent") == 1


def test_handover_checks_the_contact_against_the_channel(chat: Chat) -> None:
    conversation = chat.conversations.start(None, None)
    with pytest.raises(InvalidInput) as email:
        chat.handovers.request(conversation.id, None, Channel.EMAIL, "pas une adresse")
    assert email.value.detail == (
        "Pour être recontacté par courriel, indiquez une adresse électronique dans le champ "
        "contact, sans autre texte."
    )
    assert [(e.field, e.message) for e in email.value.errors] == [
        ("contact", "attendu : une adresse électronique")
    ]
    with pytest.raises(InvalidInput) as phone:
        chat.handovers.request(conversation.id, None, Channel.PHONE, EMAIL)
    assert [e.message for e in phone.value.errors] == ["attendu : un numéro de téléphone"]
    assert chat.publisher.published == []
    receipt = chat.handovers.request(conversation.id, None, Channel.PHONE, "06 12 34 56 78")
    assert receipt.channel is Channel.PHONE


def test_a_handover_and_its_event_are_kept_together_for_the_relay(
    chat: Chat, base: KnowledgeBase
) -> None:
    """Written in one transaction (the outbox): the request reaches the agents once the
    broker is back, and a handover that could not be kept announces nothing."""
    outbox = Outbox("citizen-chat")
    handovers = Handovers(chat.conversations, outbox, base, cipher=ContactCipher(""))
    conversation = chat.conversations.start(None, None)
    receipt = handovers.request(conversation.id, None, Channel.CONVERSATION, "")
    [requested] = pending_events(chat.sessions)
    assert isinstance(requested, chat_pb2.HandoffRequested)
    assert requested.handoff_id == receipt.handoff_id
    assert [h.id for h in chat.conversations.get(conversation.id, None).handoffs] == [
        receipt.handoff_id
    ]
    with pytest.raises(NotFound):
        handovers.request("no-such-conversation", None, Channel.CONVERSATION, "")
    assert len(pending_events(chat.sessions)) == 1


def test_a_reply_to_an_erased_conversation_is_dropped(chat: Chat) -> None:
    conversation = chat.conversations.start(None, None)
    receipt = chat.handovers.request(conversation.id, None, Channel.CONVERSATION, "")
    chat.conversations.erase(conversation.id, None)
    resolved = chat_pb2.HandoffResolved(
        handoff_id=receipt.handoff_id, conversation_id=conversation.id, reply="Bonjour"
    )
    assert not chat.handovers.resolved(resolved)


def test_a_rating_and_its_event_are_written_together(chat: Chat) -> None:
    feedbacks = Feedbacks(
        chat.conversations, Outbox("citizen-chat"), chat.incidents, FakePermission()
    )
    conversation = chat.conversations.start(None, None)
    asked = chat.questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    feedbacks.give(conversation.id, asked.answer_id, None, True, [], "", False)
    with pytest.raises(Conflict):  # rated already: no second event
        feedbacks.give(conversation.id, asked.answer_id, None, False, [], "", False)
    [given] = pending_events(chat.sessions)
    assert isinstance(given, chat_pb2.FeedbackGiven)
    assert (given.answer_id, given.useful) == (asked.answer_id, True)


def test_an_answer_and_its_answer_produced_event_are_written_together(
    chat: Chat, base: KnowledgeBase
) -> None:
    questions = Questions(
        chat.conversations,
        Answerer(SpyRetriever(base), AnsweringPolicy()),
        chat.questions.pathway,
        Outbox("citizen-chat"),
        QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
    )
    conversation = chat.conversations.start(None, None)
    asked = questions.ask(conversation.id, "Horaires de l'hôtel de ville ?", None)
    [produced] = pending_events(chat.sessions)
    assert isinstance(produced, chat_pb2.AnswerProduced)
    assert (produced.answer_id, produced.conversation_id) == (asked.answer_id, conversation.id)
    assert produced.latency_ms == asked.latency_ms
    with pytest.raises(NotFound):  # no conversation: nothing kept, nothing announced
        questions.ask("no-such-conversation", "Horaires ?", None)
    assert len(pending_events(chat.sessions)) == 1
