"""The knowledge area: the knowledge base the chat answers from — chunks, lexical and dense
retrieval, fusion, the optional re-ranker — with its vectors kept in Qdrant and cached by
content hash. The library (``library/area.py``) decides which documents it holds."""

from __future__ import annotations

import logging

from collectivia.ai.generation import GenerationClient
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.rerank import HttpReranker
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.citizen_chat.knowledge.vector_store import VectorStoreLocked
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.worker_processes import WorkerRole
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext

logger = logging.getLogger(__name__)


def build(context: AreaContext) -> KnowledgeBase:
    """The knowledge base a test supplied, else the one of the settings (empty until the
    library restores its documents)."""
    base = context.supplied(KnowledgeBase)
    if base is None:
        base = _opened(context)
    if isinstance(base.reranker, HttpReranker):
        context.telemetry.instrument_httpx(base.reranker.http)
    return base


def _opened(context: AreaContext) -> KnowledgeBase:
    section = context.section(KnowledgeSettings)
    generation = context.get(ChatSettings).generation
    endpoint = None
    if section.embeddings == "endpoint" and generation.enabled:
        endpoint = GenerationClient(generation, telemetry=context.telemetry)
        context.on_stop(endpoint.close)
        context.provide(endpoint)  # the answering area writes with the same client
    # Beside the primary (which owns the store's folder), a worker keeps its vectors in memory.
    role = context.supplied(WorkerRole) or WorkerRole()
    try:
        base, encoder = open_knowledge_base(
            section,
            endpoint,
            generation.embedding_model_name,
            vectors_in_memory=not role.primary,
        )
    except VectorStoreLocked as error:
        logger.error("refusing to start: %s", error)
        raise
    encoder.close()  # queries are embedded in this process; the pool is for ingestion
    return base


AREA = Area(
    name="knowledge",
    summary="The knowledge base answers come from: hybrid retrieval (BM25 and dense vectors, "
    "fused, optionally re-ranked), vectors cached by content hash.",
    build=build,
    settings=KnowledgeSettings,
    stop=KnowledgeBase.close,
)
