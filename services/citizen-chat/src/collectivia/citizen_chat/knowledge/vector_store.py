"""Chunk vectors in Qdrant: embedded local mode by default, a Qdrant server when a URL is set.

Local mode allows one process per storage folder: the process that owns the knowledge base.
Each point carries its document id, version, chunk index and commune scope, so that a search
from a commune is filtered to that commune's documents and the shared ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qdrant_client import QdrantClient, models

from collectivia.citizen_chat.knowledge.embeddings import Vector

_NAMESPACE = uuid.UUID("6f1c1a52-3f0e-4c55-9a51-0d1c3b7ad2b4")


@dataclass(frozen=True)
class DenseHit:
    document_id: str
    chunk_index: int
    score: float


class QdrantVectorStore:
    def __init__(
        self,
        dim: int,
        *,
        path: Path | str | None = None,
        url: str | None = None,
        collection: str = "citizen-chat-chunks",
    ) -> None:
        if url:
            self._client = QdrantClient(url=url)
        elif path is not None:
            self._client = QdrantClient(path=str(path))
        else:
            self._client = QdrantClient(location=":memory:")
        self.collection = collection
        if not self._client.collection_exists(collection):
            self._client.create_collection(
                collection,
                vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
            )

    def replace_document(
        self,
        document_id: str,
        version: str,
        communes: Sequence[str],
        vectors: Vector,
    ) -> None:
        """Write the new version's points, then drop every point of older versions."""
        points = [
            models.PointStruct(
                id=str(uuid.uuid5(_NAMESPACE, f"{document_id}\n{version}\n{index}")),
                vector=vectors[index].tolist(),
                payload={
                    "document_id": document_id,
                    "version": version,
                    "chunk": index,
                    "communes": list(communes),
                    "shared": not communes,
                },
            )
            for index in range(len(vectors))
        ]
        if points:
            self._client.upsert(self.collection, points=points)
        stale = models.Filter(
            must=[_match("document_id", document_id)],
            must_not=[_match("version", version)],
        )
        self._client.delete(self.collection, points_selector=models.FilterSelector(filter=stale))

    def remove_document(self, document_id: str) -> None:
        selector = models.FilterSelector(
            filter=models.Filter(must=[_match("document_id", document_id)])
        )
        self._client.delete(self.collection, points_selector=selector)

    def search(self, vector: Vector, commune: str | None, limit: int) -> list[DenseHit]:
        scope: list[models.Condition] = [_match("shared", True)]
        if commune is not None:
            scope.append(_match("communes", commune))
        response = self._client.query_points(
            self.collection,
            query=vector.tolist(),
            query_filter=models.Filter(should=scope),
            limit=limit,
            with_payload=["document_id", "chunk"],
        )
        hits: list[DenseHit] = []
        for point in response.points:
            payload = point.payload or {}
            hits.append(DenseHit(str(payload["document_id"]), int(payload["chunk"]), point.score))
        return hits

    def count(self) -> int:
        return self._client.count(self.collection).count

    def close(self) -> None:
        self._client.close()


def _match(key: str, value: str | bool) -> models.FieldCondition:
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))
