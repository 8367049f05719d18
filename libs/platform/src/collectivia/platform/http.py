"""HTTP plumbing for FastAPI apps: every error leaves as RFC 9457 problem details."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from collectivia.platform import messages
from collectivia.platform.errors import (
    PROBLEM_TYPE_BASE,
    DependencyUnavailable,
    DomainError,
    FieldError,
    InvalidInput,
    problem_details,
)
from collectivia.platform.security_headers import add_security_headers
from collectivia.platform.telemetry import Telemetry
from collectivia.platform.validation_messages import french_message

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
# What FastAPI says (HTTP 400) when it cannot even decode a request's body.
_UNREADABLE_BODY = "There was an error parsing the body"


def _problem_response(error: DomainError, request: Request) -> JSONResponse:
    return JSONResponse(
        problem_details(error, instance=request.url.path),
        status_code=int(error.http_status),
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.http_headers(),
    )


def _field_error(error: dict[str, Any]) -> FieldError:
    message = french_message(error)
    location = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        # loc is ("body", <character position>): the body as a whole is unreadable.
        return FieldError("body", f"{message} (caractère {location[-1]})")
    # ("body", "risk_class") -> "risk_class"; ("body", "owners", 0) -> "owners.0"
    parts = [str(p) for p in location if p != "body"] or ["body"]
    return FieldError(".".join(parts), message)


def _unreadable_body(error: StarletteHTTPException) -> str | None:
    """Why the framework could not read a body, in French, when its English 400 says so: a
    body that is not even text, a broken form. It leaves as the 422 of an invalid body, which
    every route with a body declares."""
    if error.status_code != HTTPStatus.BAD_REQUEST:
        return None
    if error.detail == _UNREADABLE_BODY:
        return french_message({"type": "json_invalid"})
    if isinstance(error.__context__, MultiPartException):
        return messages.UNREADABLE_FORM
    return None


def install_problem_handlers(app: FastAPI) -> None:
    async def domain_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, DomainError)
        return _problem_response(error, request)

    async def validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        fields = [_field_error(e) for e in error.errors()]
        detail = "; ".join(f"{f.field} : {f.message}" for f in fields)
        invalid = InvalidInput(messages.INVALID_FIELDS.format(fields=detail), fields)
        return _problem_response(invalid, request)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        unreadable = _unreadable_body(error)
        if unreadable is not None:
            field = FieldError("body", unreadable)
            fields = f"body : {unreadable}"
            invalid = InvalidInput(messages.INVALID_FIELDS.format(fields=fields), [field])
            return _problem_response(invalid, request)
        status = HTTPStatus(error.status_code)
        title, detail = messages.HTTP_ERRORS.get(status, messages.HTTP_ERROR)
        if str(error.detail) != status.phrase:  # a detail given on purpose, not the phrase
            detail = str(error.detail)
        body = {
            "type": PROBLEM_TYPE_BASE + status.phrase.lower().replace(" ", "-"),
            "title": title,
            "status": status.value,
            "detail": detail,
            "instance": request.url.path,
        }
        return JSONResponse(
            body, status_code=status.value, media_type=PROBLEM_MEDIA_TYPE, headers=error.headers
        )

    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        # Process edge: log with the trace id (JSON logs), never the request body.
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
        body = {
            "type": PROBLEM_TYPE_BASE + "internal-error",
            "title": "Erreur interne",
            "status": 500,
            "detail": messages.INTERNAL_ERROR,
            "instance": request.url.path,
        }
        response = JSONResponse(body, status_code=500, media_type=PROBLEM_MEDIA_TYPE)
        # Sent by Starlette's outermost layer, past every middleware: the headers are set here.
        add_security_headers(response.headers, tls=request.url.scheme == "https")
        return response

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


# What every reverse proxy (ingress controller, gateway) adds to the requests it relays.
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def add_health_and_tracing(
    app: FastAPI, telemetry: Telemetry, ready: Callable[[], bool] = lambda: True
) -> None:
    """The last step of every service's app: ``/healthz`` (alive: the process answers) and
    ``/readyz`` (ready: started, its consumer placed on its partitions) for the launcher, the
    tests and the orchestrator's probes, ``/metrics`` (Prometheus text, for the scraper: on
    the pod network only, the chart's network policies say who reaches it), all three
    untraced and uncounted, and server spans and duration metrics for every other route.
    ``/metrics`` answers as an unknown path (404) to a request relayed by a reverse proxy:
    the ingresses route ``/`` to the services, the scraper reaches the pod directly."""

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> dict[str, str]:
        if not ready():
            raise DependencyUnavailable(messages.STARTING)
        return {"status": "ready"}

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        if any(header in request.headers for header in PROXY_HEADERS):
            raise StarletteHTTPException(status_code=HTTPStatus.NOT_FOUND)
        return Response(telemetry.prometheus_text(), media_type=CONTENT_TYPE_LATEST)

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
        # Matched anywhere in the URL: the scrape's own path, anchored at its end.
        excluded_urls="healthz,readyz,/metrics$",
    )
