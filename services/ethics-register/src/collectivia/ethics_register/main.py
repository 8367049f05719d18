"""Process entry point: ``collectivia-ethics-register`` runs the server;
``collectivia-ethics-register verify-evidence`` (or ``purge-evidence``) runs a command."""

from __future__ import annotations

from collectivia.ethics_register.definition import SERVICE
from collectivia.platform.entrypoint import run_jobs, run_service


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-ethics-register-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    run_jobs(SERVICE, argv)


if __name__ == "__main__":
    main()
