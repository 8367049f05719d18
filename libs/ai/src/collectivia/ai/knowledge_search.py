"""Knowledge search, caller side: the citizen chat's passages that best match a text
(``CitizenChatService.Search``), e.g. for the agents' assistant to ground suggested replies.

The service allows the realm role ``integrator`` and the agent-assistant service's own
client-credentials token. The token comes either from ``tokens`` (anything with
``token() -> str``, such as ``collectivia.platform.auth.service_tokens.ServiceTokenProvider``),
asked before each call, or from the channel (``collectivia.platform.grpc_client.open_channel``
with a token provider, as for ``RegisterGate``). Exceptions of ``tokens`` propagate unchanged.

Errors: :class:`KnowledgeSearchUnavailable` when the service cannot answer now (down,
overloaded, or past the deadline): go on without grounding, or retry later. Any other
failure is a :class:`KnowledgeSearchError` carrying the gRPC code and the service's reason
(``INVALID_ARGUMENT``, ``PERMISSION_DENIED``...): a bug or a configuration problem.
Only grpc and the generated contracts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import grpc

from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc

DEFAULT_TIMEOUT_SECONDS = 2.0
_UNAVAILABLE = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    }
)


class TokenSource(Protocol):
    def token(self) -> str: ...


@dataclass(frozen=True)
class RetrievedPassage:
    document_id: str
    title: str
    url: str
    # A chunk of the document, with its section heading.
    text: str
    # Higher is better; comparable within one result only.
    score: float
    theme: str
    # Empty: a shared document; else the communes (INSEE codes) it applies to.
    communes: tuple[str, ...]
    version: str

    @property
    def shared(self) -> bool:
        return not self.communes


@dataclass(frozen=True)
class SearchResult:
    # Best first.
    passages: tuple[RetrievedPassage, ...]
    # 0..1: how well the best passage supports the query (the citizen assistant refuses to
    # answer below its threshold, 0.5 by default).
    confidence: float


class KnowledgeSearchError(Exception):
    def __init__(self, code: grpc.StatusCode | None, details: str) -> None:
        name = code.name if code is not None else "error"
        super().__init__(f"knowledge search failed ({name}): {details}")
        self.code = code
        self.details = details


class KnowledgeSearchUnavailable(KnowledgeSearchError):
    """The citizen chat did not answer in time or is not reachable now."""


class KnowledgeSearchClient:
    """Thread-safe; one per channel."""

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        tokens: TokenSource | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._stub = chat_pb2_grpc.CitizenChatServiceStub(channel)
        self._tokens = tokens
        self._timeout = timeout_seconds

    def search(
        self,
        query: str,
        commune: str | None = None,
        limit: int = 0,
        *,
        timeout_seconds: float | None = None,
    ) -> SearchResult:
        """Up to ``limit`` passages (1 to 20; 0: the service's default, 5) for ``query``,
        from ``commune``'s documents (INSEE code) and the shared ones; shared ones only when
        ``commune`` is None."""
        request = chat_pb2.SearchRequest(query=query, commune=commune or "", limit=limit)
        metadata = (("authorization", f"Bearer {self._tokens.token()}"),) if self._tokens else None
        try:
            response = self._stub.Search(
                request,
                timeout=self._timeout if timeout_seconds is None else timeout_seconds,
                metadata=metadata,
            )
        except grpc.RpcError as error:
            code = error.code() if isinstance(error, grpc.Call) else None
            details = (error.details() if isinstance(error, grpc.Call) else None) or str(error)
            if code in _UNAVAILABLE:
                raise KnowledgeSearchUnavailable(code, details) from error
            raise KnowledgeSearchError(code, details) from error
        return SearchResult(
            passages=tuple(
                RetrievedPassage(
                    document_id=p.document_id,
                    title=p.title,
                    url=p.url,
                    text=p.text,
                    score=p.score,
                    theme=p.theme,
                    communes=tuple(p.communes),
                    version=p.version,
                )
                for p in response.passages
            ),
            confidence=response.confidence,
        )
