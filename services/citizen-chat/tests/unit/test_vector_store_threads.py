"""The vector store searched from many threads while another writes: the embedded Qdrant
cannot do both at once (its arrays change size), the store's read-write lock sees to it."""

from __future__ import annotations

import threading

import numpy as np

from collectivia.citizen_chat.knowledge.embeddings import Vector
from collectivia.citizen_chat.knowledge.read_write_lock import ReadWriteLock
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore

DIM = 32


def _vectors(rng: np.random.Generator, count: int) -> Vector:
    raw = rng.normal(size=(count, DIM)).astype(np.float32)
    vectors: Vector = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    return vectors


def test_searches_during_writes_never_fail() -> None:
    rng = np.random.default_rng(7)
    store = QdrantVectorStore(DIM)
    for number in range(100):
        store.replace_document(f"d{number}", "v0", (), _vectors(rng, 8))
    queries = _vectors(rng, 50)
    failures: list[BaseException] = []
    writing = threading.Event()

    def search() -> None:
        writing.wait()
        while writing.is_set():
            for query in queries:
                try:
                    store.search(query, None, 50)
                except Exception as error:  # collected: the test fails below
                    failures.append(error)
                    return

    readers = [threading.Thread(target=search) for _ in range(3)]
    for reader in readers:
        reader.start()
    writing.set()
    for round_ in range(24):
        if round_ % 4 == 0:
            store.remove_document(f"d{round_}")
        store.replace_document(f"d{round_}", f"v{round_ + 1}", (), _vectors(rng, 3 + round_ % 9))
    writing.clear()
    for reader in readers:
        reader.join()
    store.close()
    assert failures == []


def test_a_writer_waits_for_the_readers_and_new_readers_wait_for_it() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    writer_waiting, second_reader_waiting = threading.Event(), threading.Event()

    def writer() -> None:
        writer_waiting.set()
        with lock.writing():
            order.append("write")

    def late_reader() -> None:
        second_reader_waiting.set()
        with lock.reading():
            order.append("late read")

    with lock.reading():
        threads = [threading.Thread(target=writer)]
        threads[0].start()
        writer_waiting.wait()
        # The writer is queued (or about to be); a reader arriving now waits behind it.
        while not lock._writers_waiting:
            threading.Event().wait(0.001)
        threads.append(threading.Thread(target=late_reader))
        threads[1].start()
        second_reader_waiting.wait()
        order.append("first read")
    for thread in threads:
        thread.join()
    assert order == ["first read", "write", "late read"]
