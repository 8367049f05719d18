"""Process entry point: ``collectivia-service-template`` runs the server."""

from __future__ import annotations

from collectivia.platform.entrypoint import run_service
from collectivia.service_template.definition import SERVICE


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


if __name__ == "__main__":
    main()
