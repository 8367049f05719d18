"""A service process a fault test may kill (SIGKILL, as a crash would) and start again with the
same settings: same ports, same database, same consumer group."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from collectivia.testkit.processes import (
    ServiceProcess,
    _wait_ready,
    entry_point,
    env_prefix,
)


class RestartableService:
    def __init__(
        self, name: str, environment: Mapping[str, str], *, folder: Path, ready_timeout: float = 120
    ) -> None:
        prefix = env_prefix(name)
        self.name = name
        self._environment = {**os.environ, **environment}
        self._folder = folder
        self._ready_timeout = ready_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._starts = 0
        http_port = self._environment[prefix + "HTTP_PORT"]
        grpc_port = self._environment[prefix + "GRPC_PORT"]
        self.running = ServiceProcess(
            name, f"http://127.0.0.1:{http_port}", f"127.0.0.1:{grpc_port}", folder / "none.log"
        )

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._process.pid

    def start(self) -> ServiceProcess:
        """Start it (a log file per start) and wait until ``/readyz`` answers 200."""
        self._starts += 1
        log = self._folder / f"{self.name}.{self._starts}.log"
        with log.open("wb") as output:
            self._process = subprocess.Popen(
                entry_point(self.name),
                env=self._environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=self._folder,
            )
        self.running = ServiceProcess(
            self.name, self.running.base_url, self.running.grpc_target, log
        )
        _wait_ready(self._process, self.running, self._ready_timeout)
        return self.running

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, nothing is flushed."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
        self._process = None

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)
        self._process = None

    def __enter__(self) -> RestartableService:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
