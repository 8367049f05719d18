"""Process entry point: ``collectivia-data-lake`` runs the server."""

from __future__ import annotations

from collectivia.data_lake.definition import SERVICE
from collectivia.platform.entrypoint import run_jobs, run_service


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-data-lake-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    run_jobs(SERVICE, argv)


if __name__ == "__main__":
    main()
