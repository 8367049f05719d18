"""Chunk vectors in Qdrant: embedded local mode by default, a Qdrant server when a URL is set.

Local mode allows one process per storage folder: the process that owns the knowledge base.
That process holds an exclusive OS lock (``flock``) on a file in the folder for as long as the
store is open; any other opening, in another process or the same one, fails at once with
:class:`VectorStoreLocked`, naming the folder and the owner's pid, before Qdrant touches the
files. A Qdrant server (``url``) serves several processes and takes no lock.
Each point carries its document id, version, chunk index and commune scope, so that a search
from a commune is filtered to that commune's documents and the shared ones. A Qdrant server
evaluates that filter in its index. The embedded mode evaluates a filter in pure Python on
every point of the collection, while it scores every vector with numpy anyway: on the 2,400
points of the evaluation corpus, 18 ms with the filter against 4 ms without it
(``tests/bench/bench_retrieval.py``). There, the search asks for the nearest points without the
filter and drops the ones the commune may not see (``filter_after``): ``OVERFETCH`` times the
limit first, then ``OVERFETCH`` times more while that leaves fewer than the limit and the
collection has more points. The result is exactly what the filtered search returns: the
nearest visible points.
Searches run together; a write (which the embedded mode cannot do while it searches: its
arrays change size) waits for them and runs alone.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qdrant_client import QdrantClient, models

from collectivia.citizen_chat.knowledge.embeddings import Vector
from collectivia.citizen_chat.knowledge.read_write_lock import ReadWriteLock

_NAMESPACE = uuid.UUID("6f1c1a52-3f0e-4c55-9a51-0d1c3b7ad2b4")
# Embedded mode: points asked for per point wanted, before the commune's visibility is checked.
# An extra point costs only its payload's decoding. One query is enough while other communes'
# points are at most three quarters of the nearest ones (shared pages are most of a corpus).
OVERFETCH = 4
# In the storage folder; holds the owner's pid. Never deleted: deleting a lock file races.
OWNER_LOCK_FILE = "collectivia-owner.lock"


class VectorStoreLocked(RuntimeError):
    """The embedded store's folder is already open, by another process or this one."""

    def __init__(self, folder: Path, owner_pid: int | None) -> None:
        owner = f"process {owner_pid}" if owner_pid is not None else "another process"
        if owner_pid == os.getpid():
            owner += " (this process)"
        super().__init__(
            f"the embedded Qdrant store {folder} is locked by {owner}: one process owns it. "
            "Stop that process, give this one its own COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH, "
            "or share a Qdrant server (COLLECTIVIA_CITIZEN_CHAT_QDRANT_URL)."
        )
        self.folder = folder
        self.owner_pid = owner_pid


class _FolderLock:
    """An exclusive ``flock`` on the folder's owner file, released by :meth:`release` or
    when the process ends (the OS drops it, even on a crash)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / OWNER_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _pid_in(fd)
            os.close(fd)
            raise VectorStoreLocked(folder.resolve(), owner) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _pid_in(fd: int) -> int | None:
    """The pid the owner wrote; None while it has not written it yet."""
    text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class DenseHit:
    document_id: str
    chunk_index: int
    score: float


class QdrantVectorStore:
    def __init__(
        self,
        dim: int,
        *,
        path: Path | str | None = None,
        url: str | None = None,
        collection: str = "citizen-chat-chunks",
    ) -> None:
        self.collection = collection
        self._access = ReadWriteLock()
        # Taken before Qdrant opens the folder; a server URL takes precedence over a path.
        self._lock = _FolderLock(Path(path)) if path is not None and not url else None
        # True: the commune's visibility is checked here on the nearest points (the default in
        # embedded mode); False: Qdrant's payload filter (a server's index, or a comparison).
        self.filter_after = not url
        try:
            self._client = _open_client(path, url)
            if not self._client.collection_exists(collection):
                self._client.create_collection(
                    collection,
                    vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
                )
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    def replace_document(
        self,
        document_id: str,
        version: str,
        communes: Sequence[str],
        vectors: Vector,
    ) -> None:
        """Write the new version's points, then drop every point of older versions."""
        points = [
            models.PointStruct(
                id=str(uuid.uuid5(_NAMESPACE, f"{document_id}\n{version}\n{index}")),
                vector=vectors[index].tolist(),
                payload={
                    "document_id": document_id,
                    "version": version,
                    "chunk": index,
                    "communes": list(communes),
                    "shared": not communes,
                },
            )
            for index in range(len(vectors))
        ]
        stale = models.Filter(
            must=[_match("document_id", document_id)],
            must_not=[_match("version", version)],
        )
        with self._access.writing():
            if points:
                self._client.upsert(self.collection, points=points)
            self._client.delete(
                self.collection, points_selector=models.FilterSelector(filter=stale)
            )

    def remove_document(self, document_id: str) -> None:
        selector = models.FilterSelector(
            filter=models.Filter(must=[_match("document_id", document_id)])
        )
        with self._access.writing():
            self._client.delete(self.collection, points_selector=selector)

    def search(self, vector: Vector, commune: str | None, limit: int) -> list[DenseHit]:
        """The ``limit`` points nearest to ``vector`` among those ``commune`` may see (its own
        documents and the shared ones; None: the shared ones only)."""
        if not self.filter_after:
            scope: list[models.Condition] = [_match("shared", True)]
            if commune is not None:
                scope.append(_match("communes", commune))
            points = self._nearest(vector, models.Filter(should=scope), limit)
            return [_hit(point) for point in points]
        if limit <= 0:
            return []
        fetch = limit * OVERFETCH
        while True:
            points = self._nearest(vector, None, fetch)
            visible = [_hit(p) for p in points if _visible(p.payload or {}, commune)]
            if len(visible) >= limit or len(points) < fetch:
                return visible[:limit]
            fetch *= OVERFETCH

    def _nearest(
        self, vector: Vector, query_filter: models.Filter | None, limit: int
    ) -> list[models.ScoredPoint]:
        with self._access.reading():
            response = self._client.query_points(
                self.collection,
                query=vector.tolist(),
                query_filter=query_filter,
                limit=limit,
                with_payload=["document_id", "chunk", "communes", "shared"],
            )
        return response.points

    def count(self) -> int:
        with self._access.reading():
            return self._client.count(self.collection).count

    def close(self) -> None:
        """Close the client, then let another process own the folder."""
        with self._access.writing():
            self._client.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _visible(payload: dict[str, object], commune: str | None) -> bool:
    """The rule of the server-side filter: shared, or one of the commune's own points."""
    if payload.get("shared") is True:
        return True
    communes = payload.get("communes")
    return commune is not None and isinstance(communes, list) and commune in communes


def _hit(point: models.ScoredPoint) -> DenseHit:
    payload = point.payload or {}
    return DenseHit(str(payload["document_id"]), int(payload["chunk"]), point.score)


def _open_client(path: Path | str | None, url: str | None) -> QdrantClient:
    if url:
        return QdrantClient(url=url)
    if path is not None:
        return QdrantClient(path=str(path))
    return QdrantClient(location=":memory:")


def _match(key: str, value: str | bool) -> models.FieldCondition:
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))


def ensure_folder_free(folder: Path) -> None:
    """Raise :class:`VectorStoreLocked` when another process owns ``folder`` (checked before
    starting worker processes, one of which will own it)."""
    _FolderLock(folder).release()
