"""Scheduled jobs: ``collectivia-<service>-jobs JOB`` runs one job of the service's definition
(``ServiceDefinition.jobs``) once, against the database and lake its settings name, and exits
— what a Kubernetes CronJob runs, with the service's own image and settings
(``collectivia.platform.entrypoint.run_jobs`` reads them).

Exit codes: 0 done; 1 the job ran and found or met a failure (a broken evidence chain, a
refused purge), said in French; 2 a wrong job name or invalid settings; 3 the job could not
run to the end (an unreachable database, an unexpected error: the traceback is logged). The
job's outcome is printed in French, on stdout when it succeeded, stderr when not, whatever
the log level, and its report (JSON), if any, on stdout; log lines stay English."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO, TypeVar

from collectivia.platform import messages
from collectivia.platform.errors import DomainError
from collectivia.platform.settings import ServiceSettings

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=ServiceSettings)

DONE, FAILED, REFUSED, CRASHED = 0, 1, 2, 3


@dataclass(frozen=True)
class JobOutcome:
    succeeded: bool
    # What the job did or found, in French: the line an operator reads in the CronJob's log.
    message: str
    # A machine-readable report (JSON) printed after the message, for whoever archives it
    # (the evidence chain's head, to detect a later truncation).
    report: str | None = None


# A job: reads what it needs beyond the service's settings itself, calls the domain, says
# what happened. A DomainError it lets through is a failure (exit 1) with its French detail.
Job = Callable[[S], JobOutcome]


def run_job(name: str, job: Job[S], settings: S) -> int:
    """Run ``job`` once and say its outcome; its exit code."""
    logger.info("job %s started", name)
    try:
        outcome = job(settings)
    except DomainError as error:
        logger.warning("job %s refused: %s", name, type(error).__name__)
        say(sys.stderr, messages.JOB_FAILED.format(job=name, detail=error.detail))
        return FAILED
    except Exception as error:  # the process edge: logged with its traceback, said in French
        logger.exception("job %s could not run", name)
        say(sys.stderr, messages.JOB_CRASHED.format(job=name, error=type(error).__name__))
        return CRASHED
    say(sys.stdout if outcome.succeeded else sys.stderr, outcome.message)
    if outcome.report is not None:
        say(sys.stdout, outcome.report)
    logger.info("job %s %s", name, "done" if outcome.succeeded else "failed")
    return DONE if outcome.succeeded else FAILED


def say(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")
    stream.flush()
