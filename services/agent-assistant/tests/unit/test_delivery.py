"""How a reply reaches the citizen, on an in-memory database, a real SMTP server on loopback
(aiosmtpd) and the chat's contact service stood in for: e-mails really sent (to the hidden
address, with the reply), a relay's refusal leaving the handover open with its reason, a
call-back and its outcome, the reply posted in the conversation said as such, each reveal
recorded and kept to the handover's department, handovers withdrawn by an erasure."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agent_assistant_testing.scripted import assistant_pathway
from agent_assistant_testing.smtp import LoopbackSmtp, loopback_smtp
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.delivery.mail import SmtpRelay
from collectivia.agent_assistant.delivery.models import ContactRevealRow
from collectivia.agent_assistant.delivery.ports import CitizenContact, ContactSource
from collectivia.agent_assistant.delivery.service import Deliveries
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.generative_reply import GatewayReplyWriter
from collectivia.agent_assistant.inbox.models import HandoffRow
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.ai.use.permission import Permission
from collectivia.events.v1 import chat_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from collectivia.testkit.doubles import RecordingPublisher

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
JULIEN = Agent("subject-julien", "pseudo-julien", ("etat-civil",), ("57463",), False)
NADIA = Agent("subject-nadia", "pseudo-nadia", ("dechets",), (), False)
EMAIL = "awa.diop@exemple.fr"
PHONE = "06 12 34 56 78"
REPLY = "Bonjour, votre carte d'identité est prête : passez la chercher en mairie."


class NoSearch(KnowledgeSearch):
    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        return []


class Register:
    def check(self) -> Permission:
        return Permission(True, "system-1", 3, "http://register.test/registre/system-1", "ok")


class Contacts(ContactSource):
    """The chat's contact service: the contacts it still keeps, and who asked."""

    def __init__(self) -> None:
        self.kept = {
            "h-mail": CitizenContact("email", EMAIL),
            "h-phone": CitizenContact("phone", PHONE),
        }
        self.asked: list[tuple[str, str, str]] = []

    def contact(
        self, *, handoff_id: str, agent: str, department: str, purpose: str
    ) -> CitizenContact:
        self.asked.append((handoff_id, agent, purpose))
        if handoff_id not in self.kept:
            raise Conflict("Le contact de l'habitant n'existe plus.")
        return self.kept[handoff_id]


@dataclass
class Parts:
    deliveries: Deliveries
    inbox: Inbox
    publisher: RecordingPublisher
    contacts: Contacts
    smtp: LoopbackSmtp


@pytest.fixture
def smtp() -> Iterator[LoopbackSmtp]:
    with loopback_smtp() as server:
        yield server


def relay(smtp: LoopbackSmtp, **changes: object) -> SmtpRelay:
    settings: dict[str, object] = {
        "host": smtp.host,
        "port": smtp.port,
        "sender": "Metz Métropole <ne-pas-repondre@metz.example>",
        "starttls": False,
        "timeout_seconds": 5.0,
    }
    return SmtpRelay(**(settings | changes))  # type: ignore[arg-type]


@pytest.fixture
def parts(smtp: LoopbackSmtp) -> Parts:
    engine = create_database_engine("sqlite://")
    SERVICE.create_schema(engine)
    sessions = create_session_factory(engine)
    publisher = RecordingPublisher()
    pathway = assistant_pathway(Register(), publisher, lambda: NOW)
    gateway = ModelGateway(pathway, None, publisher, GatewayPolicy(), clock=lambda: NOW)
    inbox = Inbox(
        sessions,
        publisher,
        DepartmentRouting({"mairie": "etat-civil"}, {}, "etat-civil"),
        NoSearch(),
        pathway,
        GatewayReplyWriter(gateway),
        gateway,
        timedelta(hours=48),
        clock=lambda: NOW,
    )
    contacts = Contacts()
    deliveries = Deliveries(
        sessions,
        inbox,
        contacts=contacts,
        relay=relay(smtp),
        collectivity="Metz Métropole",
        clock=lambda: NOW,
    )
    for handoff_id, channel, masked in (
        ("h-mail", "email", "[EMAIL_1]"),
        ("h-phone", "phone", "[TELEPHONE_1]"),
        ("h-chat", "conversation", ""),
    ):
        inbox.received(
            chat_pb2.HandoffRequested(
                handoff_id=handoff_id,
                conversation_id=f"c-{handoff_id}",
                commune="57463",
                theme="Mairie > Papiers",
                turns=[chat_pb2.ConversationTurn(role="citizen", text="Ma carte est-elle prête ?")],
                contact_channel=channel,
                contact=masked,
            )
        )
    return Parts(deliveries, inbox, publisher, contacts, smtp)


def resolved(parts: Parts) -> list[chat_pb2.HandoffResolved]:
    return [e for e in parts.publisher.published if isinstance(e, chat_pb2.HandoffResolved)]


def test_a_reply_by_email_is_sent_to_the_hidden_address(parts: Parts) -> None:
    replied = parts.deliveries.reply(JULIEN, "h-mail", REPLY)
    [mail] = parts.smtp.wait_for(1)
    assert mail["To"] == EMAIL and "Metz Métropole" in mail["Subject"]
    assert REPLY in mail.get_content()
    assert replied.delivery.outcome == "sent" and replied.handoff.status == "resolved"
    assert replied.delivery.summary.startswith("Réponse envoyée par courriel")
    assert EMAIL not in replied.delivery.summary and replied.handoff.contact == "[EMAIL_1]"
    assert [r.handoff_id for r in resolved(parts)] == ["h-mail"]
    assert parts.contacts.asked == [("h-mail", "pseudo-julien", "email-reply")]


def test_a_refused_address_leaves_the_handover_open_with_the_reason(parts: Parts) -> None:
    parts.smtp.refused.add(EMAIL)
    with pytest.raises(RuleViolation, match=r"refusé l'adresse de l'habitant \(code 550\)") as err:
        parts.deliveries.reply(JULIEN, "h-mail", REPLY)
    assert "La demande reste ouverte" in err.value.detail and EMAIL not in err.value.detail
    assert parts.inbox.get(JULIEN, "h-mail").status == "open" and resolved(parts) == []
    [failed] = parts.deliveries.history(JULIEN, "h-mail")
    assert failed.outcome == "failed" and "550" in failed.reason
    parts.smtp.refused.clear()  # fixed: the same reply goes
    assert parts.deliveries.reply(JULIEN, "h-mail", REPLY).delivery.outcome == "sent"


def test_a_relay_down_or_without_starttls_or_not_configured_says_so(
    parts: Parts, smtp: LoopbackSmtp
) -> None:
    parts.deliveries.relay = relay(smtp, port=1)
    with pytest.raises(DependencyUnavailable, match="ne répond pas"):
        parts.deliveries.reply(JULIEN, "h-mail", REPLY)
    parts.deliveries.relay = relay(smtp, starttls=True)
    with pytest.raises(RuleViolation, match="STARTTLS"):
        parts.deliveries.reply(JULIEN, "h-mail", REPLY)
    parts.deliveries.relay = relay(smtp, host="")
    with pytest.raises(RuleViolation, match="n'est pas configuré"):
        parts.deliveries.reply(JULIEN, "h-mail", REPLY)
    assert parts.smtp.received == [] and resolved(parts) == []


def test_a_reply_by_phone_is_a_call_back_then_its_outcome(parts: Parts) -> None:
    with pytest.raises(RuleViolation, match="Enregistrez d'abord votre réponse"):
        parts.deliveries.record_callback(JULIEN, "h-phone", "reached")
    replied = parts.deliveries.reply(JULIEN, "h-phone", REPLY)
    assert replied.delivery.outcome == "callback-due"
    assert replied.delivery.summary.startswith("Rappel à faire enregistré")
    with pytest.raises(InvalidInput, match="Résultat du rappel inconnu"):
        parts.deliveries.record_callback(JULIEN, "h-phone", "joint")
    parts.deliveries.record_callback(JULIEN, "h-phone", "no-answer")
    done = parts.deliveries.record_callback(JULIEN, "h-phone", "reached")
    assert done.summary.startswith("Rappel fait le") and done.summary.endswith("habitant joint.")
    outcomes = [d.outcome for d in parts.deliveries.history(JULIEN, "h-phone")]
    assert outcomes == ["callback-due", "no-answer", "reached"]
    assert parts.smtp.received == []
    with pytest.raises(RuleViolation, match="pas demandé à être rappelé"):
        parts.deliveries.record_callback(JULIEN, "h-mail", "reached")


def test_a_reply_in_the_conversation_is_never_said_sent(parts: Parts) -> None:
    replied = parts.deliveries.reply(JULIEN, "h-chat", REPLY)
    assert replied.delivery.outcome == "posted"
    assert "envoyée" not in replied.delivery.summary
    assert replied.delivery.summary.startswith("Réponse publiée")
    with pytest.raises(Conflict, match="déjà répondu"):
        parts.deliveries.reply(JULIEN, "h-chat", REPLY)


def test_the_contact_is_shown_to_the_department_only_and_each_reveal_recorded(
    parts: Parts,
) -> None:
    revealed = parts.deliveries.reveal(JULIEN, "h-phone")
    assert (revealed.channel, revealed.contact) == ("phone", PHONE)
    with pytest.raises(PermissionDenied, match="adressée à un autre service"):
        parts.deliveries.reveal(NADIA, "h-phone")
    with pytest.raises(NotFound):
        parts.deliveries.reveal(JULIEN, "inconnue")
    with pytest.raises(RuleViolation, match="ni adresse électronique ni numéro"):
        parts.deliveries.reveal(JULIEN, "h-chat")
    with parts.deliveries.sessions() as session:
        reveals = session.scalars(select(ContactRevealRow)).all()
        assert [(r.handoff_id, r.agent, r.purpose, r.at) for r in reveals] == [
            ("h-phone", "pseudo-julien", "reveal", NOW)
        ]
    assert parts.contacts.asked == [("h-phone", "pseudo-julien", "reveal")]


def test_bad_replies_are_refused_in_french_before_anything_is_sent(parts: Parts) -> None:
    with pytest.raises(InvalidInput, match="La réponse est vide"):
        parts.deliveries.reply(JULIEN, "h-mail", "  ")
    with pytest.raises(InvalidInput, match="trop longue"):
        parts.deliveries.reply(JULIEN, "h-mail", "x" * 5001)
    with pytest.raises(PermissionDenied, match="autre service"):
        parts.deliveries.reply(NADIA, "h-mail", REPLY)
    assert parts.contacts.asked == [] and parts.smtp.received == []


def test_an_erased_conversation_withdraws_its_handover_everywhere(parts: Parts) -> None:
    assert parts.deliveries.conversation_erased("c-h-mail", ["h-mail"]) == 1
    assert parts.deliveries.conversation_erased("c-h-mail", ["h-mail"]) == 0  # replayed
    for attempt in (
        lambda: parts.deliveries.reply(JULIEN, "h-mail", REPLY),
        lambda: parts.deliveries.reveal(JULIEN, "h-mail"),
        lambda: parts.inbox.get(JULIEN, "h-mail"),
        lambda: parts.inbox.reply(JULIEN, "h-mail", REPLY),
    ):
        with pytest.raises(Conflict, match="retirée : l'habitant a effacé sa conversation"):
            attempt()
    assert [h.id for h in parts.inbox.list_for(JULIEN)] == ["h-phone", "h-chat"]
    with parts.deliveries.sessions() as session:
        row = session.get(HandoffRow, "h-mail")
        assert row is not None and row.turns == "[]" and row.contact == "" and row.reply == ""
    assert parts.smtp.received == [] and resolved(parts) == []
