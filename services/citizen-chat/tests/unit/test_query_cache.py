"""Query vectors are kept in memory: a question asked again is not embedded again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from citizen_chat_testing.knowledge import QueryCounting
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache


def test_a_repeated_query_is_embedded_once_and_the_oldest_are_forgotten(tmp_path: Path) -> None:
    encoder = QueryCounting()
    cache = EmbeddingCache(tmp_path / "cache.db")
    embedder = CachedEmbedder(encoder, cache, query_cache_size=2)
    first = embedder.embed_query("horaires de la mairie")
    again = embedder.embed_query("horaires de la mairie")
    assert encoder.queries == ["horaires de la mairie"]
    assert np.array_equal(first, again)
    with pytest.raises(ValueError, match="read-only"):
        again[0] = 1.0  # a shared vector cannot be changed by one of its users
    embedder.embed_query("déchèteries")
    embedder.embed_query("horaires de la mairie")  # the most recent again
    embedder.embed_query("passeport")  # evicts "déchèteries", the least recent
    embedder.embed_query("déchèteries")
    assert encoder.queries == ["horaires de la mairie", "déchèteries", "passeport", "déchèteries"]
    cache.close()
