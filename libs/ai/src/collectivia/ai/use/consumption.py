"""What one AI use consumed, measured while it runs: this process's CPU time and the model's
calls (tokens, latency).

CPU time is the calling thread's (``time.thread_time``), measured around each synchronous
step of the use and summed: a server serves many requests at once, so the process's CPU time
(``process_time``) would count the others' work, and a streamed answer is resumed step by
step by a pool of threads, so one reading before and one after would mix threads. Waiting
(for the register, the model, the database) costs no CPU time and is not counted; work done
in other processes (the model's server, worker processes, the database) is not either.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from collectivia.ai.generation.models import ModelCall

Y = TypeVar("Y")
R = TypeVar("R")


@dataclass(frozen=True)
class Consumption:
    """What the evidence of a use says it consumed (``ai.used``)."""

    cpu_seconds: float
    # Summed over the use's model calls; None: no model was called, or it did not say.
    input_tokens: int | None = None
    output_tokens: int | None = None
    model_latency_seconds: float | None = None
    # None: not estimated (``energy_method`` says why).
    energy_wh: float | None = None
    energy_method: str = ""


class UseMeter:
    """One use's meter (``Admission.meter``): the pathway measures its own steps, the caller
    its offline path (``measure``, ``metered``) and hands it the model's calls
    (``model_called``). Steps must not be nested: each would be counted twice."""

    def __init__(self, cpu_clock: Callable[[], float] = time.thread_time) -> None:
        self._cpu_clock = cpu_clock
        self._cpu_seconds = 0.0
        self._calls: list[ModelCall] = []
        self._lock = threading.Lock()

    @property
    def cpu_seconds(self) -> float:
        with self._lock:
            return self._cpu_seconds

    @property
    def model_calls(self) -> tuple[ModelCall, ...]:
        with self._lock:
            return tuple(self._calls)

    @contextmanager
    def measure(self) -> Iterator[None]:
        """Count the CPU time of the block (run in one thread)."""
        start = self._cpu_clock()
        try:
            yield
        finally:
            spent = max(0.0, self._cpu_clock() - start)
            with self._lock:
                self._cpu_seconds += spent

    def metered(self, steps: Generator[Y, None, R]) -> Generator[Y, None, R]:
        """``steps`` as they are, each step's CPU time counted in the thread that runs it;
        closing the result closes ``steps``."""
        try:
            while True:
                with self.measure():
                    try:
                        item = next(steps)
                    except StopIteration as end:
                        result: R = end.value
                        return result
                yield item
        finally:
            with self.measure():
                steps.close()

    def model_called(self, call: ModelCall | None) -> None:
        """Add a call of the model to the use (None: the caller's model did not say)."""
        if call is not None:
            with self._lock:
                self._calls.append(call)
