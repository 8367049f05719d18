"""The inbox's rules: a handover lands in one department's inbox; only that department's
agents see it; the suggested reply is grounded in the knowledge base and made only when the
register allows the use; the reply goes back to the citizen with the evidence of the
agent's review.

Evidence of a suggestion: ONE record per use id. The register's evidence log is append-only
and keeps the first ``ai.used`` of a use id (``ethics_register.evidence.log``: later ones are
dropped as redeliveries, nothing is ever updated), so a record made when the suggestion is
written (human review NONE) could never be completed with the agent's review, and a second
record under another id would count one use twice. The use is therefore recorded once the
outcome is known: at the reply, with the review (accepted / edited / overridden); or, for
a suggestion nobody replied to within ``suggestion_lifetime``, at its expiry, with human
review NONE and ``suggestion=expired`` (the suggestion is then withdrawn, and a new one is a
new use). Until then the evidence waits in the handover's row, so a restart loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.inbox import events
from collectivia.agent_assistant.inbox.models import HandoffRow
from collectivia.agent_assistant.inbox.ports import (
    KnowledgeSearch,
    ReplyRequest,
    ReplyWriter,
    SuggestedReply,
    UseRecorder,
)
from collectivia.agent_assistant.inbox.records import (
    Handoff,
    Turn,
    handoff_of,
    suggestion_json,
    suggestion_of,
    turns_json,
    use_evidence_json,
    use_evidence_of,
)
from collectivia.agent_assistant.inbox.request_theme import RequestThemes
from collectivia.agent_assistant.inbox.review import HumanReview, review_of
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.ai.use.permission import UsePermission
from collectivia.events.v1 import chat_pb2
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    FieldError,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)

MAX_REPLY_CHARS = 5000
SEARCHED_PASSAGES = 6
# The chat refuses longer queries (its question limit); the latest words matter most.
MAX_QUERY_CHARS = 1500
STATUSES = ("open", "resolved")
SUGGESTION_LIFETIME = timedelta(hours=48)


def _now() -> datetime:
    return datetime.now(UTC)


class Inbox:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        routing: DepartmentRouting,
        search: KnowledgeSearch,
        permission: UsePermission,
        writer: ReplyWriter,
        uses: UseRecorder,
        suggestion_lifetime: timedelta = SUGGESTION_LIFETIME,
        clock: Callable[[], datetime] = _now,
        themes: RequestThemes | None = None,
    ) -> None:
        """``permission``: the AI-use pathway's gate (``AiUsePathway.check``); ``writer``
        and ``uses``: the model gateway's (``GatewayReplyWriter``, and the gateway itself)."""
        self.sessions = sessions
        # Events written with the data, published after commit: none lost, none invented.
        self.outbox = outbox
        self.routing = routing
        self.search = search
        self.permission = permission
        self.writer = writer
        self.uses = uses
        self.suggestion_lifetime = suggestion_lifetime
        self.clock = clock
        # The theme when the chat sent none: from the citizen's words.
        self.themes = themes or RequestThemes()

    # --- handovers in -------------------------------------------------------------------

    def received(self, payload: chat_pb2.HandoffRequested) -> bool:
        """Store a handover in its department's inbox; False when it was already there."""
        turns = [
            Turn(t.role, t.text, t.at.ToDatetime(UTC) if t.HasField("at") else None)
            for t in payload.turns
        ]
        theme = self.themes.theme_of(sent=payload.theme, turns=turns)
        department = self.routing.department_for(theme, payload.commune, urgent=payload.urgent)
        now = self.clock()
        requested = (
            payload.requested_at.ToDatetime(UTC) if payload.HasField("requested_at") else now
        )
        with self.sessions.begin() as session:
            if session.get(HandoffRow, payload.handoff_id) is not None:
                return False
            session.add(
                HandoffRow(
                    id=payload.handoff_id,
                    conversation_id=payload.conversation_id,
                    commune=payload.commune,
                    theme=theme,
                    department=department,
                    turns=turns_json(turns),
                    contact_channel=payload.contact_channel or "conversation",
                    contact=payload.contact,
                    requested_at=requested,
                    received_at=now,
                    urgent=payload.urgent,
                )
            )
        logger.info("handoff %s routed to %s", payload.handoff_id, department)
        return True

    # --- what an agent sees -------------------------------------------------------------

    def list_for(self, agent: Agent, status: str = "open") -> list[Handoff]:
        """The handovers of the agent's departments, oldest first."""
        if status not in STATUSES:
            raise InvalidInput(
                messages.UNKNOWN_STATUS, [FieldError("status", messages.HANDOFF_STATUSES)]
            )
        if not agent.departments:
            return []
        with self.sessions() as session:
            rows = session.scalars(
                select(HandoffRow)
                .where(HandoffRow.department.in_(agent.departments), HandoffRow.status == status)
                # Emergencies first, then the oldest.
                .order_by(HandoffRow.urgent.desc(), HandoffRow.requested_at)
            )
            return [handoff_of(row) for row in rows]

    def _row(self, session: Session, agent: Agent, handoff_id: str) -> HandoffRow:
        row = session.get(HandoffRow, handoff_id)
        # Another department's handover is not even said to exist.
        if row is None or row.department not in agent.departments:
            raise NotFound(messages.HANDOFF_NOT_FOUND)
        # Its conversation erased by the citizen (delivery/): nothing to read or answer.
        if row.status == "withdrawn":
            raise Conflict(messages.HANDOFF_WITHDRAWN)
        return row

    def get(self, agent: Agent, handoff_id: str) -> Handoff:
        with self.sessions() as session:
            return handoff_of(self._row(session, agent, handoff_id))

    def suggestion(self, agent: Agent, handoff_id: str) -> SuggestedReply:
        """The suggested reply, made once and kept; when the register or the knowledge base
        cannot help, a notice saying so (not kept: asked again next time)."""
        with self.sessions() as session:
            row = self._row(session, agent, handoff_id)
            if row.suggestion is not None:
                return suggestion_of(row.suggestion)
            handoff = handoff_of(row)
        permission = self.permission.check()
        if not permission.allowed:
            logger.info("suggestion denied by the register: %s", permission.message)
            return SuggestedReply("", [], False, "", messages.DENIED_NOTICE)
        try:
            passages = self.search.search(
                handoff.question[-MAX_QUERY_CHARS:], handoff.commune, SEARCHED_PASSAGES
            )
        except DependencyUnavailable:
            return SuggestedReply("", [], False, "", messages.UNREACHABLE_NOTICE)
        if not passages:  # nothing to ground a reply in: no use of the assistant
            return SuggestedReply("", [], False, "", messages.NOTHING_FOUND)
        try:
            written = self.writer.write(
                ReplyRequest(
                    handoff.id, handoff.question, handoff.commune, handoff.department, passages
                ),
                agent,
            )
        except (RuleViolation, DependencyUnavailable) as refusal:  # the gate, meanwhile
            logger.info("suggestion refused by the gateway: %s", refusal.detail)
            return SuggestedReply("", [], False, "", messages.DENIED_NOTICE)
        with self.sessions.begin() as session:
            row = self._row(session, agent, handoff_id)
            if row.suggestion is None:
                row.suggestion = suggestion_json(written.suggestion)
                row.suggestion_use_id = written.evidence.use_id
                row.suggestion_evidence = use_evidence_json(written.evidence)
                row.suggested_at = self.clock()
                return written.suggestion
            stored = suggestion_of(row.suggestion)
        # Another agent's suggestion was kept first: this one was never shown.
        self.uses.record_use(
            written.evidence,
            HumanReview.NONE,
            actor=agent.pseudonym,
            department=handoff.department,
            task_completed=False,
            parameters={"suggestion": "discarded"},
        )
        return stored

    # --- the agent's reply --------------------------------------------------------------

    def reply(
        self,
        agent: Agent,
        handoff_id: str,
        text: str,
        suggestion_rejected: bool = False,
        shown_use_id: str = "",
    ) -> Handoff:
        """Send the reply to the citizen (``handoff-resolved``) and, when a suggestion was
        made, the evidence of its use with the agent's review (``ai.used``, once) and the
        task's completion. ``shown_use_id``: the suggestion the agent saw, when known (a
        withdrawn one is refused, so that the review is recorded against the right use)."""
        text = text.strip()
        if not text:
            raise InvalidInput(messages.REPLY_EMPTY, [FieldError("text", messages.WRITE_A_REPLY)])
        if len(text) > MAX_REPLY_CHARS:
            raise InvalidInput(
                messages.REPLY_TOO_LONG,
                [FieldError("text", messages.at_most_characters(MAX_REPLY_CHARS))],
            )
        now = self.clock()
        with self.sessions.begin() as session:
            row = self._row(session, agent, handoff_id)
            if row.status == "resolved":
                raise Conflict(messages.ALREADY_ANSWERED)
            if shown_use_id and shown_use_id != row.suggestion_use_id:
                raise Conflict(messages.STALE_SUGGESTION)
            suggestion = suggestion_of(row.suggestion) if row.suggestion else None
            review = (
                review_of(suggestion.text, text, suggestion_rejected)
                if suggestion is not None and suggestion.text
                else None
            )
            # Written with the handover marked answered: the reply reaches the citizen.
            self.outbox.add(
                session,
                events.handoff_resolved(
                    row.id, row.conversation_id, text, agent.pseudonym, row.department, now
                ),
                key=row.conversation_id,
                subject=row.id,
            )
            if row.suggestion_evidence:
                self.uses.record_use(
                    use_evidence_of(row.suggestion_evidence),
                    review or HumanReview.NONE,
                    actor=agent.pseudonym,
                    department=row.department,
                    # Counted as a reply made with the assistant only when it suggested one.
                    task_completed=review is not None,
                    parameters={"suggestion": "replied"},
                    # With the reply: sent after commit, never for a reply not stored.
                    outbox=self.outbox,
                    session=session,
                )
                row.suggestion_evidence = ""
            row.status = "resolved"
            row.reply = text
            row.human_review = review.value if review else ""
            row.resolved_by = agent.subject
            row.resolved_by_agent = agent.pseudonym
            row.resolved_at = now
            session.flush()
            return handoff_of(row)

    # --- suggestions nobody replied to --------------------------------------------------

    def expire_suggestions(self) -> int:
        """Record the use of every suggestion older than ``suggestion_lifetime`` whose
        handover is still open (human review NONE, ``suggestion=expired``) and withdraw
        it; how many expired."""
        cutoff = self.clock() - self.suggestion_lifetime
        with self.sessions() as session:
            due = list(
                session.scalars(
                    select(HandoffRow.id).where(
                        HandoffRow.status == "open",
                        HandoffRow.suggested_at < cutoff,
                        HandoffRow.suggestion_evidence != "",
                    )
                )
            )
        expired = 0
        for handoff_id in due:
            with self.sessions.begin() as session:
                row = session.get(HandoffRow, handoff_id)
                if row is None or row.status != "open" or not row.suggestion_evidence:
                    continue  # answered meanwhile: recorded with its review
                use = use_evidence_of(row.suggestion_evidence)
                self.uses.record_use(
                    use,
                    HumanReview.NONE,
                    actor=use.actor,
                    department=row.department,
                    task_completed=False,
                    parameters={"suggestion": "expired"},
                    outbox=self.outbox,
                    session=session,
                )
                row.suggestion = None
                row.suggestion_use_id = ""
                row.suggestion_evidence = ""
                row.suggested_at = None
                expired += 1
        if expired:
            logger.info("%d suggestions expired unanswered", expired)
        return expired
