"""Process entry point: ``collectivia-citizen-chat`` runs the server;
``collectivia-citizen-chat purge`` deletes the conversations past the retention period."""

from __future__ import annotations

import logging

from collectivia.citizen_chat.app import create_app
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.entrypoint import run_service

logger = logging.getLogger(__name__)


def purge(settings: ChatSettings) -> int:
    engine = create_database_engine(settings.database_url)
    create_schema(engine)
    purged = Conversations(create_session_factory(engine), settings.retention_days).purge()
    logger.info("retention: %d conversations deleted", purged)
    engine.dispose()
    return 0


COMMANDS = {"purge": purge}


def main(argv: list[str] | None = None) -> None:
    run_service("collectivia-citizen-chat", ChatSettings, create_app, COMMANDS, argv)


if __name__ == "__main__":
    main()
