"""AI Act Art. 50(4): a text generated with AI and meant for publication on a matter of
public interest is marked as such, unless a person reviewed it and holds editorial
responsibility for it. Each such text is recorded; the review (who, when, which version)
too."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.tasks.models import PublicationTextRow
from collectivia.platform.errors import Conflict, InvalidInput, NotFound

MARKING = "Texte produit avec l'aide d'une intelligence artificielle."
MAX_REVIEWED_CHARS = 200_000


def marked(text: str) -> str:
    return f"{text}\n\n{MARKING}"


@dataclass(frozen=True)
class EditorialReview:
    task_id: str
    # Pseudonymous id of the reviewer (their Keycloak subject stays in this service).
    reviewer: str
    reviewed_at: datetime
    # The reviewed text, without the AI marking: it may be published as it is.
    text: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


class EditorialReviews:
    def __init__(
        self, sessions: sessionmaker[Any], clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self.sessions = sessions
        self.clock = clock

    def record(self, task_id: str, task: str, agent: Agent, model: str) -> None:
        """A text generated for publication: marked until reviewed."""
        with self.sessions.begin() as session:
            session.add(
                PublicationTextRow(
                    task_id=task_id,
                    task=task,
                    agent=agent.pseudonym,
                    department=agent.department,
                    model=model,
                    produced_at=self.clock(),
                )
            )

    def review(self, task_id: str, text: str, reviewer: Agent) -> EditorialReview:
        """The agent reviewed ``text`` (the version to publish) and takes editorial
        responsibility for it: it may be published without the AI marking."""
        text = text.replace(MARKING, "").strip()
        if not text:
            raise InvalidInput(messages.REVIEWED_TEXT_EMPTY)
        if len(text) > MAX_REVIEWED_CHARS:
            raise InvalidInput(
                messages.exceeds_characters(messages.REVIEWED_TEXT, MAX_REVIEWED_CHARS)
            )
        with self.sessions.begin() as session:
            row = session.get(PublicationTextRow, task_id)
            if row is None:
                raise NotFound(messages.publication_text_not_found(task_id))
            if row.reviewed_at is not None:
                raise Conflict(messages.already_reviewed(row.reviewed_at))
            row.reviewer_subject = reviewer.subject
            row.reviewer = reviewer.pseudonym
            row.reviewed_at = self.clock()
            row.reviewed_text_sha256 = hashlib.sha256(text.encode()).hexdigest()
            return EditorialReview(task_id, reviewer.pseudonym, row.reviewed_at, text)
