"""The embedded store's points in one matrix of this process, searched with numpy.

Qdrant's embedded mode searches in Python: for each of the hundreds of points a search reads
it builds a result object and decodes and deep-copies its payload, about a fifth of a
question's CPU while the cosines themselves take a millisecond. The same points are kept
here, normalised as Qdrant stores them, with what each point is (document, chunk, communes):
a search is one matrix product and a sort. Qdrant keeps the folder (its persistence, a server
when a URL is set); this matrix only mirrors what this process wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from collectivia.citizen_chat.knowledge.embeddings import Vector

# Qdrant's guard against a zero norm (qdrant_client.local.distances.EPSILON).
_EPSILON = 1.1920929e-07


@dataclass(frozen=True)
class Point:
    document_id: str
    chunk_index: int
    # Empty: shared by every commune.
    communes: frozenset[str]

    def visible_from(self, commune: str | None) -> bool:
        """The rule of the server-side filter: shared, or one of the commune's own points."""
        return not self.communes or (commune is not None and commune in self.communes)


@dataclass(frozen=True)
class Nearest:
    point: Point
    score: float


class PointMatrix:
    """Points by document; a write replaces the arrays whole (the store's writes run alone)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        # Normalised in single precision as Qdrant stores them, kept in double: a search
        # scores in double (the query is), and converting the matrix at each search cost
        # several times the product itself. 2,400 points: 7 MiB.
        self._vectors: npt.NDArray[np.float64] = np.zeros((0, dim), dtype=np.float64)
        self._points: list[Point] = []

    def __len__(self) -> int:
        return len(self._points)

    def replace(self, document_id: str, communes: Sequence[str], vectors: Vector) -> None:
        """The document's points become ``vectors`` (chunk 0 first), older ones go."""
        keep = [i for i, point in enumerate(self._points) if point.document_id != document_id]
        scope = frozenset(communes)
        added = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        stored = [_stored(vector).astype(np.float64) for vector in added]
        self._vectors = np.concatenate([self._vectors[keep], *stored])
        self._points = [self._points[i] for i in keep] + [
            Point(document_id, index, scope) for index in range(len(added))
        ]

    def remove(self, document_id: str) -> None:
        keep = [i for i, point in enumerate(self._points) if point.document_id != document_id]
        if len(keep) < len(self._points):
            self._vectors = self._vectors[keep]
            self._points = [self._points[i] for i in keep]

    def nearest(self, vector: Vector, commune: str | None, limit: int) -> list[Nearest]:
        """The ``limit`` points nearest to ``vector`` by cosine among those ``commune`` sees."""
        vectors, points = self._vectors, self._points
        if limit <= 0 or not points:
            return []
        # As Qdrant scores: the query in double precision (it reads it from a list of floats).
        query = np.asarray(vector, dtype=np.float64)
        norm = np.linalg.norm(query)
        scores = np.dot(vectors, query / (norm if norm != 0.0 else _EPSILON))
        found: list[Nearest] = []
        for index in np.argsort(scores)[::-1]:
            point = points[index]
            if point.visible_from(commune):
                found.append(Nearest(point, float(scores[index])))
                if len(found) >= limit:
                    break
        return found


def _stored(vector: Vector) -> Vector:
    """A vector as Qdrant stores it in a cosine collection: divided by its norm."""
    norm = np.linalg.norm(vector)
    stored: Vector = (vector / norm if norm > _EPSILON else vector).reshape(1, -1)
    return stored
