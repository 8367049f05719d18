"""Handover to a human: ``handoff-requested`` out (turns and contact masked), the agent's
``handoff-resolved`` in, shown in the conversation. The contact is kept encrypted
(``ContactCipher``) and given only to the agents' assistant, on request (``reveal``): it never
travels in an event, and goes with its conversation."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from collectivia.ai.privacy import PiiType, detect, mask, redact
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.conversations.models import HandoffRow, TurnRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.handover.contact_cipher import ContactCipher
from collectivia.citizen_chat.handover.models import HandoffContactRow
from collectivia.citizen_chat.handover.theme import CitedDocuments, handover_theme
from collectivia.events.v1 import chat_pb2
from collectivia.platform.errors import FieldError, InvalidInput, NotFound, RuleViolation
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)


class Channel(StrEnum):
    CONVERSATION = "conversation"
    EMAIL = "email"
    PHONE = "phone"


_CONTACT_TYPES = {Channel.EMAIL: PiiType.EMAIL, Channel.PHONE: PiiType.PHONE}


@dataclass(frozen=True)
class HandoffReceipt:
    handoff_id: str
    channel: Channel
    message: str


@dataclass(frozen=True)
class RevealedContact:
    channel: str
    contact: str


REVEAL_PURPOSES = frozenset({"reveal", "email-reply"})


def _check_contact(channel: Channel, contact: str) -> str:
    if channel is Channel.CONVERSATION:
        return ""
    wanted = _CONTACT_TYPES[channel]
    spans = [s for s in detect(contact) if s.type is wanted]
    if len(spans) != 1 or spans[0].text.strip() != contact.strip():
        raise InvalidInput(
            messages.contact_invalid(channel.value),
            [FieldError("contact", messages.contact_expected(channel.value))],
        )
    return contact.strip()


class Handovers:
    def __init__(
        self,
        conversations: Conversations,
        outbox: EventOutbox,
        documents: CitedDocuments,
        *,
        cipher: ContactCipher,
    ) -> None:
        self.conversations = conversations
        self.outbox = outbox
        # Where the theme of the cited documents is read, to route the handover.
        self.documents = documents
        self.cipher = cipher

    def request(
        self,
        conversation_id: str,
        owner: str | None,
        channel: Channel,
        contact: str,
        *,
        urgent: bool = False,
    ) -> HandoffReceipt:
        """``urgent``: an emergency the citizen described (``emergencies`` area), shown first
        in the inbox and routed as an emergency, whatever the answers cited."""
        contact = _check_contact(channel, contact)
        now = self.conversations.clock()
        conversation = self.conversations.get(conversation_id, owner)
        handoff_id = str(uuid.uuid4())
        # Turns are stored masked already; masked again in case a pattern improved since.
        masked_turns = [redact(t.text) for t in conversation.turns]
        masked_contact = mask(contact).text if contact else ""
        event = chat_pb2.HandoffRequested(
            handoff_id=handoff_id,
            conversation_id=conversation_id,
            commune=conversation.commune or "",
            theme=(
                texts.EMERGENCY_THEME
                if urgent
                else handover_theme(conversation.turns, self.documents)
            ),
            turns=[
                chat_pb2.ConversationTurn(role=t.role, text=text, at=timestamp(t.at))
                for t, text in zip(conversation.turns, masked_turns, strict=True)
            ],
            contact_channel=channel.value,
            contact=masked_contact,
            requested_at=timestamp(now),
            urgent=urgent,
        )
        message = texts.HANDOFF_ACK.format(channel=texts.HANDOFF_CHANNELS[channel.value])
        with self.conversations.sessions.begin() as session:
            row = self.conversations.row(session, conversation_id, owner)
            session.add(
                HandoffRow(
                    id=handoff_id,
                    conversation_id=conversation_id,
                    channel=channel.value,
                    # Never in clear: sealed in its own row, below.
                    contact="",
                    status="requested",
                    requested_at=now,
                )
            )
            if contact:
                session.flush()  # the handover first: its contact refers to it
                session.add(
                    HandoffContactRow(
                        handoff_id=handoff_id,
                        channel=channel.value,
                        sealed=self.cipher.seal(contact),
                    )
                )
            session.add(
                TurnRow(conversation_id=conversation_id, role="system", text=message, at=now)
            )
            row.updated_at = now
            # Written with the handoff: the agents receive it once committed, even if the
            # broker is away at this moment (the relay sends it when it is back).
            self.outbox.add(session, event, key=conversation_id, subject=handoff_id)
        return HandoffReceipt(handoff_id, channel, message)

    def resolved(self, payload: chat_pb2.HandoffResolved) -> bool:
        """Show the agent's reply in the conversation; False when the conversation is gone
        (erased or purged): nothing to show, nothing to retry."""
        now = self.conversations.clock()
        with self.conversations.sessions.begin() as session:
            handoff = session.get(HandoffRow, payload.handoff_id)
            if handoff is None or handoff.conversation_id != payload.conversation_id:
                logger.info("handoff %s resolved but no longer here", payload.handoff_id)
                return False
            if handoff.status == "resolved":
                return True
            handoff.status = "resolved"
            handoff.resolved_at = now
            department = f" ({payload.department})" if payload.department else ""
            session.add(
                TurnRow(
                    conversation_id=handoff.conversation_id,
                    role="agent",
                    text=f"Réponse d'un agent{department} : {payload.reply}",
                    at=now,
                )
            )
        return True

    def reveal(
        self, *, handoff_id: str, agent: str, department: str, purpose: str
    ) -> RevealedContact:
        """The contact of a handover, for the agents' assistant (``agent``: the pseudonym of
        the agent it is shown to, or whose reply is e-mailed); NotFound once the conversation
        is gone."""
        if not handoff_id.strip() or len(handoff_id) > 64:
            raise InvalidInput(messages.HANDOFF_ID_REQUIRED)
        if purpose not in REVEAL_PURPOSES:
            raise InvalidInput(messages.reveal_purpose_unknown(purpose, REVEAL_PURPOSES))
        with self.conversations.sessions() as session:
            handoff = session.get(HandoffRow, handoff_id)
            if handoff is None:
                raise NotFound(messages.handoff_not_found(handoff_id))
            row = session.get(HandoffContactRow, handoff_id)
            if row is None:
                raise RuleViolation(messages.HANDOFF_WITHOUT_CONTACT, rule="no-contact")
            revealed = RevealedContact(row.channel, self.cipher.open(row.sealed))
        # Who saw which request's contact, and why; never the contact itself.
        logger.info(
            "contact of handoff %s given to the assistant (%s) for agent %s of %s",
            handoff_id,
            purpose,
            agent,
            department,
        )
        return revealed

    def seal_clear_contacts(self) -> int:
        """Contacts a version before the encryption kept in clear: sealed into their own row,
        the clear copy emptied (once, at start); how many."""
        with self.conversations.sessions.begin() as session:
            rows = session.scalars(select(HandoffRow).where(HandoffRow.contact != "")).all()
            for row in rows:
                if session.get(HandoffContactRow, row.id) is None:
                    session.add(
                        HandoffContactRow(
                            handoff_id=row.id,
                            channel=row.channel,
                            sealed=self.cipher.seal(row.contact),
                        )
                    )
                row.contact = ""
        if rows:
            logger.info("%d handover contacts kept in clear are now encrypted", len(rows))
        return len(rows)
