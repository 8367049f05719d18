"""The process edge every service shares: read the settings and every area's section
(refusing to start on bad ones), set up logging, then serve the app or run one maintenance
command (``run_service``), or run one scheduled job (``run_jobs``)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

import uvicorn
from pydantic import ValidationError

from collectivia.platform import jobs, messages
from collectivia.platform.app import create_app
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.settings import AreaSettings, InsecureSettingsError, ServiceSettings
from collectivia.platform.telemetry import configure_logging

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=ServiceSettings)


def run_service(
    definition: ServiceDefinition[S],
    argv: list[str] | None = None,
    *,
    serve: Callable[[S, list[AreaSettings]], None] | None = None,
) -> None:
    """``collectivia-<name>`` alone serves the app (in this process, or as ``serve`` does it
    with the settings read: several worker processes); ``collectivia-<name> COMMAND`` runs a
    command and exits with its code."""
    parser = argparse.ArgumentParser(prog=f"collectivia-{definition.name}")
    commands = definition.commands
    parser.add_argument("command", nargs="?", choices=sorted(commands), help="default: serve")
    command = parser.parse_args(argv).command
    try:
        settings = definition.settings()
        sections: list[AreaSettings] = [section() for section in definition.sections()]
    except (ValidationError, InsecureSettingsError) as error:
        logging.basicConfig(level=logging.ERROR, format="%(message)s")
        logger.error("invalid settings, refusing to start: %s", settings_problems(error))
        sys.exit(2)
    configure_logging(settings.service_name, settings.telemetry)
    if command is not None:
        sys.exit(commands[command](settings))
    if serve is not None:
        serve(settings, sections)
        return
    uvicorn.run(
        create_app(definition, settings, supplied=sections),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
    )


def run_jobs(definition: ServiceDefinition[S], argv: list[str] | None = None) -> NoReturn:
    """``collectivia-<name>-jobs JOB``: one of the service's jobs, once, with the settings
    the service reads, then exit with its code (``collectivia.platform.jobs``); what is
    wrong is said in French, for the CronJob's log."""
    program = f"collectivia-{definition.name}-jobs"
    args = sys.argv[1:] if argv is None else argv
    names = ", ".join(sorted(definition.jobs))
    if len(args) != 1 or args[0] in ("-h", "--help"):
        jobs.say(sys.stderr, messages.JOB_USAGE.format(program=program, jobs=names))
        sys.exit(jobs.DONE if args in (["-h"], ["--help"]) else jobs.REFUSED)
    name = args[0]
    job = definition.jobs.get(name)
    if job is None:
        jobs.say(sys.stderr, messages.JOB_UNKNOWN.format(job=name, jobs=names))
        sys.exit(jobs.REFUSED)
    try:
        settings = definition.settings()
        for section in definition.sections():
            section()
    except (ValidationError, InsecureSettingsError) as error:
        problems = settings_problems(error)
        jobs.say(sys.stderr, messages.JOB_SETTINGS_INVALID.format(job=name, problems=problems))
        sys.exit(jobs.REFUSED)
    configure_logging(settings.service_name, settings.telemetry)
    sys.exit(jobs.run_job(name, job, settings))


def settings_problems(error: ValidationError | InsecureSettingsError) -> str:
    """What is wrong, without the values read: they may hold secrets."""
    if isinstance(error, InsecureSettingsError):
        return str(error)
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'settings'}: {problem['msg']}"
        for problem in error.errors(include_url=False, include_input=False)
    )
