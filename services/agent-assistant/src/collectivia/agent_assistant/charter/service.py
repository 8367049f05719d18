"""The charter's rules: one current version (the highest), new versions by administrators,
one acceptance per agent and version, published as ``charter-accepted`` for the ethics
register's AI-literacy records."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.charter.models import CharterAcceptanceRow, CharterVersionRow
from collectivia.events.v1 import assistant_pb2
from collectivia.platform.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)

DEFAULT_TITLE = "Charte d'utilisation de l'assistant des agents"
MAX_TEXT_CHARS = 50_000
MAX_TITLE_CHARS = 200
MAX_NOTE_CHARS = 1000


def default_text() -> str:
    return files(__package__).joinpath("default_charter.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class CharterVersion:
    version: int
    title: str
    text: str
    change_note: str
    published_at: datetime


@dataclass(frozen=True)
class Acceptance:
    version: int
    accepted_at: datetime


class CharterNotAccepted(PermissionDenied):
    """The agent must (re-)accept the current charter before using the assistant."""

    type_slug = "charter-not-accepted"

    def __init__(self, version: int) -> None:
        super().__init__(messages.charter_not_accepted(version))
        self.version = version


def _version(row: CharterVersionRow) -> CharterVersion:
    return CharterVersion(row.version, row.title, row.text, row.change_note, row.published_at)


class Charters:
    def __init__(
        self,
        sessions: sessionmaker[Any],
        outbox: EventOutbox,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sessions = sessions
        # Events written with the data, published after commit: none lost, none invented.
        self.outbox = outbox
        self.clock = clock

    def ensure_default(self) -> None:
        """Ship version 1 (the default text) when the service has no charter yet."""
        with self.sessions.begin() as session:
            if session.scalar(select(func.count()).select_from(CharterVersionRow)):
                return
            session.add(
                CharterVersionRow(
                    version=1,
                    title=DEFAULT_TITLE,
                    text=default_text(),
                    change_note="Première version.",
                    published_by="",
                    published_at=self.clock(),
                )
            )

    def _current_row(self, session: Session) -> CharterVersionRow:
        row = session.scalars(
            select(CharterVersionRow).order_by(CharterVersionRow.version.desc()).limit(1)
        ).first()
        if row is None:
            raise Conflict(messages.NO_CHARTER)
        return row

    def current(self) -> CharterVersion:
        with self.sessions() as session:
            return _version(self._current_row(session))

    def versions(self) -> list[CharterVersion]:
        """Every version, newest first."""
        with self.sessions() as session:
            rows = session.scalars(
                select(CharterVersionRow).order_by(CharterVersionRow.version.desc())
            )
            return [_version(row) for row in rows]

    def publish(self, admin: Agent, title: str, text: str, change_note: str) -> CharterVersion:
        """A new version: every agent must accept it before their next use."""
        title, text, change_note = title.strip(), text.strip(), change_note.strip()
        errors = []
        if not title:
            errors.append(FieldError("title", messages.is_empty(messages.CHARTER_TITLE)))
        elif len(title) > MAX_TITLE_CHARS:
            errors.append(
                FieldError("title", messages.exceeds_characters(messages.TITLE, MAX_TITLE_CHARS))
            )
        if len(change_note) > MAX_NOTE_CHARS:
            errors.append(
                FieldError(
                    "change_note", messages.exceeds_characters(messages.NOTE, MAX_NOTE_CHARS)
                )
            )
        if not text:
            errors.append(FieldError("text", messages.is_empty(messages.CHARTER_TEXT)))
        elif len(text) > MAX_TEXT_CHARS:
            errors.append(
                FieldError("text", messages.exceeds_characters(messages.TEXT, MAX_TEXT_CHARS))
            )
        if errors:
            raise InvalidInput(messages.CHARTER_INCOMPLETE, errors)
        with self.sessions.begin() as session:
            current = self._current_row(session)
            if current.text == text and current.title == title:
                raise Conflict(messages.charter_unchanged(current.version))
            row = CharterVersionRow(
                version=current.version + 1,
                title=title,
                text=text,
                change_note=change_note,
                published_by=admin.pseudonym,
                published_at=self.clock(),
            )
            session.add(row)
        logger.info("charter version %d published", row.version)
        return _version(row)

    def acceptance(self, agent: Agent) -> Acceptance | None:
        """The agent's acceptance of the current version, if any."""
        with self.sessions() as session:
            current = self._current_row(session)
            row = session.scalars(
                select(CharterAcceptanceRow).where(
                    CharterAcceptanceRow.subject == agent.subject,
                    CharterAcceptanceRow.version == current.version,
                )
            ).first()
            return Acceptance(row.version, row.accepted_at) if row else None

    def check_accepted(self, agent: Agent) -> None:
        if self.acceptance(agent) is None:
            raise CharterNotAccepted(self.current().version)

    def accept(self, agent: Agent, version: int | None) -> Acceptance:
        """Record that ``agent`` accepted ``version``, which must be the current one; the
        event is on the broker before the acceptance is confirmed. Accepting twice is a
        no-op that returns the first acceptance."""
        if version is None:
            raise InvalidInput(
                messages.ACCEPTED_VERSION_MISSING,
                [FieldError("version", messages.SAY_WHICH_VERSION)],
            )
        now = self.clock()
        with self.sessions.begin() as session:
            current = self._current_row(session)
            if version != current.version:
                raise Conflict(messages.not_the_charter_in_force(version, current.version))
            existing = session.scalars(
                select(CharterAcceptanceRow).where(
                    CharterAcceptanceRow.subject == agent.subject,
                    CharterAcceptanceRow.version == version,
                )
            ).first()
            if existing is not None:
                return Acceptance(existing.version, existing.accepted_at)
            # Written with the acceptance: no acceptance is recorded without its evidence.
            self.outbox.add(
                session,
                assistant_pb2.CharterAccepted(
                    agent=agent.pseudonym,
                    department=agent.department,
                    charter_version=str(version),
                    accepted_at=timestamp(now),
                ),
                key=agent.pseudonym,
            )
            session.add(
                CharterAcceptanceRow(
                    subject=agent.subject,
                    agent=agent.pseudonym,
                    department=agent.department,
                    version=version,
                    accepted_at=now,
                )
            )
        logger.info("charter version %d accepted", version)
        return Acceptance(version, now)
