"""Process entry point: ``collectivia-officials-analytics`` runs the server."""

from __future__ import annotations

from collectivia.officials_analytics.definition import SERVICE
from collectivia.platform.entrypoint import run_service


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


if __name__ == "__main__":
    main()
