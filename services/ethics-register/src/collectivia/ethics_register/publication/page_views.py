"""HTTP routes of the public pages: translation only."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from collectivia.core.errors import InvalidInput, NotFound
from collectivia.ethics_register.publication import explain_pages, pages
from collectivia.ethics_register.publication.explain_request import read_request
from collectivia.ethics_register.publication.explanations import (
    fetch_explanation,
    serves_explanations,
)
from collectivia.ethics_register.systems.views import Registry

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/registre", tags=["pages publiques"], include_in_schema=False)

MAX_FORM_BYTES = 4096


@router.get("", response_class=HTMLResponse)
def register_page(registry: Registry) -> HTMLResponse:
    return HTMLResponse(pages.list_page(registry.list_systems(None)))


@router.get("/expliquer", response_class=HTMLResponse)
def explain_form() -> HTMLResponse:
    return HTMLResponse(explain_pages.form_page())


@router.post("/expliquer", response_class=HTMLResponse)
async def explain_request(request: Request) -> HTMLResponse:
    body = await request.body()
    form = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", errors="replace"))
    decision, email = form.get("decision", [""])[0], form.get("email", [""])[0]
    try:
        asked = read_request(decision, email)
    except InvalidInput as error:
        return HTMLResponse(explain_pages.form_page(decision, email, error.errors), 422)
    if serves_explanations(request.app.routes):
        explanation = await fetch_explanation(request.app, asked.decision)
        if explanation is None:
            return HTMLResponse(explain_pages.unknown_decision_page(asked.decision), 404)
        return HTMLResponse(explain_pages.explanation_page(explanation))
    # The address is not logged: it is personal data, and the log is not where replies start.
    logger.info("explanation requested for decision %s", asked.decision)
    return HTMLResponse(
        explain_pages.request_recorded_page(asked.decision, asked.email is not None), 202
    )


@router.get("/accessibilite", response_class=HTMLResponse)
def accessibility() -> HTMLResponse:
    return HTMLResponse(explain_pages.accessibility_page())


@router.get("/{system_id}", response_class=HTMLResponse)
def system_page(system_id: str, registry: Registry, request: Request) -> HTMLResponse:
    try:
        system = registry.get(system_id, None)
    except NotFound:
        return HTMLResponse(pages.not_found_page(), 404)
    runtime = getattr(request.app.state, "runtime", None)
    usage = runtime.evidence.usage(system_id) if runtime is not None else None
    return HTMLResponse(pages.detail_page(system, usage))
