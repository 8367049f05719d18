"""Optional re-ranking of the fused documents by a cross-encoder behind an HTTP endpoint.

The endpoint speaks the de-facto rerank API of Jina and Cohere, also served by vLLM, the
llama.cpp server and Hugging Face TEI: ``POST {"model", "query", "documents", "top_n"}`` ->
``{"results": [{"index", "relevance_score"}, ...]}``. Re-ranking is an improvement, never a
dependency: a timeout, an error status or an answer that does not score every document is
logged and the fused order stands.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any, Protocol

import httpx

logger = logging.getLogger(__name__)


class Reranker(Protocol):
    def relevance(self, query: str, documents: Sequence[str]) -> list[float] | None:
        """A relevance score per document (same order, higher is better), or None when no
        scores could be had."""
        ...

    def close(self) -> None: ...


class RerankAnswerError(ValueError):
    """The endpoint answered, but not with a score for every document."""


class HttpReranker:
    def __init__(
        self,
        url: str,
        *,
        model: str = "",
        api_key: str = "",
        timeout_seconds: float = 2.0,
    ) -> None:
        self.url = url
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(timeout=timeout_seconds, headers=headers)

    def relevance(self, query: str, documents: Sequence[str]) -> list[float] | None:
        if not documents:
            return []
        body: dict[str, Any] = {
            "query": query,
            "documents": list(documents),
            "top_n": len(documents),
        }
        if self.model:
            body["model"] = self.model
        try:
            response = self.http.post(self.url, json=body)
            response.raise_for_status()
            return scores_in(response.json(), len(documents))
        except httpx.TimeoutException:
            logger.warning("re-ranker %s timed out: fused order kept", self.url)
        except (httpx.HTTPError, ValueError) as error:
            # ValueError: a body that is not JSON, or a RerankAnswerError.
            logger.warning("re-ranker %s failed (%s): fused order kept", self.url, error)
        return None

    def close(self) -> None:
        self.http.close()


def scores_in(body: Any, count: int) -> list[float]:
    """The score of each of ``count`` documents from a rerank answer."""
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise RerankAnswerError("the answer has no 'results' list")
    scores: list[float | None] = [None] * count
    for result in results:
        index = result.get("index") if isinstance(result, dict) else None
        score = result.get("relevance_score") if isinstance(result, dict) else None
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < count:
            raise RerankAnswerError(f"a result has no valid index: {result!r:.100}")
        if not isinstance(score, int | float) or isinstance(score, bool):
            raise RerankAnswerError(f"result {index} has no relevance_score")
        if not math.isfinite(score):
            raise RerankAnswerError(f"result {index} has a non-finite relevance_score")
        scores[index] = float(score)
    complete = [score for score in scores if score is not None]
    if len(complete) != count:
        raise RerankAnswerError(f"{count - len(complete)} of {count} documents were not scored")
    return complete
