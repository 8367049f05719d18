"""A handover's contact kept encrypted, given only to the agents' assistant's own token, gone
with its conversation; erasures and purges announced (conversation-erased) through the
outbox, in the transaction that deletes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from collectivia.chat.v1 import handover_pb2
from collectivia.citizen_chat.conversations.erasure import ErasureAnnouncer
from collectivia.citizen_chat.conversations.models import HandoffRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.handover.contact_cipher import ContactCipher, ContactUnreadable
from collectivia.citizen_chat.handover.grpc_servicer import HandoverContactServicer
from collectivia.citizen_chat.handover.service import Channel, Handovers
from collectivia.citizen_chat.handover.settings import HandoverSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.events.v1 import chat_pb2
from collectivia.platform.auth import grpc_interceptors
from collectivia.platform.auth.principal import Principal
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.platform.settings import InsecureSettingsError

EMAIL = "nadia.benali@exemple.fr"
PHONE = "06 12 34 56 78"
KEY = Fernet.generate_key().decode()


class NoDocuments:
    def document(self, document_id: str) -> Document | None:
        return None


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    SERVICE.create_schema(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversations(sessions: sessionmaker[Session], clock: Clock) -> Conversations:
    outbox = Outbox("citizen-chat")
    return Conversations(sessions, 30, clock, erasures=ErasureAnnouncer(outbox))


@pytest.fixture
def handovers(conversations: Conversations) -> Handovers:
    return Handovers(
        conversations, Outbox("citizen-chat"), NoDocuments(), cipher=ContactCipher(KEY)
    )


def stored(sessions: sessionmaker[Session]) -> list[str]:
    """Every text the database holds of the handovers and their contacts."""
    with sessions() as session:
        rows = list(session.execute(text("SELECT contact FROM handoffs")).scalars())
        rows += session.execute(text("SELECT sealed FROM handoff_contacts")).scalars()
    return rows


def reveal(handovers: Handovers, handoff_id: str, purpose: str = "reveal") -> str:
    revealed = handovers.reveal(
        handoff_id=handoff_id, agent="agent-1", department="etat-civil", purpose=purpose
    )
    return f"{revealed.channel}:{revealed.contact}"


def test_the_contact_is_kept_encrypted_and_given_back_on_request(
    handovers: Handovers, conversations: Conversations, sessions: sessionmaker[Session]
) -> None:
    conversation = conversations.start("57463", None)
    by_mail = handovers.request(conversation.id, None, Channel.EMAIL, f"  {EMAIL} ")
    by_phone = handovers.request(conversation.id, None, Channel.PHONE, PHONE)
    kept = stored(sessions)
    assert len(kept) == 4 and not any(EMAIL in t or "12 34" in t for t in kept)
    assert reveal(handovers, by_mail.handoff_id) == f"email:{EMAIL}"
    assert reveal(handovers, by_phone.handoff_id, "email-reply") == f"phone:{PHONE}"
    # The event carries it masked only.
    requested = [e for e in pending_events(sessions) if isinstance(e, chat_pb2.HandoffRequested)]
    assert [e.contact for e in requested] == ["[EMAIL_1]", "[TELEPHONE_1]"]


def test_no_contact_bad_purpose_or_id_are_refused_in_french(
    handovers: Handovers, conversations: Conversations
) -> None:
    conversation = conversations.start(None, None)
    in_chat = handovers.request(conversation.id, None, Channel.CONVERSATION, "")
    with pytest.raises(RuleViolation, match="ni adresse électronique ni numéro"):
        reveal(handovers, in_chat.handoff_id)
    with pytest.raises(InvalidInput, match="Motif « lire » inconnu"):
        reveal(handovers, in_chat.handoff_id, "lire")
    with pytest.raises(InvalidInput, match="identifiant de la demande"):
        reveal(handovers, " ")
    with pytest.raises(NotFound, match="introuvable"):
        reveal(handovers, "inconnue")
    with pytest.raises(InvalidInput, match="adresse électronique"):
        handovers.request(conversation.id, None, Channel.EMAIL, "pas une adresse")
    with pytest.raises(InvalidInput, match="numéro de téléphone"):
        handovers.request(conversation.id, None, Channel.PHONE, f"{PHONE} ou {EMAIL}")


def test_erasure_takes_the_contact_and_is_announced_with_the_handovers(
    handovers: Handovers, conversations: Conversations, sessions: sessionmaker[Session]
) -> None:
    conversation = conversations.start("57463", None)
    receipt = handovers.request(conversation.id, None, Channel.EMAIL, EMAIL)
    conversations.erase(conversation.id, None)
    assert stored(sessions) == []
    with pytest.raises(NotFound, match="effacé sa conversation"):
        reveal(handovers, receipt.handoff_id)
    [erased] = [e for e in pending_events(sessions) if isinstance(e, chat_pb2.ConversationErased)]
    assert erased.conversation_id == conversation.id and erased.reason == "erasure"
    assert list(erased.handoff_ids) == [receipt.handoff_id]


def test_the_retention_purge_is_announced_too(
    handovers: Handovers,
    conversations: Conversations,
    sessions: sessionmaker[Session],
    clock: Clock,
) -> None:
    old = conversations.start(None, None)
    handovers.request(old.id, None, Channel.PHONE, PHONE)
    clock.now += timedelta(days=31)
    recent = conversations.start(None, None)
    assert conversations.purge() == 1
    erased = [e for e in pending_events(sessions) if isinstance(e, chat_pb2.ConversationErased)]
    assert [(e.conversation_id, e.reason) for e in erased] == [(old.id, "retention")]
    assert conversations.get(recent.id, None).id == recent.id
    assert stored(sessions) == []


def test_contacts_kept_in_clear_before_are_sealed_at_start(
    handovers: Handovers, conversations: Conversations, sessions: sessionmaker[Session]
) -> None:
    conversation = conversations.start(None, None)
    with sessions.begin() as session:
        session.add(
            HandoffRow(
                id="old",
                conversation_id=conversation.id,
                channel="email",
                contact=EMAIL,
                status="requested",
                requested_at=conversations.clock(),
            )
        )
    assert handovers.seal_clear_contacts() == 1
    assert handovers.seal_clear_contacts() == 0
    assert not any(EMAIL in t for t in stored(sessions))
    assert reveal(handovers, "old") == f"email:{EMAIL}"


def test_keys_rotate_and_a_wrong_key_opens_nothing() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = ContactCipher(old).seal(EMAIL)
    assert ContactCipher(f"{new}, {old}").open(sealed) == EMAIL
    assert ContactCipher(new).seal(EMAIL) != sealed
    with pytest.raises(ContactUnreadable):
        ContactCipher(new).open(sealed)


def test_settings_refuse_a_malformed_key_and_no_key_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValidationError, match="not a Fernet key"):
        HandoverSettings(contact_keys="trop-court")
    monkeypatch.setenv("COLLECTIVIA_ENVIRONMENT", "production")
    with pytest.raises((InsecureSettingsError, ValidationError), match="CONTACT_KEYS"):
        HandoverSettings()
    assert HandoverSettings(contact_keys=KEY).contact_keys.get_secret_value() == KEY


def principal(client_id: str, *, service: bool) -> Principal:
    return Principal("subject", client_id, frozenset(), {}, (), service)


@pytest.mark.parametrize(
    "caller",
    [principal("agent-intranet", service=False), principal("integrator-demo", service=True)],
)
def test_only_the_assistants_own_token_gets_a_contact(
    handovers: Handovers, conversations: Conversations, caller: Principal
) -> None:
    conversation = conversations.start(None, None)
    receipt = handovers.request(conversation.id, None, Channel.EMAIL, EMAIL)
    servicer = HandoverContactServicer(handovers, {"agent-assistant"})
    request = handover_pb2.RevealContactRequest(handoff_id=receipt.handoff_id, purpose="reveal")
    token = grpc_interceptors._principal.set(caller)
    try:
        with pytest.raises(PermissionDenied, match="assistant des agents"):
            servicer.RevealContact(request, None)  # type: ignore[arg-type]
        grpc_interceptors._principal.set(principal("agent-assistant", service=True))
        assert servicer.RevealContact(request, None).contact == EMAIL  # type: ignore[arg-type]
    finally:
        grpc_interceptors._principal.reset(token)
