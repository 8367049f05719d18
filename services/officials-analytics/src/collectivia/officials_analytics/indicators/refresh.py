"""The worker that keeps the indicators' rows in memory up to date: the tables read once at
start (the first dashboard does not wait for millions of rows), then each new snapshot of
the sink's commits read incrementally every ``rows_refresh_seconds``, and the queries asked
lately computed again on it, before anyone asks them again."""

from __future__ import annotations

import logging
import threading

from collectivia.officials_analytics.indicators.engine import Indicators

log = logging.getLogger(__name__)


class RowsRefresher:
    def __init__(self, indicators: Indicators, interval_seconds: float) -> None:
        self._indicators = indicators
        self._interval = interval_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="indicator-rows", daemon=True)

    def start(self) -> RowsRefresher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                if self._indicators.refresh_rows():
                    self._indicators.recompute_asked()
            except Exception:  # thread edge: the queries read what they need themselves
                log.warning("refreshing the indicators' rows failed; retried", exc_info=True)
            if self._stopping.wait(self._interval):
                return


def start_refreshing(indicators: Indicators) -> RowsRefresher:
    """Started unless the rows are not kept or the refresh is off (then queries read)."""
    refresher = RowsRefresher(indicators, indicators.policy.rows_refresh_seconds)
    if indicators.policy.rows_refresh_seconds > 0 and indicators.policy.rows_cache_bytes > 0:
        refresher.start()
    return refresher
