"""The indexing worker: one thread that indexes the library's pending documents (an import,
or an import interrupted before the last restart) whenever there are some."""

from __future__ import annotations

import logging
import threading

from collectivia.citizen_chat.library.service import Library

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class IndexingWorker:
    def __init__(self, library: Library, retry_seconds: float = RETRY_SECONDS) -> None:
        self.library = library
        self.retry_seconds = retry_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="library-indexing", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the group under way; what is left is indexed after the next start."""
        self._stopping.set()
        self.library.has_pending.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self.library.has_pending.wait()
            if self._stopping.is_set():
                return
            self.library.has_pending.clear()
            try:
                indexed = self.library.index_pending(self._stopping)
                if indexed:
                    logger.info("library: %d documents indexed", indexed)
            except Exception:  # thread edge: log, wait, try again; the rows stay pending
                logger.exception("indexing failed, retried in %.0f s", self.retry_seconds)
                if self._stopping.wait(self.retry_seconds):
                    return
                self.library.has_pending.set()
