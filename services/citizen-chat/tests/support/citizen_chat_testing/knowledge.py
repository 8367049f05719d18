"""A fast, deterministic stand-in for the encoder that counts what it embeds, and a small
sample knowledge base built on it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

import numpy as np

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.embeddings import Vector
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore


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


METZ, MONTIGNY = "57463", "57480"

# A few pages of a demo metropolis for the chat's unit tests (fake encoder: fast).
SAMPLE_DOCUMENTS = [
    Document(
        id="mairie-metz",
        title="Horaires de l'hôtel de ville de Metz",
        text=(
            "Horaires\n"
            "L'hôtel de ville de Metz accueille le public du lundi au vendredi "
            "de 8 h 30 à 17 h 30.\n"
            "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil."
        ),
        url="https://demo.example/metz/horaires",
        licence="Licence Ouverte 2.0",
        theme="Mairie > Horaires",
        published=date(2026, 1, 5),
        communes=(METZ,),
    ),
    Document(
        id="mairie-montigny",
        title="Horaires de la mairie de Montigny-lès-Metz",
        text="La mairie de Montigny-lès-Metz est ouverte du lundi au vendredi de 8 h à 12 h.",
        communes=(MONTIGNY,),
        published=date(2026, 1, 5),
    ),
    Document(
        id="decheteries",
        title="Les déchèteries de la métropole",
        text=(
            "Les déchèteries sont ouvertes du lundi au samedi de 9 h à 18 h.\n"
            "Les déchèteries acceptent les gravats, le bois, les métaux et le carton."
        ),
        url="https://demo.example/decheteries",
        licence="Licence Ouverte 2.0",
        published=date(2020, 3, 1),
    ),
    Document(
        id="macaron",
        title="Le macaron de stationnement résidentiel",
        text=(
            "Le macaron résidentiel se demande au service du stationnement avec la carte grise.\n"
            "Le service du stationnement examine chaque demande et décide de l'attribution."
        ),
        published=date(2026, 2, 1),
    ),
]


def sample_knowledge_base(documents: list[Document] | None = None) -> KnowledgeBase:
    """The sample pages in an in-memory knowledge base on the counting fake encoder."""
    embedder = CountingEmbedder()
    base = KnowledgeBase(embedder, QdrantVectorStore(embedder.dim), RetrievalSettings())
    base.ingest(SAMPLE_DOCUMENTS if documents is None else documents)
    return base
