"""The domain error model, and its one mapping to HTTP statuses and gRPC codes.

Domain code raises these; the HTTP layer (``collectivia.platform.http``) and the gRPC layer
(``collectivia.platform.grpc_server``) translate them, and nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

import grpc


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base of every error a service reports to its callers."""

    title = "Erreur"
    http_status = HTTPStatus.INTERNAL_SERVER_ERROR
    grpc_code = grpc.StatusCode.INTERNAL
    type_slug = "error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def http_headers(self) -> dict[str, str]:
        """Headers the HTTP answer carries with this error (a challenge, a delay)."""
        return {}


class NotFound(DomainError):
    title = "Ressource introuvable"
    http_status = HTTPStatus.NOT_FOUND
    grpc_code = grpc.StatusCode.NOT_FOUND
    type_slug = "not-found"


class Conflict(DomainError):
    title = "Conflit"
    http_status = HTTPStatus.CONFLICT
    grpc_code = grpc.StatusCode.ABORTED
    type_slug = "conflict"


class InvalidInput(DomainError):
    title = "Données invalides"
    http_status = HTTPStatus.UNPROCESSABLE_ENTITY
    grpc_code = grpc.StatusCode.INVALID_ARGUMENT
    type_slug = "invalid-input"

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []


class RuleViolation(DomainError):
    """A business rule forbids the request; ``rule`` names it."""

    title = "Règle non respectée"
    http_status = HTTPStatus.UNPROCESSABLE_ENTITY
    grpc_code = grpc.StatusCode.FAILED_PRECONDITION
    type_slug = "rule-violation"

    def __init__(self, detail: str, rule: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.rule = rule
        self.errors = errors or []


class Unauthenticated(DomainError):
    title = "Authentification requise"
    http_status = HTTPStatus.UNAUTHORIZED
    grpc_code = grpc.StatusCode.UNAUTHENTICATED
    type_slug = "unauthenticated"

    def http_headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class PermissionDenied(DomainError):
    title = "Accès refusé"
    http_status = HTTPStatus.FORBIDDEN
    grpc_code = grpc.StatusCode.PERMISSION_DENIED
    type_slug = "forbidden"


class TooManyRequests(DomainError):
    """A caller exceeded its rate limit; it may try again after ``retry_after`` seconds."""

    title = "Trop de demandes"
    http_status = HTTPStatus.TOO_MANY_REQUESTS
    grpc_code = grpc.StatusCode.RESOURCE_EXHAUSTED
    type_slug = "too-many-requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    def http_headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class DependencyUnavailable(DomainError):
    """A platform dependency (broker, identity provider, database) did not answer."""

    title = "Service momentanément indisponible"
    http_status = HTTPStatus.SERVICE_UNAVAILABLE
    grpc_code = grpc.StatusCode.UNAVAILABLE
    type_slug = "unavailable"


PROBLEM_TYPE_BASE = "https://collectivia.fr/problems/"


def problem_details(error: DomainError, instance: str | None = None) -> dict[str, object]:
    """RFC 9457 problem details for a domain error."""
    body: dict[str, object] = {
        "type": PROBLEM_TYPE_BASE + error.type_slug,
        "title": error.title,
        "status": int(error.http_status),
        "detail": error.detail,
    }
    if instance:
        body["instance"] = instance
    if isinstance(error, InvalidInput | RuleViolation) and error.errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    if isinstance(error, RuleViolation):
        body["rule"] = error.rule
    return body
