"""The expiry worker: one thread that, every ``interval_seconds``, records the use of the
suggestions nobody replied to in time and withdraws them (``Inbox.expire_suggestions``)."""

from __future__ import annotations

import logging
import threading

from collectivia.agent_assistant.inbox.service import Inbox

logger = logging.getLogger(__name__)


class SuggestionExpiry:
    def __init__(self, inbox: Inbox, interval_seconds: float) -> None:
        self.inbox = inbox
        self.interval_seconds = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="suggestion-expiry", daemon=True)

    def start(self) -> SuggestionExpiry:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval_seconds):
            try:
                self.inbox.expire_suggestions()
            except Exception:  # thread edge: log; the rows stay due, tried again next time
                logger.exception(
                    "suggestion expiry failed, retried in %.0f s", self.interval_seconds
                )
