"""Feedback on an answer: useful or not, with reasons and an optional comment (masked).

Publishes ``fr.collectivia.chat.feedback-given.v1`` without personal data (the comment only
as "there is one"); "report a problem" also sends an incident to the ethics register.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from collectivia.ai.privacy import redact
from collectivia.ai.use.permission import UsePermission
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.conversations.models import FeedbackRow, TurnRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.feedback.incidents import IncidentReporter
from collectivia.events.v1 import chat_pb2
from collectivia.platform.errors import Conflict, NotFound
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)


class Reason(StrEnum):
    INVENTED_CONTENT = "invented-content"
    MISSING_SOURCE = "missing-source"
    WRONG_SOURCE = "wrong-source"
    OUTDATED = "outdated"
    IMPRECISE = "imprecise"
    TOO_LONG = "too-long"
    UNCLEAR = "unclear"


# The register's incident categories for each reason ("other" for the rest).
_INCIDENT_CATEGORIES = {
    Reason.INVENTED_CONTENT: "invented-content",
    Reason.WRONG_SOURCE: "wrong-source",
    Reason.MISSING_SOURCE: "wrong-source",
    Reason.OUTDATED: "outdated",
}


@dataclass(frozen=True)
class FeedbackReceipt:
    answer_id: str
    useful: bool
    reasons: tuple[Reason, ...]
    # None: no problem was reported; else whether the register received it.
    incident_reported: bool | None


class Feedbacks:
    def __init__(
        self,
        conversations: Conversations,
        outbox: EventOutbox,
        incidents: IncidentReporter,
        permission: UsePermission,
    ) -> None:
        self.conversations = conversations
        self.outbox = outbox  # the feedback's event is written with it
        self.incidents = incidents
        self.permission = permission

    def give(
        self,
        conversation_id: str,
        answer_id: str,
        owner: str | None,
        useful: bool,
        reasons: list[Reason],
        comment: str,
        report_problem: bool,
    ) -> FeedbackReceipt:
        reasons = list(dict.fromkeys(reasons))
        masked_comment = redact(comment.strip())
        now = self.conversations.clock()
        with self.conversations.sessions.begin() as session:
            self.conversations.row(session, conversation_id, owner)
            turn = session.scalars(
                select(TurnRow).where(
                    TurnRow.answer_id == answer_id, TurnRow.conversation_id == conversation_id
                )
            ).first()
            if turn is None:
                raise NotFound(messages.answer_not_found(answer_id, conversation_id))
            if session.get(FeedbackRow, answer_id) is not None:
                raise Conflict(messages.already_rated(answer_id))
            session.add(
                FeedbackRow(
                    answer_id=answer_id,
                    conversation_id=conversation_id,
                    useful=useful,
                    reasons=json.dumps([r.value for r in reasons]),
                    comment=masked_comment,
                    given_at=now,
                )
            )
            self.outbox.add(
                session,
                chat_pb2.FeedbackGiven(
                    conversation_id=conversation_id,
                    answer_id=answer_id,
                    useful=useful,
                    reasons=[r.value for r in reasons],
                    has_comment=bool(masked_comment),
                    given_at=timestamp(now),
                ),
                key=conversation_id,
                subject=answer_id,
            )
        reported = self._report(answer_id, reasons, masked_comment) if report_problem else None
        return FeedbackReceipt(answer_id, useful, tuple(reasons), reported)

    def _report(self, answer_id: str, reasons: list[Reason], comment: str) -> bool:
        category = next(
            (_INCIDENT_CATEGORIES[r] for r in reasons if r in _INCIDENT_CATEGORIES), "other"
        )
        labels = ", ".join(r.value for r in reasons) or "aucune raison donnée"
        description = f"Signalement depuis l'assistant citoyen ({labels})."
        if comment:
            description += f" Commentaire : {comment}"
        system_id = self.permission.check().system_id
        return self.incidents.report(system_id, answer_id, category, description[:4000])
