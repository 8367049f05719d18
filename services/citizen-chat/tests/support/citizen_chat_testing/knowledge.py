"""A fast, deterministic stand-in for the encoder that counts what it embeds, and a small
sample knowledge base built on it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import Vector
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata, read_upload
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.testkit.knowledge_pages import SAMPLE_PAGES


class CountingEmbedder:
    """Hashed bag of stems, L2-normalised: similar words give similar vectors."""

    model_id = "fake-bag-of-stems"
    dim = 64

    def __init__(self) -> None:
        self.passages_embedded = 0
        self.calls = 0

    def _vector(self, text: str) -> Vector:
        vector = np.zeros(self.dim, dtype=np.float32)
        for term in analyze(text):
            bucket = int(hashlib.sha256(term.encode()).hexdigest(), 16) % self.dim
            vector[bucket] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector + 1.0 / np.sqrt(self.dim)

    def embed_passages(self, texts: Sequence[str]) -> Vector:
        self.calls += 1
        self.passages_embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> Vector:
        return self._vector(text)


class QueryCounting(CountingEmbedder):
    """The fake encoder, remembering every query it had to embed (not served from a cache)."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> Vector:
        self.queries.append(text)
        return super().embed_query(text)


def _read(name: str, page: str) -> list[Document]:
    return read_upload(page.encode(), name, DocumentMetadata(), max_bytes=len(page) * 4).documents


# The test kit's sample pages (what other services' tests give the chat's folder), read by
# the chat's own reader: the unit tests answer from the same four pages.
SAMPLE_DOCUMENTS = [
    document for name, page in SAMPLE_PAGES.items() for document in _read(name, page)
]


def sample_knowledge_base(documents: list[Document] | None = None) -> KnowledgeBase:
    """The sample pages in an in-memory knowledge base on the counting fake encoder."""
    embedder = CountingEmbedder()
    base = KnowledgeBase(embedder, QdrantVectorStore(embedder.dim), RetrievalSettings())
    base.ingest(SAMPLE_DOCUMENTS if documents is None else documents)
    return base
