"""The model server's failures as domain errors: refused input, or an unavailable dependency.

A refusal of what was asked (HTTP 400, 413, 422: a prompt over the context size...) is
``InvalidInput``; anything else (unreachable, too slow, 5xx, 429, credentials or model name
refused) is ``DependencyUnavailable``. Details name the status and the server's error type
and code, never its message: some servers echo the request there, and a detail reaches logs
and callers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import httpx

from collectivia.platform.errors import DependencyUnavailable, DomainError, InvalidInput

REFUSED_INPUT_STATUSES = frozenset({400, 413, 422})

_HINTS = {
    401: "check COLLECTIVIA_GENERATION_API_KEY",
    403: "check COLLECTIVIA_GENERATION_API_KEY",
    404: "check COLLECTIVIA_GENERATION_BASE_URL and COLLECTIVIA_GENERATION_MODEL",
}
# An embeddings server of its own has settings of its own (else the generation ones apply).
_EMBEDDINGS_HINTS = {
    401: "check COLLECTIVIA_GENERATION_EMBEDDING_API_KEY (or COLLECTIVIA_GENERATION_API_KEY)",
    403: "check COLLECTIVIA_GENERATION_EMBEDDING_API_KEY (or COLLECTIVIA_GENERATION_API_KEY)",
    404: "check COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL (or COLLECTIVIA_GENERATION_BASE_URL) "
    "and COLLECTIVIA_GENERATION_EMBEDDING_MODEL",
}

# Error types and codes are identifiers ("exceed_context_size_error"); anything else is dropped.
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def error_for_status(status: int, body: object, operation: str) -> DomainError:
    """The error for a non-2xx answer; ``body`` is its decoded JSON (or None)."""
    labels = error_labels(body)
    suffix = f" ({labels})" if labels else ""
    if status in REFUSED_INPUT_STATUSES:
        return InvalidInput(
            f"the model server refused the {operation} request: HTTP {status}{suffix}"
        )
    hints = _EMBEDDINGS_HINTS if operation == "embeddings" else _HINTS
    hint = f"; {hints[status]}" if status in hints else ""
    return DependencyUnavailable(
        f"the model server answered HTTP {status} to the {operation} request{suffix}{hint}"
    )


def error_in_stream(error: object, operation: str) -> DomainError:
    """The error for an ``{"error": ...}`` event inside a stream that had begun."""
    code = error.get("code") if isinstance(error, Mapping) else None
    status = code if isinstance(code, int) and 400 <= code <= 599 else 500
    return error_for_status(status, {"error": error}, operation)


def error_for_transport(
    error: httpx.TransportError, connect_timeout: float, read_timeout: float
) -> DependencyUnavailable:
    if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
        return DependencyUnavailable(
            f"the model server did not accept a connection within {connect_timeout:g} s"
        )
    if isinstance(error, httpx.TimeoutException):
        return DependencyUnavailable(f"the model server did not answer within {read_timeout:g} s")
    return DependencyUnavailable(f"the model server is unreachable ({type(error).__name__})")


def malformed(operation: str) -> DependencyUnavailable:
    return DependencyUnavailable(f"the model server sent a malformed {operation} answer")


def error_labels(body: object) -> str:
    """The ``type=..., code=...`` of an OpenAI-style error body, identifiers only."""
    if not isinstance(body, Mapping):
        return ""
    error = body.get("error", body)
    if not isinstance(error, Mapping):
        return ""
    labels = []
    for key in ("type", "code"):
        value = error.get(key)
        if isinstance(value, int | str) and _IDENTIFIER.match(str(value)):
            labels.append(f"{key}={value}")
    return ", ".join(labels)
