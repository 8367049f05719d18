"""One process owns an embedded Qdrant store: an OS lock on its folder, checked with real
second processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore, VectorStoreLocked

OPEN_STORE = """
import sys
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
store = QdrantVectorStore(4, path=sys.argv[1])
print("open", store.count(), flush=True)
sys.stdin.readline()
store.close()
"""


def run_opener(folder: Path) -> subprocess.CompletedProcess[str]:
    """Another process opens the store, closes it and exits."""
    return subprocess.run(  # noqa: S603 - this interpreter, with the script above
        [sys.executable, "-c", OPEN_STORE, str(folder)],
        input="\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the store at tmp_path/q until its stdin is closed."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, with the script above
        [sys.executable, "-c", OPEN_STORE, str(tmp_path / "q")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "open 0"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)


def test_another_process_cannot_open_the_store_this_one_owns(tmp_path: Path) -> None:
    store = QdrantVectorStore(4, path=tmp_path / "q")
    store.replace_document("doc", "v1", [], np.ones((1, 4), dtype=np.float32))
    refused = run_opener(tmp_path / "q")
    assert refused.returncode != 0
    assert "VectorStoreLocked" in refused.stderr
    assert f"{(tmp_path / 'q').resolve()} is locked by process {os.getpid()}" in refused.stderr
    store.close()

    allowed = run_opener(tmp_path / "q")
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.strip() == "open 1"


def test_the_error_names_the_owner_and_its_end_frees_the_folder(
    tmp_path: Path, owner: subprocess.Popen[str]
) -> None:
    with pytest.raises(VectorStoreLocked) as caught:
        QdrantVectorStore(4, path=tmp_path / "q")
    assert caught.value.owner_pid == owner.pid
    assert caught.value.folder == (tmp_path / "q").resolve()
    assert f"locked by process {owner.pid}:" in str(caught.value)
    # Killed, not closed: the OS drops the lock of a process that dies.
    owner.kill()
    owner.wait(30)
    store = QdrantVectorStore(4, path=tmp_path / "q")
    assert store.count() == 0
    store.close()


def test_a_second_opening_in_the_same_process_is_refused_too(tmp_path: Path) -> None:
    store = QdrantVectorStore(4, path=tmp_path / "q")
    with pytest.raises(VectorStoreLocked, match=r"\(this process\)"):
        QdrantVectorStore(4, path=tmp_path / "q")
    store.close()
    store.close()  # closing twice is harmless
    again = QdrantVectorStore(4, path=tmp_path / "q")
    assert again.count() == 0
    again.close()


def test_the_chat_refuses_to_start_on_a_store_another_process_owns(tmp_path: Path) -> None:
    store = QdrantVectorStore(384, path=tmp_path / "q")
    store.replace_document("doc", "v1", [], np.ones((2, 384), dtype=np.float32))
    env = {
        **os.environ,
        "COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH": str(tmp_path / "q"),
        "COLLECTIVIA_CITIZEN_CHAT_EMBEDDING_CACHE": str(tmp_path / "embeddings.db"),
        "COLLECTIVIA_CITIZEN_CHAT_DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}",
        "COLLECTIVIA_CITIZEN_CHAT_HTTP_PORT": "0",
        "COLLECTIVIA_CITIZEN_CHAT_GRPC_PORT": "0",
    }
    env.pop("COLLECTIVIA_CITIZEN_CHAT_KNOWLEDGE_DIR", None)
    try:
        started = subprocess.run(
            [sys.executable, "-m", "collectivia.citizen_chat.main"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert store.count() == 2  # untouched
    finally:
        store.close()
    assert started.returncode != 0
    assert "refusing to start" in started.stderr
    assert f"{(tmp_path / 'q').resolve()} is locked by process {os.getpid()}" in started.stderr
