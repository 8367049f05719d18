"""Process entry point: ``collectivia-ethics-register`` runs the server;
``collectivia-ethics-register verify-evidence`` (or ``purge-evidence``) runs a command."""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn
from pydantic import ValidationError

from collectivia.core.settings import InsecureSettingsError
from collectivia.core.telemetry import configure_logging
from collectivia.ethics_register.app import create_app
from collectivia.ethics_register.evidence.cli import COMMANDS
from collectivia.ethics_register.settings import RegisterSettings

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="collectivia-ethics-register")
    parser.add_argument("command", nargs="?", choices=sorted(COMMANDS), help="default: serve")
    command = parser.parse_args(argv).command
    try:
        settings = RegisterSettings()
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
