"""How an agent's reply reaches the citizen, and what the agent is told about it.

The citizen's contact is never kept here: the chat keeps it encrypted and gives it, over
gRPC, each time an agent of the department the handover is routed to reveals it or replies
by e-mail; each of those is recorded (who, when, which request, why). A reply by e-mail is
handed to the collectivity's SMTP relay *before* the handover is marked answered: a relay
that refuses leaves it open, with the reason, and the agent's text untouched. A reply by
phone records a call-back to make, then its outcome. Every reply is also posted in the
conversation (``handoff-resolved``), which the citizen sees if they come back to it.

A conversation erased (or purged) by the chat withdraws its handovers here: what they kept
of it is emptied, and they can no longer be read or answered.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text, or_, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.delivery.models import ContactRevealRow, DeliveryRow
from collectivia.agent_assistant.delivery.ports import (
    CitizenContact,
    ContactSource,
    Mail,
    MailNotSent,
    MailRelay,
)
from collectivia.agent_assistant.inbox.models import HandoffRow
from collectivia.agent_assistant.inbox.records import Handoff, use_evidence_of
from collectivia.agent_assistant.inbox.review import HumanReview
from collectivia.agent_assistant.inbox.service import MAX_REPLY_CHARS, Inbox
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

logger = logging.getLogger(__name__)

WITHDRAWN = "withdrawn"
CALLBACK_OUTCOMES = ("reached", "no-answer", "wrong-number")
# What a withdrawn handover keeps: enough to count it, nothing of the conversation.
_KEPT_COLUMNS = frozenset(
    {"id", "conversation_id", "commune", "theme", "department", "status", "contact_channel"}
)


@dataclass(frozen=True)
class RevealedContact:
    channel: str
    contact: str
    revealed_at: datetime


@dataclass(frozen=True)
class Delivery:
    channel: str
    outcome: str
    reason: str
    at: datetime
    # What happened, in French, for the agent's screen.
    summary: str


@dataclass(frozen=True)
class Replied:
    handoff: Handoff
    delivery: Delivery


def _now() -> datetime:
    return datetime.now(UTC)


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        row.channel,
        row.outcome,
        row.reason,
        row.at,
        messages.delivery_summary(row.outcome, row.reason, row.at),
    )


class Deliveries:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        inbox: Inbox,
        *,
        contacts: ContactSource,
        relay: MailRelay,
        collectivity: str,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.sessions = sessions
        self.inbox = inbox
        self.contacts = contacts
        self.relay = relay
        self.collectivity = collectivity
        self.clock = clock

    # --- the handover, as this area may touch it ---------------------------------------

    def _row(self, session: Session, agent: Agent, handoff_id: str) -> HandoffRow:
        row = session.get(HandoffRow, handoff_id)
        if row is None:
            raise NotFound(messages.HANDOFF_NOT_FOUND)
        # A contact is personal data: another department's agent is told no, plainly.
        if row.department not in agent.departments:
            raise PermissionDenied(messages.CONTACT_OTHER_DEPARTMENT)
        if row.status == WITHDRAWN:
            raise Conflict(messages.HANDOFF_WITHDRAWN)
        return row

    def _contact(self, agent: Agent, row: HandoffRow, purpose: str) -> CitizenContact:
        if row.contact_channel not in ("email", "phone"):
            raise RuleViolation(messages.NO_CONTACT_GIVEN, rule="no-contact")
        contact = self.contacts.contact(
            handoff_id=row.id, agent=agent.pseudonym, department=row.department, purpose=purpose
        )
        with self.sessions.begin() as session:
            session.add(
                ContactRevealRow(
                    id=str(uuid.uuid4()),
                    handoff_id=row.id,
                    agent_subject=agent.subject,
                    agent=agent.pseudonym,
                    department=row.department,
                    purpose=purpose,
                    at=self.clock(),
                )
            )
        logger.info("contact of handoff %s used by agent %s (%s)", row.id, agent.pseudonym, purpose)
        return contact

    def _record(
        self, agent: Agent, handoff_id: str, channel: str, outcome: str, reason: str = ""
    ) -> Delivery:
        row = DeliveryRow(
            id=str(uuid.uuid4()),
            handoff_id=handoff_id,
            channel=channel,
            outcome=outcome,
            reason=reason[:500],
            agent=agent.pseudonym,
            at=self.clock(),
        )
        with self.sessions.begin() as session:
            session.add(row)
            session.flush()
            return _delivery(row)

    # --- what the agent does ------------------------------------------------------------

    def reveal(self, agent: Agent, handoff_id: str) -> RevealedContact:
        """The citizen's e-mail address or phone number, for an agent of the handover's
        department; recorded."""
        with self.sessions() as session:
            row = self._row(session, agent, handoff_id)
            session.expunge(row)
        contact = self._contact(agent, row, "reveal")
        return RevealedContact(contact.channel, contact.contact, self.clock())

    def reply(
        self,
        agent: Agent,
        handoff_id: str,
        text: str,
        suggestion_rejected: bool = False,
        shown_use_id: str = "",
    ) -> Replied:
        """Send the reply by the channel the citizen chose, then mark the handover answered
        (the inbox's ``reply``); what happened, said as it is."""
        if not text.strip():
            raise InvalidInput(messages.REPLY_EMPTY, [FieldError("text", messages.WRITE_A_REPLY)])
        if len(text.strip()) > MAX_REPLY_CHARS:
            raise InvalidInput(
                messages.REPLY_TOO_LONG,
                [FieldError("text", messages.at_most_characters(MAX_REPLY_CHARS))],
            )
        with self.sessions() as session:
            row = self._row(session, agent, handoff_id)
            if row.status != "open":
                raise Conflict(messages.ALREADY_ANSWERED)
            session.expunge(row)
        channel = row.contact_channel
        if channel == "email":
            contact = self._contact(agent, row, "email-reply")
            try:
                self.relay.send(
                    Mail(
                        to=contact.contact,
                        subject=messages.mail_subject(self.collectivity),
                        body=messages.mail_body(text.strip(), self.collectivity),
                    )
                )
            except MailNotSent as failure:
                self._record(agent, handoff_id, channel, "failed", failure.reason)
                detail = messages.mail_not_sent(failure.reason)
                if failure.permanent:
                    raise RuleViolation(detail, rule="email-not-sent") from None
                raise DependencyUnavailable(detail) from None
            outcome = "sent"
        elif channel == "phone":
            outcome = "callback-due"
        else:
            outcome = "posted"
        handoff = self.inbox.reply(agent, handoff_id, text, suggestion_rejected, shown_use_id)
        return Replied(handoff, self._record(agent, handoff_id, channel, outcome))

    def record_callback(self, agent: Agent, handoff_id: str, outcome: str) -> Delivery:
        """The outcome of the call-back an agent made."""
        if outcome not in CALLBACK_OUTCOMES:
            raise InvalidInput(
                messages.CALLBACK_OUTCOME_UNKNOWN,
                [FieldError("outcome", messages.callback_outcomes(CALLBACK_OUTCOMES))],
            )
        with self.sessions() as session:
            row = self._row(session, agent, handoff_id)
            if row.contact_channel != "phone":
                raise RuleViolation(messages.NOT_A_CALLBACK, rule="not-a-callback")
            due = session.scalar(
                select(DeliveryRow.id).where(
                    DeliveryRow.handoff_id == handoff_id, DeliveryRow.outcome == "callback-due"
                )
            )
            if due is None:
                raise RuleViolation(messages.CALLBACK_BEFORE_REPLY, rule="callback-before-reply")
        return self._record(agent, handoff_id, "phone", outcome)

    def history(self, agent: Agent, handoff_id: str) -> list[Delivery]:
        with self.sessions() as session:
            self._row(session, agent, handoff_id)
            rows = session.scalars(
                select(DeliveryRow)
                .where(DeliveryRow.handoff_id == handoff_id)
                .order_by(DeliveryRow.at)
            )
            return [_delivery(row) for row in rows]

    # --- the conversation erased ------------------------------------------------------

    def conversation_erased(self, conversation_id: str, handoff_ids: Collection[str]) -> int:
        """Withdraw the conversation's handovers (once: a redelivery finds them withdrawn);
        how many were withdrawn now. A suggestion waiting for its review is recorded as
        withdrawn (its use happened; nobody reviewed it)."""
        withdrawn = 0
        with self.sessions.begin() as session:
            rows = session.scalars(
                select(HandoffRow).where(
                    or_(
                        HandoffRow.conversation_id == conversation_id,
                        HandoffRow.id.in_(list(handoff_ids)),
                    )
                )
            ).all()
            for row in rows:
                if row.status == WITHDRAWN:
                    continue
                if row.suggestion_evidence:
                    use = use_evidence_of(row.suggestion_evidence)
                    self.inbox.uses.record_use(
                        use,
                        HumanReview.NONE,
                        actor=use.actor,
                        department=row.department,
                        task_completed=False,
                        parameters={"suggestion": "withdrawn"},
                        wait=True,
                    )
                _empty(row)
                row.status = WITHDRAWN
                withdrawn += 1
        if withdrawn:
            logger.info("conversation erased: %d handover(s) withdrawn", withdrawn)
        return withdrawn


def _empty(row: HandoffRow) -> None:
    """Every text the handover kept of the conversation emptied (columns added later too)."""
    for column in HandoffRow.__table__.columns:
        if column.name in _KEPT_COLUMNS or not isinstance(column.type, String | Text):
            continue
        setattr(row, column.key, None if column.nullable else "")
    row.turns = "[]"
