"""The chat served by several worker processes (``COLLECTIVIA_CITIZEN_CHAT_WORKERS``): one
HTTP socket shared by uvicorn's workers, one gRPC port bound by each (``SO_REUSEPORT``).

Each worker answers from its own copy of the knowledge base: answering is mostly Python
under one GIL, so only processes use several cores, and the index of the 393-page corpus
costs a worker about 200 MiB (chunks, BM25, the embedded store's points), a worker about
700 MiB in all (``tests/bench/bench_chat_crowd.py`` prints each process's memory). The
database is the library's truth: every worker follows it (``library/following.py``).

A worker claims a slot at start (an exclusive ``flock``, released by the OS when it dies, so
that a restarted worker takes the free slot). Slot 0, the primary, does what must happen
once: it owns the embedded Qdrant folder, takes the start-up folder in, indexes the imports,
consumes the service's events under the service's consumer group, purges old
conversations. The other slots, followers, keep their vectors in memory and consume only
the register's status changes, under a group of their own, so that each drops its cached
gate decision at once.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collectivia.platform.areas import Area, Worker
from collectivia.platform.definition import ServiceDefinition

# Areas whose event handlers change what each process holds in memory: every worker needs
# them (the gate's cached decisions); the others' events are applied once, to the database.
EVERY_WORKER_CONSUMES = frozenset({"ai-use"})
# Background work done once for the whole service, by the primary.
PRIMARY_ONLY_WORKERS = frozenset({"library-indexing", "retention-purge"})
# The most worker processes; more would only share the same cores.
MAX_WORKERS = 16
# In the slots' folder: the primary took the start-up folder in (see announce_restored).
RESTORED_MARK = "library-restored"


@dataclass(frozen=True)
class WorkerRole:
    """This process's slot among ``workers`` (0: the primary), claimed in ``folder``."""

    slot: int = 0
    workers: int = 1
    folder: Path | None = None

    @property
    def primary(self) -> bool:
        return self.slot == 0

    @property
    def shared(self) -> bool:
        """Other workers serve beside this one: the library's changes must be followed."""
        return self.workers > 1


class NoFreeSlot(RuntimeError):
    """Every slot is held: more processes than ``workers`` were started on one folder."""


def worker_count(setting: int, cpus: int | None = None) -> int:
    """``setting`` processes; 0: one per core, at most 4 (a CPU-bound server gains nothing
    from more processes than cores, and each holds its own index)."""
    if setting > 0:
        return min(setting, MAX_WORKERS)
    return max(1, min(cpus if cpus is not None else _usable_cores(), 4))


def _usable_cores() -> int:
    """The cores this process may run on (a container's share), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class SlotClaim:
    """The slot a process holds, kept until :meth:`release` or the process's end."""

    def __init__(self, role: WorkerRole, fd: int | None) -> None:
        self.role = role
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def claim_slot(folder: Path, workers: int) -> SlotClaim:
    """The first free slot of ``folder`` among ``workers``; one worker needs no claim."""
    if workers <= 1:
        return SlotClaim(WorkerRole(), None)
    folder.mkdir(parents=True, exist_ok=True)
    for slot in range(workers):
        fd = os.open(folder / f"worker-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return SlotClaim(WorkerRole(slot, workers, folder), fd)
    raise NoFreeSlot(f"the {workers} worker slots of {folder} are all held")


def announce_restored(role: WorkerRole) -> None:
    """The primary took the start-up folder in: the followers may load the library. The
    mark names the server (the workers' common parent), so that a mark left by an earlier
    server is never taken for this one's."""
    if role.folder is not None:
        mark = role.folder / RESTORED_MARK
        mark.with_suffix(".tmp").write_text(f"{os.getppid()}\n", encoding="ascii")
        mark.with_suffix(".tmp").replace(mark)


def wait_until_restored(
    role: WorkerRole,
    *,
    timeout: float = 3600.0,
    interval: float = 0.5,
    primary_gone_after: float = 30.0,
) -> bool:
    """Wait until this server's primary has taken the start-up folder in (a first start
    embeds it: minutes); False after ``timeout``, or once no process has held the primary's
    slot for ``primary_gone_after`` seconds (it failed to start: the server is stopping, or
    uvicorn has not replaced it). The follower then starts from what the table holds."""
    if role.folder is None:
        return True
    mark = role.folder / RESTORED_MARK
    wanted = str(os.getppid())
    deadline = time.monotonic() + timeout
    gone_since: float | None = None
    while time.monotonic() < deadline:
        try:
            if mark.read_text(encoding="ascii").strip() == wanted:
                return True
        except OSError:
            pass  # not written yet
        if _slot_held(role.folder, 0):
            gone_since = None
        elif gone_since is None:
            gone_since = time.monotonic()
        elif time.monotonic() - gone_since > primary_gone_after:
            return False
        time.sleep(interval)
    return False


def _slot_held(folder: Path, slot: int) -> bool:
    try:
        fd = os.open(folder / f"worker-{slot}.lock", os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock just taken
    return False


def slots_folder(qdrant_path: Path) -> Path:
    """Beside the embedded store's folder: one set of slots per service instance."""
    return qdrant_path.parent / f"{qdrant_path.name}.workers"


def follower_definition(
    definition: ServiceDefinition[Any], following: Worker[Any], library_area: str = "library"
) -> ServiceDefinition[Any]:
    """``definition`` as a follower runs it: only the subscriptions of
    ``EVERY_WORKER_CONSUMES``, none of ``PRIMARY_ONLY_WORKERS``; the library follows."""
    return dataclasses.replace(
        definition,
        areas=tuple(_as_follower(area, following, library_area) for area in definition.areas),
    )


def with_following(
    definition: ServiceDefinition[Any], following: Worker[Any], library_area: str = "library"
) -> ServiceDefinition[Any]:
    """``definition`` as the primary runs it beside followers: the library follows too (a
    document withdrawn or imported through another worker)."""
    areas = [
        dataclasses.replace(area, workers=(*area.workers, following))
        if area.name == library_area
        else area
        for area in definition.areas
    ]
    return dataclasses.replace(definition, areas=tuple(areas))


def _as_follower(area: Area[Any], following: Worker[Any], library_area: str) -> Area[Any]:
    workers: Sequence[Worker[Any]] = [
        worker for worker in area.workers if worker.name not in PRIMARY_ONLY_WORKERS
    ]
    if area.name == library_area:
        workers = [*workers, following]
    subscriptions = area.subscriptions if area.name in EVERY_WORKER_CONSUMES else ()
    return dataclasses.replace(area, workers=tuple(workers), subscriptions=subscriptions)
