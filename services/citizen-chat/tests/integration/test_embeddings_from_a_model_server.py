"""The knowledge base embedding through a real OpenAI-compatible server (llama.cpp's, with the
small packaged model: its vectors are poor, so only the plumbing and the commune scoping are
checked, with the lexical retriever carrying relevance)."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectivia.ai.generation import GenerationClient
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.endpoint_embeddings import EndpointEmbedder
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.testkit.llm_server import GenerationServer

pytestmark = [pytest.mark.integration, pytest.mark.generation_model]


def test_documents_are_embedded_by_the_endpoint_and_found_again(
    generation_server: GenerationServer, tmp_path: Path
) -> None:
    settings = KnowledgeSettings(
        embeddings="endpoint", embedding_cache=tmp_path / "v.db", qdrant_path=tmp_path / "q"
    )
    with GenerationClient(generation_server.settings()) as client:
        base, encoder = open_knowledge_base(settings, client, "smollm2-135m-instruct")
        try:
            assert isinstance(encoder, EndpointEmbedder) and encoder.dim > 0
            report = base.ingest(
                [
                    Document(
                        id="piscine",
                        title="Piscine municipale",
                        text="La piscine est ouverte du lundi au samedi de 9 h à 20 h.",
                    ),
                    Document(
                        id="dechets",
                        title="Collecte des déchets",
                        text="Les bacs jaunes sont collectés le mardi matin.",
                        communes=("57480",),
                    ),
                ]
            )
            assert report.added == 2
            hits = base.search("horaires de la piscine", commune="57463")
            assert [hit.document.id for hit in hits] == ["piscine"]
        finally:
            base.close()
