"""Passages of the knowledge base for a text, as the assistant retrieves them: for the agents'
assistant (grounding suggested replies) and integrators. When the assistant would answer, only
the passages of the documents its answer quotes; else the closest ones, as a refusal lists.

The same retrieval as an answer (hybrid, fused, re-ranked when configured, scoped to the
commune's documents and the shared ones), the same confidence (the assistant refuses below its
threshold) and the same masking: personal data in the query never reaches retrieval. Nothing
is generated and nothing is kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from collectivia.ai.privacy import redact
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.answering.service import Answerer
from collectivia.citizen_chat.knowledge.base import DocumentHit
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import InvalidInput, PermissionDenied

logger = logging.getLogger(__name__)

INTEGRATOR_ROLE = "integrator"
# Services whose own client-credentials token may search (azp).
SEARCHING_SERVICES = frozenset({"agent-assistant"})
DEFAULT_LIMIT = 5
MAX_LIMIT = 20
# INSEE code: five digits, or 2A/2B and three digits (Corsica).
_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True)
class FoundPassage:
    document: Document
    text: str
    # The document's fused retrieval score (comparable within one search only).
    score: float


@dataclass(frozen=True)
class SearchResult:
    # Best first; a document's passages follow one another.
    passages: tuple[FoundPassage, ...]
    # 0..1, as the assistant computes it for an answer.
    confidence: float


def may_search(caller: Principal) -> bool:
    """Integrators, and the searching services with their own token (not a person logged in
    through one of them)."""
    return caller.has_any_role({INTEGRATOR_ROLE}) or (
        caller.is_service_account and caller.client_id in SEARCHING_SERVICES
    )


class PassageSearch:
    def __init__(self, answerer: Answerer, max_query_chars: int) -> None:
        self.answerer = answerer
        self.max_query_chars = max_query_chars

    def search(
        self, caller: Principal, query: str, commune: str | None, limit: int
    ) -> SearchResult:
        """Up to ``limit`` passages (0: the default), best first, and the confidence."""
        if not may_search(caller):
            raise PermissionDenied(
                messages.search_role_required({INTEGRATOR_ROLE}, SEARCHING_SERVICES)
            )
        wanted = self._checked(query, commune, limit)
        masked = redact(" ".join(query.split()))
        retrieval = self.answerer.retrieve(masked, commune=commune)
        hits: Sequence[DocumentHit] = retrieval.hits
        if retrieval.confident:
            # The documents the citizen's answer quotes, not the others retrieved with them
            # (an identity-card question is no electoral-roll question): same selection.
            quoted = set(self.answerer.extractive(retrieval, "").cited_source_ids)
            hits = [hit for hit in hits if hit.document.id in quoted]
        elif sum(len(hit.passages) for hit in hits) < wanted:
            # The assistant looks at a few documents; more passages need a deeper search.
            hits = self.answerer.retriever.search(masked, commune=commune, k=wanted)
        passages = tuple(
            FoundPassage(hit.document, passage.text, hit.score)
            for hit in hits
            for passage in hit.passages
        )[:wanted]
        confidence = round(retrieval.confidence, 4)
        logger.info(
            "search by %s: %d passages, confidence %.3f",
            caller.client_id or caller.subject,
            len(passages),
            confidence,
        )
        return SearchResult(passages, confidence)

    def _checked(self, query: str, commune: str | None, limit: int) -> int:
        """The number of passages wanted, once the request is known to be well formed."""
        if not query.strip():
            raise InvalidInput(messages.QUERY_EMPTY)
        if len(query) > self.max_query_chars:
            raise InvalidInput(messages.query_too_long(self.max_query_chars))
        if commune is not None and not _COMMUNE.match(commune):
            raise InvalidInput(messages.commune_not_an_insee_code(commune))
        if not 0 <= limit <= MAX_LIMIT:
            raise InvalidInput(messages.limit_out_of_range(MAX_LIMIT, DEFAULT_LIMIT))
        return limit or DEFAULT_LIMIT
