"""Process entry point: ``collectivia-ethics-register`` runs the server;
``collectivia-ethics-register verify-evidence`` (or ``purge-evidence``) runs a command."""

from __future__ import annotations

from collectivia.core.entrypoint import run_service
from collectivia.ethics_register.app import create_app
from collectivia.ethics_register.evidence.cli import COMMANDS
from collectivia.ethics_register.settings import RegisterSettings


def main(argv: list[str] | None = None) -> None:
    run_service("collectivia-ethics-register", RegisterSettings, create_app, COMMANDS, argv)


if __name__ == "__main__":
    main()
