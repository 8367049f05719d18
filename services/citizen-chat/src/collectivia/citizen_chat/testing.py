"""Test helpers: a fast, deterministic stand-in for the encoder that counts what it embeds."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.embeddings import Vector


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
