"""HTTP routes of the public pages: translation only."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.evidence.views import get_evidence
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.ethics_register.performance.views import get_performance
from collectivia.ethics_register.publication import explain_pages, pages
from collectivia.ethics_register.publication.explain_request import read_decision
from collectivia.ethics_register.publication.html_layout import STYLE
from collectivia.ethics_register.systems.views.entries import Registry
from collectivia.platform.errors import InvalidInput, NotFound

EvidenceLog = Annotated[Evidence, Depends(get_evidence)]
Performance = Annotated[PerformanceRecords, Depends(get_performance)]

router = APIRouter(prefix="/registre", tags=["pages publiques"], include_in_schema=False)

MAX_FORM_BYTES = 4096


@router.get("", response_class=HTMLResponse, summary="Page publique : le registre")
def register_page(registry: Registry) -> HTMLResponse:
    return HTMLResponse(pages.list_page(registry.list_systems(None)))


# Before /{system_id}, which would take its name for an entry's id.
@router.get("/registre.css", summary="La feuille de style des pages publiques")
def stylesheet() -> Response:
    # A file, not a <style> element: the pages' policy refuses inline styles.
    return Response(STYLE, media_type="text/css; charset=utf-8")


@router.get(
    "/expliquer",
    response_class=HTMLResponse,
    summary="Page publique : demander l'explication d'une décision",
)
def explain_form() -> HTMLResponse:
    return HTMLResponse(explain_pages.form_page())


@router.post(
    "/expliquer", response_class=HTMLResponse, summary="Page publique : l'explication demandée"
)
async def explain_request(request: Request, evidence: EvidenceLog) -> HTMLResponse:
    body = await request.body()
    form = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", errors="replace"))
    typed = form.get("decision", [""])[0]
    try:
        decision = read_decision(typed)
        explanation = await run_in_threadpool(evidence.explain, decision)
    except InvalidInput as error:
        return HTMLResponse(explain_pages.form_page(typed, error.errors), 422)
    except NotFound:
        return HTMLResponse(explain_pages.unknown_decision_page(decision), 404)
    return HTMLResponse(explain_pages.explanation_page(explanation.model_dump(mode="json")))


@router.get("/accessibilite", response_class=HTMLResponse, summary="Déclaration d'accessibilité")
def accessibility() -> HTMLResponse:
    return HTMLResponse(explain_pages.accessibility_page())


@router.get(
    "/{system_id}", response_class=HTMLResponse, summary="Page publique : une entrée du registre"
)
def system_page(
    system_id: str, registry: Registry, evidence: EvidenceLog, performance: Performance
) -> HTMLResponse:
    try:
        system = registry.get(system_id, None)
    except NotFound:
        return HTMLResponse(pages.not_found_page(), 404)
    return HTMLResponse(
        pages.detail_page(
            system,
            evidence.usage(system_id),
            performance.latest(system_id),
            evidence.models_in_use(system_id),
        )
    )
