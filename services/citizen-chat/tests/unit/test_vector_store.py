from __future__ import annotations

import numpy as np

from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore


def _unit(i: int, dim: int = 4) -> np.ndarray:
    vector = np.zeros((1, dim), dtype=np.float32)
    vector[0, i] = 1.0
    return vector


def test_the_store_filters_by_commune_and_replaces_versions() -> None:
    store = QdrantVectorStore(4)
    store.replace_document("shared", "v1", [], _unit(0))
    store.replace_document("lyon", "v1", ["69123"], _unit(0))
    store.replace_document("paris", "v1", ["75056"], _unit(0))
    query = _unit(0)[0]
    assert {h.document_id for h in store.search(query, "69123", 10)} == {"shared", "lyon"}
    assert {h.document_id for h in store.search(query, None, 10)} == {"shared"}
    store.replace_document("lyon", "v2", ["69123"], np.concatenate([_unit(1), _unit(2)]))
    assert store.count() == 4
    lyon = [h for h in store.search(_unit(2)[0], "69123", 10) if h.document_id == "lyon"]
    assert (lyon[0].chunk_index, round(lyon[0].score, 3)) == (1, 1.0)
    store.remove_document("lyon")
    assert {h.document_id for h in store.search(query, "69123", 10)} == {"shared"}
