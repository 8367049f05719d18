"""Vectors from an OpenAI-compatible embeddings endpoint: prefixes, batches, normalisation,
the cache keyed by model and prefixes, and the setting that asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from collectivia.citizen_chat.knowledge.endpoint_embeddings import EndpointEmbedder
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base


class ScriptedEndpoint:
    """Answers [len(text), 1, 0] per text and records each request."""

    def __init__(self) -> None:
        self.requests: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.requests.append(list(texts))
        return [[float(len(text)), 1.0, 0.0] for text in texts]


def test_passages_and_queries_carry_their_prefixes_and_come_back_normalised() -> None:
    endpoint = ScriptedEndpoint()
    embedder = EndpointEmbedder(endpoint, "e5-large", batch_size=2)
    assert embedder.dim == 3
    vectors = embedder.embed_passages(["a", "bb", "ccc"])
    assert endpoint.requests[1:] == [["passage: a", "passage: bb"], ["passage: ccc"]]
    assert vectors.shape == (3, 3) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    query = embedder.embed_query("horaires")
    assert endpoint.requests[-1] == ["query: horaires"]
    assert query.shape == (3,) and np.isclose(np.linalg.norm(query), 1.0)
    assert embedder.embed_passages([]).shape == (0, 3)


def test_another_model_or_prefix_never_shares_cached_vectors() -> None:
    endpoint = ScriptedEndpoint()
    ids = {
        EndpointEmbedder(endpoint, "e5-large").model_id,
        EndpointEmbedder(endpoint, "bge-m3").model_id,
        EndpointEmbedder(endpoint, "e5-large", query_prefix="", passage_prefix="").model_id,
    }
    assert len(ids) == 3


def test_the_endpoint_setting_needs_a_model_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_EMBEDDINGS", "endpoint")
    settings = KnowledgeSettings(embedding_cache=tmp_path / "v.db", qdrant_path=tmp_path / "q")
    assert settings.embeddings == "endpoint"
    with pytest.raises(ValueError, match="COLLECTIVIA_GENERATION_BASE_URL"):
        open_knowledge_base(settings)
    base, encoder = open_knowledge_base(settings, ScriptedEndpoint(), "e5-large")
    try:
        assert isinstance(encoder, EndpointEmbedder)
        assert base.embedder.model_id == encoder.model_id and base.embedder.dim == 3
    finally:
        base.close()
