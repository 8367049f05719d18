"""Every error answer of a service's OpenAPI document declared as what it is: RFC 9457
problem details (``application/problem+json``, the ``Problem`` schema below), not FastAPI's
default ``HTTPValidationError``, which no route ever sends. Routes still say which 4xx they
give; this gives each one its schema, and 401 to every route that reads a bearer token (an
invalid token is refused by any of them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

PROBLEM_MEDIA_TYPE = "application/problem+json"
_REF = {"$ref": "#/components/schemas/Problem"}
_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "description": "Une erreur, en détail (RFC 9457) ; le texte lisible est en français.",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "rule": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemField"}},
        },
    },
    "ProblemField": {
        "title": "ProblemField",
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
}
_FASTAPI_DEFAULTS = ("HTTPValidationError", "ValidationError")


def declare_problems(app: FastAPI) -> None:
    """Rewrite ``app``'s OpenAPI document, once, when it is first asked for."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def with_problems(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with each error response described by the ``Problem`` schema."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "responses" in operation:
                _declare(operation)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in _FASTAPI_DEFAULTS:
        schemas.pop(name, None)
    schemas.update(_SCHEMAS)
    return document


def _declare(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    if operation.get("security"):
        responses.setdefault("401", {"description": "Jeton absent ou non valide"})
    for code, response in responses.items():
        if code[0] in "45":
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _REF}}
            response.setdefault("description", "Erreur")
