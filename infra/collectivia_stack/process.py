"""Background server processes: detached start, pid files, stop, health polling."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pwd
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import StackError

log = logging.getLogger(__name__)


def tail(path: Path, lines: int = 25) -> str:
    """Last lines of a text file (empty when missing)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _cmdline(pid: int) -> str | None:
    """The process command line, or None where /proc is not available."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return "" if Path("/proc/self").exists() else None
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace")


def pid_alive(pid: int, marker: str) -> bool:
    """Whether pid runs and (where /proc allows checking) its command line contains marker."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own exited child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    cmdline = _cmdline(pid)
    return cmdline is None or marker in cmdline


def read_pid(pid_file: Path, marker: str) -> int | None:
    """The live pid recorded in pid_file; a stale or garbled pid file is removed."""
    try:
        pid = int(pid_file.read_text().strip())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        pid = -1
    if pid > 0 and pid_alive(pid, marker):
        return pid
    log.info("removing stale pid file %s", pid_file)
    pid_file.unlink(missing_ok=True)
    return None


def as_user(user: str | None) -> dict[str, Any]:
    """subprocess keyword arguments that run a child as user (its group, no extra groups);
    none when user is None. Switching needs root."""
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start_detached(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str],
    log_file: Path,
    pid_file: Path,
    cwd: Path,
    user: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start cmd in its own session (it survives us), output appended to log_file; as user
    when given (a server that refuses to run as root)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as out:
        out.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} start: {cmd[0]}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            **as_user(user),
        )
    pid_file.write_text(f"{proc.pid}\n")
    return proc


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(pid_file: Path, marker: str, *, timeout: float = 20.0) -> bool:
    """SIGTERM the process group recorded in pid_file, SIGKILL after timeout. False if none."""
    pid = read_pid(pid_file, marker)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)  # started with start_new_session: pgid == pid
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid, marker) and not _group_alive(pid):
            break
        time.sleep(0.2)
    else:
        log.warning("pid %d still running after %.0f s: sending SIGKILL", pid, timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        time.sleep(0.5)
        pid_alive(pid, marker)  # reap
    pid_file.unlink(missing_ok=True)
    return True


def group_rss_kib(pgid: int) -> int | None:
    """Resident memory (KiB) of all processes of a process group, from /proc (Linux only)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) != pgid:  # fields[2] is pgrp
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


def wait_healthy(
    step: str,
    check: Callable[[], bool],
    *,
    alive: Callable[[], bool],
    log_file: Path,
    timeout: float,
    interval: float = 0.5,
) -> float:
    """Poll check() until True; fail early when alive() turns False. Returns seconds waited."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if not alive():
            raise StackError(
                step,
                f"the process exited during start-up. Last lines of {log_file}:\n{tail(log_file)}",
            )
        if time.monotonic() - started > timeout:
            raise StackError(
                step,
                f"not healthy after {timeout:.0f} s (the process still runs; stop it with "
                f"`infra/stack.py down`). Last lines of {log_file}:\n{tail(log_file)}",
            )
        time.sleep(interval)


@dataclass(frozen=True)
class Server:
    """What ensure_started needs to know about one server."""

    name: str
    pid_file: Path
    log_file: Path
    marker: str
    ports: Sequence[tuple[int, str]]  # (port, environment variable that changes it)
    healthy: Callable[[], bool]
    start_timeout: float


def ensure_started(server: Server, launch: Callable[[], subprocess.Popen[bytes]]) -> None:
    """Start server unless it already runs healthy; a starting one is waited for."""
    step = f"start {server.name}"
    began = time.monotonic()
    pid = read_pid(server.pid_file, server.marker)
    if pid is not None:
        try:
            wait_healthy(
                step,
                server.healthy,
                alive=lambda: pid_alive(pid, server.marker),
                log_file=server.log_file,
                timeout=server.start_timeout,
            )
            log.info("%s: already running and healthy (pid %d)", step, pid)
            return
        except StackError:
            log.warning("%s: pid %d is not healthy: restarting it", step, pid)
            stop(server.pid_file, server.marker)
    for port, var in server.ports:
        if port_in_use(port):
            raise StackError(
                step, f"port {port} is already in use by another program: set {var} to a free port"
            )
    proc = launch()
    wait_healthy(
        step,
        server.healthy,
        alive=lambda: proc.poll() is None,
        log_file=server.log_file,
        timeout=server.start_timeout,
    )
    log.info("%s: healthy in %.1f s (pid %d)", step, time.monotonic() - began, proc.pid)


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Serialise launcher runs sharing one run folder (e.g. a test restarting Kafka while
    another process runs `up`): two brokers on one data folder would corrupt it."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another infra/stack.py run (lock %s)", lock_file)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
