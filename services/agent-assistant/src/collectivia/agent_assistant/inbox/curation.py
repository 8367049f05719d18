"""Curated answers: a validated reply proposed by one agent, reviewed by another agent of
the same department (never its author), then published for the citizen chat's knowledge
base as ``document-published`` (origin ``agent-assistant``)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.inbox import events
from collectivia.agent_assistant.inbox.models import CuratedAnswerRow, HandoffRow
from collectivia.agent_assistant.inbox.records import CuratedAnswer, curated_of
from collectivia.ai.privacy import detect
from collectivia.platform.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 5000
MAX_COMMENT_CHARS = 1000
DOCUMENT_PREFIX = "reponse-agent-"


def _now() -> datetime:
    return datetime.now(UTC)


def _check_text(field: str, label: str, text: str, limit: int) -> list[FieldError]:
    """``label``: the field as the messages name it (``messages.TITLE``...)."""
    if not text:
        return [FieldError(field, messages.is_empty(label))]
    errors = []
    if len(text) > limit:
        errors.append(FieldError(field, messages.exceeds_characters(label, limit)))
    kinds = sorted({span.type.value for span in detect(text)})
    if kinds:
        errors.append(FieldError(field, messages.contains_personal_data(label, kinds)))
    return errors


class CuratedAnswers:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.sessions = sessions
        # Events written with the data, published after commit: none lost, none invented.
        self.outbox = outbox
        self.clock = clock

    def propose(
        self, agent: Agent, handoff_id: str, title: str, question: str, answer: str
    ) -> CuratedAnswer:
        title, question, answer = title.strip(), question.strip(), answer.strip()
        errors = [
            *_check_text("title", messages.TITLE, title, MAX_TITLE_CHARS),
            *_check_text("question", messages.QUESTION, question, MAX_TEXT_CHARS),
            *_check_text("answer", messages.ANSWER, answer, MAX_TEXT_CHARS),
        ]
        if errors:
            raise InvalidInput(messages.CURATED_NOT_PROPOSED, errors)
        with self.sessions.begin() as session:
            handoff = session.get(HandoffRow, handoff_id)
            if handoff is None or handoff.department not in agent.departments:
                raise NotFound(messages.HANDOFF_NOT_FOUND)
            if handoff.status != "resolved":
                raise RuleViolation(messages.CURATED_AFTER_REPLY, "curated-after-reply")
            row = CuratedAnswerRow(
                id=str(uuid.uuid4()),
                handoff_id=handoff.id,
                department=handoff.department,
                title=title,
                question=question,
                answer=answer,
                theme=handoff.theme,
                commune=handoff.commune,
                proposed_by=agent.subject,
                proposed_at=self.clock(),
            )
            session.add(row)
            session.flush()
            return curated_of(row, agent.subject)

    def list_for(self, agent: Agent, status: str = "proposed") -> list[CuratedAnswer]:
        if status not in ("proposed", "published", "rejected"):
            raise InvalidInput(
                messages.UNKNOWN_STATUS, [FieldError("status", messages.CURATED_STATUSES)]
            )
        if not agent.departments:
            return []
        with self.sessions() as session:
            rows = session.scalars(
                select(CuratedAnswerRow)
                .where(
                    CuratedAnswerRow.department.in_(agent.departments),
                    CuratedAnswerRow.status == status,
                )
                .order_by(CuratedAnswerRow.proposed_at)
            )
            return [curated_of(row, agent.subject) for row in rows]

    def _row(self, session: Session, agent: Agent, proposal_id: str) -> CuratedAnswerRow:
        row = session.get(CuratedAnswerRow, proposal_id)
        if row is None or row.department not in agent.departments:
            raise NotFound(messages.PROPOSAL_NOT_FOUND)
        return row

    def review(
        self, agent: Agent, proposal_id: str, approve: bool | None, comment: str = ""
    ) -> CuratedAnswer:
        """A second agent approves (published at once) or rejects the proposal."""
        comment = comment.strip()
        errors = []
        if approve is None:
            errors.append(FieldError("approve", messages.SAY_IF_APPROVED))
        if len(comment) > MAX_COMMENT_CHARS:
            errors.append(FieldError("comment", messages.at_most_characters(MAX_COMMENT_CHARS)))
        if errors:
            raise InvalidInput(messages.REVIEW_INCOMPLETE, errors)
        now = self.clock()
        with self.sessions.begin() as session:
            row = self._row(session, agent, proposal_id)
            if row.proposed_by == agent.subject:
                raise RuleViolation(messages.FOUR_EYES, "four-eyes")
            if row.status != "proposed":
                raise Conflict(messages.PROPOSAL_ALREADY_REVIEWED)
            if approve:
                row.document_id = DOCUMENT_PREFIX + row.id
                # Written with the proposal marked published.
                self.outbox.add(
                    session,
                    events.document_published(
                        row.document_id,
                        row.title,
                        row.question,
                        row.answer,
                        row.theme,
                        row.commune,
                        now,
                    ),
                    key=row.document_id,
                )
            row.status = "published" if approve else "rejected"
            row.reviewed_by = agent.subject
            row.reviewed_at = now
            row.review_comment = comment
            session.flush()
            logger.info("curated answer %s %s", row.id, row.status)
            return curated_of(row, agent.subject)
