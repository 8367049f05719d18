from __future__ import annotations

from pathlib import Path

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


def _near(angle: float) -> np.ndarray:
    """A unit vector in the plane of the first two axes, ``angle`` radians from the first."""
    vector = np.zeros((1, 4), dtype=np.float32)
    vector[0, 0], vector[0, 1] = np.cos(angle), np.sin(angle)
    return vector


def test_another_communes_points_never_come_back_even_when_they_are_the_nearest() -> None:
    store = QdrantVectorStore(4)
    # 50 points of Paris nearer to the query than anything Lyon may see: the embedded store's
    # first over-fetch (4 x 3 points) holds only Paris points, so it must ask again.
    paris = np.concatenate([_near(0.001 * i) for i in range(50)])
    store.replace_document("paris", "v1", ["75056"], paris)
    store.replace_document("lyon", "v1", ["69123"], np.concatenate([_near(0.2), _near(0.3)]))
    store.replace_document("shared", "v1", [], np.concatenate([_near(0.25), _near(0.4)]))
    query = _unit(0)[0]
    hits = store.search(query, "69123", 3)
    assert [(h.document_id, h.chunk_index) for h in hits] == [
        ("lyon", 0),
        ("shared", 0),
        ("lyon", 1),
    ]
    assert [h.document_id for h in store.search(query, None, 3)] == ["shared", "shared"]
    assert {h.document_id for h in store.search(query, "75056", 60)} == {"paris", "shared"}
    assert not any(h.document_id == "paris" for h in store.search(query, "69123", 100))


def test_filtering_the_nearest_points_returns_what_qdrants_filter_returns() -> None:
    store = QdrantVectorStore(4)
    rng = np.random.default_rng(7)
    scopes: list[list[str]] = [[], ["69123"], ["75056"], ["69123", "75056"]]
    for i in range(40):
        vectors = rng.normal(size=(3, 4)).astype(np.float32)
        store.replace_document(f"doc-{i}", "v1", scopes[i % 4], vectors)
    assert store.filter_after  # embedded mode
    for commune in ("69123", "75056", "13055", None):
        for limit in (1, 5, 30, 200):
            query = rng.normal(size=4).astype(np.float32)
            store.filter_after = True
            after = store.search(query, commune, limit)
            store.filter_after = False
            filtered = store.search(query, commune, limit)
            assert [(h.document_id, h.chunk_index) for h in after] == [
                (h.document_id, h.chunk_index) for h in filtered
            ]


def test_a_folder_reopened_is_searched_as_before_it_was_closed(tmp_path: Path) -> None:
    """The matrix searched in embedded mode is filled from the folder's points at opening,
    not only from what this process writes."""
    rng = np.random.default_rng(11)
    store = QdrantVectorStore(4, path=tmp_path)
    for i in range(12):
        scope = [[], ["69123"], ["75056"]][i % 3]
        store.replace_document(f"doc-{i}", "v1", scope, rng.normal(size=(2, 4)).astype(np.float32))
    queries = rng.normal(size=(5, 4)).astype(np.float32)
    before = [store.search(q, c, 6) for q in queries for c in ("69123", None)]
    store.close()
    reopened = QdrantVectorStore(4, path=tmp_path)
    try:
        after = [reopened.search(q, c, 6) for q in queries for c in ("69123", None)]
    finally:
        reopened.close()
    assert [[(h.document_id, h.chunk_index) for h in hits] for hits in after] == [
        [(h.document_id, h.chunk_index) for h in hits] for hits in before
    ]
    assert all(after)
