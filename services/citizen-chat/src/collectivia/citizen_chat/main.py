"""Process entry point: ``collectivia-citizen-chat`` runs the server, with as many worker
processes as ``COLLECTIVIA_CITIZEN_CHAT_WORKERS`` says (``worker_processes.py``);
``collectivia-citizen-chat purge`` deletes the conversations past the retention period."""

from __future__ import annotations

import logging
import sys

import uvicorn
from fastapi import FastAPI

from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.knowledge.vector_store import VectorStoreLocked, ensure_folder_free
from collectivia.citizen_chat.library.area import LibrarySettings, start_following
from collectivia.citizen_chat.library.service import Library
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.worker_processes import (
    claim_slot,
    follower_definition,
    slots_folder,
    with_following,
    worker_count,
)
from collectivia.platform.app import create_app
from collectivia.platform.areas import Worker
from collectivia.platform.entrypoint import run_jobs, run_service
from collectivia.platform.settings import AreaSettings
from collectivia.platform.telemetry import configure_logging

logger = logging.getLogger(__name__)

# What uvicorn imports in each worker process.
WORKER_APP = "collectivia.citizen_chat.main:served_app"
WORKER_HEALTHCHECK_SECONDS = 60


def main(argv: list[str] | None = None) -> None:
    run_service(SERVICE, argv, serve=serve)


def jobs_main(argv: list[str] | None = None) -> None:
    """``collectivia-citizen-chat-jobs JOB``: one scheduled job, once (``jobs.py``)."""
    run_jobs(SERVICE, argv)


def serve(settings: ChatSettings, sections: list[AreaSettings]) -> None:
    """One process serves alone; several share the HTTP socket, each building the service."""
    workers = worker_count(settings.workers)
    host, port = settings.http_host, settings.http_port
    if workers == 1:
        app = create_app(SERVICE, settings, supplied=sections)
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
        return
    # Refused here, with a non-zero code: a primary that cannot own the store fails in its
    # own process, and uvicorn's supervisor would then stop with 0.
    knowledge = next(s for s in sections if isinstance(s, KnowledgeSettings))
    if not knowledge.qdrant_url:
        try:
            ensure_folder_free(knowledge.qdrant_path)
        except VectorStoreLocked as error:
            logger.error("refusing to start: %s", error)
            sys.exit(3)
    uvicorn.run(
        WORKER_APP,
        factory=True,
        workers=workers,
        # A worker spawned on a busy machine answers uvicorn's first ping only once Python
        # and the service's modules are loaded: seconds, more than uvicorn's default 5.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
    )


def served_app() -> FastAPI:
    """The app of one worker process, from the environment (checked by the parent): the
    primary's or a follower's, by the slot it claims."""
    settings = ChatSettings()
    sections: list[AreaSettings] = [section() for section in SERVICE.sections()]
    configure_logging(settings.service_name, settings.telemetry)
    knowledge = next(s for s in sections if isinstance(s, KnowledgeSettings))
    library = next(s for s in sections if isinstance(s, LibrarySettings))
    claim = claim_slot(slots_folder(knowledge.qdrant_path), worker_count(settings.workers))
    role = claim.role
    following = Worker[Library](
        "library-following", start=lambda lib: start_following(lib, library.follow_seconds)
    )
    if role.primary:
        definition = with_following(SERVICE, following)
    else:
        definition = follower_definition(SERVICE, following)
        group = f"{settings.consumer_group}-worker-{role.slot}"
        settings = settings.model_copy(update={"consumer_group": group})
    app = create_app(definition, settings, supplied=[*sections, role])
    app.state.worker_slot = claim  # held as long as the process serves
    return app


if __name__ == "__main__":
    main()
