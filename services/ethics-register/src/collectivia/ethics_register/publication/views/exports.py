"""HTTP routes of the open-data exports: translation only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from collectivia.ethics_register.performance.schemas import MeasurementRead
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.ethics_register.performance.views import get_performance
from collectivia.ethics_register.publication.annex_viii import annex_viii_c_document
from collectivia.ethics_register.publication.atrs import atrs_document
from collectivia.ethics_register.publication.ats import ats_document
from collectivia.ethics_register.publication.native import register_csv, register_document
from collectivia.ethics_register.publication.published import published_systems
from collectivia.ethics_register.systems.schemas import SystemRead
from collectivia.ethics_register.systems.views.entries import Registry

router = APIRouter(prefix="/v1/exports", tags=["données ouvertes"])

Performance = Annotated[PerformanceRecords, Depends(get_performance)]


class Utf8Json(JSONResponse):
    media_type = "application/json; charset=utf-8"


def _latest(
    performance: PerformanceRecords, systems: list[SystemRead]
) -> dict[str, MeasurementRead | None]:
    return {system.id: performance.latest(system.id) for system in systems}


def _pages(request: Request, systems: list[SystemRead]) -> dict[str, str]:
    base = str(request.base_url).rstrip("/")
    return {system.id: f"{base}/registre/{system.id}" for system in systems}


@router.get(
    "/register.json",
    summary="Registre publié, au format de la collectivité (JSON)",
    response_class=Utf8Json,
)
def export_json(registry: Registry, performance: Performance) -> Utf8Json:
    systems = published_systems(registry)
    return Utf8Json(register_document(systems, datetime.now(UTC), _latest(performance, systems)))


@router.get(
    "/register.csv",
    summary="Registre publié, au format de la collectivité (CSV, UTF-8)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_csv(registry: Registry) -> Response:
    return Response(
        register_csv(published_systems(registry)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="registre-algorithmes.csv"'},
    )


@router.get(
    "/eurocities-ats-0.3.1.json",
    summary="Registre publié, standard Eurocities ATS 0.3.1",
    response_class=Utf8Json,
)
def export_ats(request: Request, registry: Registry) -> Utf8Json:
    systems = published_systems(registry)
    return Utf8Json(ats_document(systems, _pages(request, systems)))


@router.get(
    "/uk-atrs.json",
    summary="Registre publié, standard britannique ATRS (niveaux 1 et 2)",
    response_class=Utf8Json,
)
def export_atrs(request: Request, registry: Registry, performance: Performance) -> Utf8Json:
    systems = published_systems(registry)
    return Utf8Json(atrs_document(systems, _pages(request, systems), _latest(performance, systems)))


@router.get(
    "/ai-act-annex-viii-c.json",
    summary="Informations de l'annexe VIII, section C, du règlement européen sur l'IA",
    response_class=Utf8Json,
)
def export_annex_viii_c(registry: Registry) -> Utf8Json:
    return Utf8Json(annex_viii_c_document(published_systems(registry)))
