"""Per-client rate limit: a sliding window of one minute, in memory (one process)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from collectivia.citizen_chat import messages
from collectivia.platform.errors import TooManyRequests


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 100_000,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.max_clients = max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> None:
        """Count one request of ``client``; raises TooManyRequests over the limit."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry_after = max(1, math.ceil(hits[0] + 60.0 - now))
                raise TooManyRequests(
                    messages.rate_limited(self.per_minute, retry_after), retry_after
                )
            hits.append(now)
            if len(self._hits) > self.max_clients:
                for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - 60.0]:
                    del self._hits[key]
