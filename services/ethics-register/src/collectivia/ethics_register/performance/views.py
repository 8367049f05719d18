"""HTTP route of the measured performance: translation only, public like the entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from collectivia.ethics_register.performance.schemas import MeasurementRead
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import optional_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(tags=["registre"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}

get_performance = provided(PerformanceRecords)


@router.get(
    "/v1/systems/{system_id}/measurements",
    summary="Historique des performances mesurées d'un système (public)",
    description="Les mesures transmises par le service qui utilise le système à chaque calcul "
    "(par exemple l'erreur d'une prévision sur les derniers mois connus), de la plus récente à "
    "la plus ancienne. Une entrée non publiée n'est visible que de l'équipe du registre.",
    responses={404: PROBLEM, 422: PROBLEM},
)
def measurements(
    system_id: str,
    records: Annotated[PerformanceRecords, Depends(get_performance)],
    reader: Annotated[Principal | None, Depends(optional_bearer_token)],
    limit: Annotated[int, Query(ge=1, le=500, description="Nombre de mesures au plus.")] = 100,
) -> list[MeasurementRead]:
    return records.history(system_id, reader, limit)
