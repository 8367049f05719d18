"""Process entry point: ``collectivia-officials-analytics`` runs the server."""

from __future__ import annotations

from collectivia.lakehouse.memory import choose_memory_pool

choose_memory_pool()  # before pyarrow is loaded: Arrow takes its pool once (lakehouse/memory.py)

from collectivia.officials_analytics.definition import SERVICE  # noqa: E402
from collectivia.platform.entrypoint import run_jobs, run_service  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-officials-analytics-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    run_jobs(SERVICE, argv)


if __name__ == "__main__":
    main()
