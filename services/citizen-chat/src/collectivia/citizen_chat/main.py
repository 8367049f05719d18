"""Process entry point: ``collectivia-citizen-chat`` runs the server;
``collectivia-citizen-chat purge`` deletes the conversations past the retention period."""

from __future__ import annotations

from collectivia.citizen_chat.definition import SERVICE
from collectivia.platform.entrypoint import run_service


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


if __name__ == "__main__":
    main()
