"""The retention purge: conversations idle past the retention period are deleted, hourly by
the running service (``RetentionPurge``, unless ``retention_purge_in_process`` is off) or at
once by ``collectivia-citizen-chat purge`` and the scheduled job
``collectivia-citizen-chat-jobs purge-conversations`` (a Kubernetes CronJob)."""

from __future__ import annotations

import logging
import threading
from typing import cast

from sqlalchemy import Table

from collectivia.citizen_chat.conversations.erasure import ErasureAnnouncer
from collectivia.citizen_chat.conversations.forgetting import (
    ForgottenQuestionRow,
    QuestionForgetting,
)
from collectivia.citizen_chat.conversations.models import (
    ConversationRow,
    FeedbackRow,
    HandoffRow,
    TurnRow,
)
from collectivia.citizen_chat.conversations.service import Conversations, utc_now
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.handover.models import HandoffContactRow
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_session_factory
from collectivia.platform.events.outbox.models import OutboxRecord
from collectivia.platform.events.outbox.writer import Outbox

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600.0


class RetentionPurge:
    """A thread that purges at start, then every ``interval_seconds`` until stopped."""

    def __init__(
        self, conversations: Conversations, interval_seconds: float = PURGE_INTERVAL_SECONDS
    ) -> None:
        self.conversations = conversations
        self.interval_seconds = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="retention-purge", daemon=True)

    @classmethod
    def started(cls, conversations: Conversations) -> RetentionPurge:
        purge = cls(conversations)
        purge._thread.start()
        return purge

    def stop(self) -> None:
        self._stopping.set()

    def _run(self) -> None:
        while True:
            try:
                purged = self.conversations.purge()
                if purged:
                    logger.info("retention: %d conversations deleted", purged)
            except Exception:  # thread edge: log, try again at the next round
                logger.exception("retention purge failed; retried in an hour")
            if self._stopping.wait(self.interval_seconds):
                return


def purge(settings: ChatSettings) -> int:
    """``collectivia-citizen-chat purge``: delete the conversations past the retention period
    at once (their turns, feedback and handovers with them); their ``conversation-erased``
    events wait in the outbox for the service's relay."""
    purged = purge_expired(settings, retention_days=ConversationSettings().retention_days)
    logger.info("retention: %d conversations deleted", purged)
    return 0


def purge_expired(settings: ChatSettings, *, retention_days: int) -> int:
    """Delete the conversations idle for more than ``retention_days`` in the database the
    settings name (what the purge command and the scheduled job run); how many."""
    engine = create_database_engine(settings.database_url)
    try:
        rows = (
            ConversationRow,
            TurnRow,
            FeedbackRow,
            HandoffRow,
            HandoffContactRow,
            OutboxRecord,
            ForgottenQuestionRow,
        )
        create_tables(engine, [cast(Table, row.__table__) for row in rows])
        sessions = create_session_factory(engine)
        # The serving workers' query caches hold some of the questions: told, as an erasure.
        forgetting = QuestionForgetting(
            sessions,
            lambda _: 0,  # this process keeps no query
            salt=settings.pseudonym_salt.get_secret_value(),
            clock=utc_now,
        )
        return Conversations(
            sessions,
            retention_days,
            erasures=ErasureAnnouncer(Outbox(settings.service_name)),
            forgetting=forgetting,
        ).purge()
    finally:
        engine.dispose()
