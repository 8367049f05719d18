"""Process entry point: ``collectivia-officials-analytics`` runs the server."""

from __future__ import annotations

from collectivia.officials_analytics.definition import SERVICE
from collectivia.platform.entrypoint import run_jobs, run_service


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-officials-analytics-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    run_jobs(SERVICE, argv)


if __name__ == "__main__":
    main()
