"""Progress of a long ingestion, in the log: "<what>: 64/393 documents indexed"."""

from __future__ import annotations

import logging

from collectivia.citizen_chat.knowledge.base import Progress

logger = logging.getLogger(__name__)


def logged_progress(what: str) -> Progress:
    def progress(done: int, total: int) -> None:
        logger.info("%s: %d/%d documents indexed", what, done, total)

    return progress
