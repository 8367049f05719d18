"""Process entry point: ``collectivia-citizen-chat`` runs the server;
``collectivia-citizen-chat purge`` deletes the conversations past the retention period."""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn
from pydantic import ValidationError

from collectivia.citizen_chat.app import create_app
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.core.settings import InsecureSettingsError
from collectivia.core.telemetry import configure_logging

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
    parser = argparse.ArgumentParser(prog="collectivia-citizen-chat")
    parser.add_argument("command", nargs="?", choices=sorted(COMMANDS), help="default: serve")
    command = parser.parse_args(argv).command
    try:
        settings = ChatSettings()
    except (ValidationError, InsecureSettingsError) as error:
        logging.basicConfig(level=logging.ERROR, format="%(message)s")
        logger.error("invalid settings, refusing to start: %s", error)
        sys.exit(2)
    configure_logging(settings.service_name, settings.telemetry)
    if command is not None:
        sys.exit(COMMANDS[command](settings))
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
