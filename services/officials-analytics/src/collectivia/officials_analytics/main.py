"""Process entry point: ``collectivia-officials-analytics`` runs the server."""

from __future__ import annotations

from collectivia.lakehouse.memory import use_returning_memory_pool
from collectivia.officials_analytics.definition import SERVICE
from collectivia.platform.entrypoint import run_jobs, run_service


def main(argv: list[str] | None = None) -> None:
    use_returning_memory_pool()  # before any table is read: hours of queries and caches
    run_service(SERVICE, argv)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-officials-analytics-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    use_returning_memory_pool()
    run_jobs(SERVICE, argv)


if __name__ == "__main__":
    main()
