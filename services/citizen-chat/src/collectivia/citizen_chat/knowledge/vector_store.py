"""Chunk vectors in Qdrant: embedded local mode by default, a Qdrant server when a URL is set.

Local mode allows one process per storage folder: the process that owns the knowledge base.
That process holds an exclusive OS lock (``flock``) on a file in the folder for as long as the
store is open; any other opening, in another process or the same one, fails at once with
:class:`VectorStoreLocked`, naming the folder and the owner's pid, before Qdrant touches the
files. A Qdrant server (``url``) serves several processes and takes no lock.
Each point carries its document id, version, chunk index and commune scope, so that a search
from a commune is filtered to that commune's documents and the shared ones. A Qdrant server
evaluates that filter in its index. The embedded mode evaluates a filter in pure Python on
every point, and builds a result and deep-copies a payload for each point it returns: there
(``filter_after``), the store also keeps its points in a matrix of its own (``nearest.py``:
those it writes, and at opening those the folder kept) and searches that instead — the
nearest points the commune may see, exactly what the filtered search returns, in about a
millisecond instead of tens
(``tests/bench/bench_retrieval.py`` times both ways).
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

import numpy as np
from qdrant_client import QdrantClient, models

from collectivia.citizen_chat.knowledge.embeddings import Vector
from collectivia.citizen_chat.knowledge.nearest import PointMatrix
from collectivia.citizen_chat.knowledge.read_write_lock import ReadWriteLock

_NAMESPACE = uuid.UUID("6f1c1a52-3f0e-4c55-9a51-0d1c3b7ad2b4")
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
        # True: searched in this process's matrix, the commune's visibility checked on the
        # nearest points (the default in embedded mode); False: Qdrant's search and payload
        # filter (a server's index, or a comparison).
        self.filter_after = not url
        # Embedded mode: the points mirrored in this process's matrix, searched there.
        self._matrix = PointMatrix(dim) if self.filter_after else None
        try:
            self._client = _open_client(path, url)
            if not self._client.collection_exists(collection):
                self._client.create_collection(
                    collection,
                    vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
                )
            elif self._matrix is not None:
                self._load_matrix()
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
            if self._matrix is not None:
                self._matrix.replace(document_id, communes, vectors)

    def remove_document(self, document_id: str) -> None:
        selector = models.FilterSelector(
            filter=models.Filter(must=[_match("document_id", document_id)])
        )
        with self._access.writing():
            self._client.delete(self.collection, points_selector=selector)
            if self._matrix is not None:
                self._matrix.remove(document_id)

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
        assert self._matrix is not None  # filter_after: the embedded mode mirrors its points
        with self._access.reading():
            nearest = self._matrix.nearest(vector, commune, limit)
        return [DenseHit(n.point.document_id, n.point.chunk_index, n.score) for n in nearest]

    def _load_matrix(self) -> None:
        """The points a folder kept from an earlier run, into this process's matrix: searched
        at once, before anything is written again."""
        assert self._matrix is not None
        by_document: dict[str, list[tuple[int, Vector]]] = {}
        communes: dict[str, list[str]] = {}
        offset = None
        while True:
            records, offset = self._client.scroll(
                self.collection, limit=1000, offset=offset, with_payload=True, with_vectors=True
            )
            for record in records:
                payload = record.payload or {}
                document_id = str(payload["document_id"])
                # One unnamed dense vector per point (the collection's own configuration).
                vector = np.asarray(record.vector, dtype=np.float32)
                by_document.setdefault(document_id, []).append((int(payload["chunk"]), vector))
                scope = payload.get("communes")
                communes[document_id] = [str(c) for c in scope] if isinstance(scope, list) else []
            if offset is None:
                break
        for document_id, chunks in by_document.items():
            chunks.sort(key=lambda chunk: chunk[0])
            vectors = np.asarray([vector for _, vector in chunks], dtype=np.float32)
            self._matrix.replace(document_id, communes[document_id], vectors)

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
