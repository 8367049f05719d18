"""The optional re-ranking step, against a real HTTP endpoint speaking the `/v1/rerank` API
(a small scripted cross-encoder served by uvicorn): it re-orders the fused documents, and any
failure keeps the fused order."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import ValidationError

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.knowledge.rerank import HttpReranker, RerankAnswerError, scores_in
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.testkit.apps import serve_in_thread
from collectivia.testkit.knowledge_pages import METZ

QUERY = "Quels sont les horaires d'ouverture ?"


class ScriptedCrossEncoder:
    """Scores a document by how often it says ``favourite``; ``behaviour`` scripts failures."""

    def __init__(self) -> None:
        self.favourite = "déchèteries"
        self.behaviour = "score"
        self.requests: list[dict[str, Any]] = []
        self.headers: list[str] = []
        self.release = threading.Event()

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/rerank")
        def rerank(body: dict[str, Any], request: Request) -> Response:
            self.requests.append(body)
            self.headers.append(request.headers.get("authorization", ""))
            if self.behaviour == "slow":
                self.release.wait(10)
            if self.behaviour == "error":
                return JSONResponse({"error": "model not loaded"}, status_code=500)
            if self.behaviour == "garbage":
                return PlainTextResponse("<html>proxy error</html>")
            scores = [doc.lower().count(self.favourite) for doc in body["documents"]]
            order = sorted(range(len(scores)), key=lambda i: -scores[i])[: body["top_n"]]
            if self.behaviour == "partial":
                order = order[:1]
            results = [{"index": i, "relevance_score": float(scores[i])} for i in order]
            return JSONResponse({"model": body.get("model", ""), "results": results})

        return app


@pytest.fixture(scope="module")
def cross_encoder() -> Iterator[tuple[ScriptedCrossEncoder, str]]:
    scripted = ScriptedCrossEncoder()
    with serve_in_thread(scripted.app()) as url:
        yield scripted, f"{url}/v1/rerank"
    scripted.release.set()


@pytest.fixture
def scripted(cross_encoder: tuple[ScriptedCrossEncoder, str]) -> Iterator[ScriptedCrossEncoder]:
    encoder = cross_encoder[0]
    encoder.behaviour, encoder.requests, encoder.headers = "score", [], []
    encoder.release.clear()
    yield encoder
    encoder.release.set()


def reranked_base(url: str, timeout_seconds: float = 5.0) -> KnowledgeBase:
    base = sample_knowledge_base()
    base.reranker = HttpReranker(
        url, model="bge-reranker-v2-m3", api_key="k-123", timeout_seconds=timeout_seconds
    )
    return base


def test_the_reranker_reorders_the_fused_documents(
    scripted: ScriptedCrossEncoder, cross_encoder: tuple[ScriptedCrossEncoder, str]
) -> None:
    fused = sample_knowledge_base().search(QUERY, METZ, k=3)
    assert fused[0].document.id == "mairie-metz"
    base = reranked_base(cross_encoder[1])
    hits = base.search(QUERY, METZ, k=3)
    assert hits[0].document.id == "decheteries"
    assert hits[0].rerank_score is not None and hits[0].rerank_score >= 2
    # Scores and confidences stay those of the fusion.
    by_id = {hit.document.id: hit for hit in fused}
    assert hits[0].score == by_id["decheteries"].score
    assert hits[0].confidence == by_id["decheteries"].confidence
    [body] = scripted.requests
    assert (body["model"], body["query"], body["top_n"]) == (
        "bge-reranker-v2-m3",
        QUERY,
        len(body["documents"]),
    )
    # Each document is judged on its title and best passage; only what Metz may see is sent.
    assert any(d.startswith("Les déchèteries de la métropole\n") for d in body["documents"])
    assert not any("Montigny" in d for d in body["documents"])
    assert scripted.headers == ["Bearer k-123"]
    base.close()


@pytest.mark.parametrize("behaviour", ["error", "slow", "partial", "garbage"])
def test_a_failing_reranker_keeps_the_fused_order(
    scripted: ScriptedCrossEncoder,
    cross_encoder: tuple[ScriptedCrossEncoder, str],
    behaviour: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scripted.behaviour = behaviour
    base = reranked_base(cross_encoder[1], timeout_seconds=0.5)
    expected = [hit.document.id for hit in sample_knowledge_base().search(QUERY, METZ, k=3)]
    with caplog.at_level(logging.WARNING, logger="collectivia.citizen_chat.knowledge.rerank"):
        hits = base.search(QUERY, METZ, k=3)
    scripted.release.set()
    assert len(scripted.requests) == 1
    assert [hit.document.id for hit in hits] == expected
    assert all(hit.rerank_score is None for hit in hits)
    assert "fused order kept" in caplog.text
    base.close()


def test_an_unreachable_reranker_keeps_the_fused_order(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = reranked_base(f"http://127.0.0.1:{port}/v1/rerank")
    expected = [hit.document.id for hit in sample_knowledge_base().search(QUERY, METZ, k=3)]
    with caplog.at_level(logging.WARNING):
        assert [hit.document.id for hit in base.search(QUERY, METZ, k=3)] == expected
    assert "fused order kept" in caplog.text
    base.close()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "no 'results' list"),
        ({"results": [{"index": 2, "relevance_score": 1.0}]}, "no valid index"),
        ({"results": [{"index": True, "relevance_score": 1.0}]}, "no valid index"),
        ({"results": [{"index": 0, "relevance_score": "high"}]}, "no relevance_score"),
        ({"results": [{"index": 0, "relevance_score": float("nan")}]}, "non-finite"),
        ({"results": [{"index": 1, "relevance_score": 0.5}]}, "1 of 2 documents"),
    ],
)
def test_answers_that_do_not_score_every_document_are_rejected(body: Any, message: str) -> None:
    with pytest.raises(RerankAnswerError, match=message):
        scores_in(body, 2)


def test_scores_come_back_in_the_documents_order() -> None:
    body = {"results": [{"index": 1, "relevance_score": 0.9}, {"index": 0, "relevance_score": -2}]}
    assert scores_in(body, 2) == [-2.0, 0.9]


def test_reranking_is_off_by_default_and_configured_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_EMBEDDING_CACHE", str(tmp_path / "v.db"))
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH", str(tmp_path / "q"))
    base, encoder = open_knowledge_base(KnowledgeSettings())
    assert base.reranker is None
    base.close()
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RERANK_URL", "http://gpu-pool:8000/v1/rerank")
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RERANK_MODEL", "BAAI/bge-reranker-v2-m3")
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RERANK_TIMEOUT_SECONDS", "0.8")
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_RERANK_CANDIDATES", "30")
    base, encoder = open_knowledge_base(KnowledgeSettings())
    assert isinstance(base.reranker, HttpReranker)
    assert (base.reranker.url, base.reranker.model) == (
        "http://gpu-pool:8000/v1/rerank",
        "BAAI/bge-reranker-v2-m3",
    )
    assert base.reranker.http.timeout.read == 0.8
    assert base.settings.rerank_candidates == 30
    base.close()
    encoder.close()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COLLECTIVIA_CITIZEN_CHAT_RERANK_URL", "gpu-pool:8000/v1/rerank"),
        ("COLLECTIVIA_CITIZEN_CHAT_RERANK_TIMEOUT_SECONDS", "0"),
        ("COLLECTIVIA_CITIZEN_CHAT_RERANK_CANDIDATES", "1"),
    ],
)
def test_bad_reranking_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(
        ValidationError, match=name.removeprefix("COLLECTIVIA_CITIZEN_CHAT_").lower()
    ):
        KnowledgeSettings()
