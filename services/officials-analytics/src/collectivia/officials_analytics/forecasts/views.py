"""HTTP routes of the forecasts: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from collectivia.officials_analytics.forecasts.schemas import ForecastRead, RunRead
from collectivia.officials_analytics.forecasts.series import SeriesKey, SeriesKind
from collectivia.officials_analytics.forecasts.service import Forecasts, RunTrigger
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import require_roles, verify_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/forecasts", tags=["prévisions"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ForecastService = Annotated[Forecasts, Depends(provided(Forecasts))]
Caller = Annotated[Principal, Depends(verify_bearer_token)]
Operator = Annotated[Principal, Depends(require_roles("admin", "data-steward"))]


@router.get(
    "",
    summary="Historique et prévision à 6 mois d'une série mensuelle, avec son erreur mesurée "
    "(affichée seulement si le registre des algorithmes l'autorise)",
    # 503: the query engine (Trino) did not answer.
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM, 503: PROBLEM},
)
def forecast(
    forecasts: ForecastService,
    caller: Caller,
    series: SeriesKind,
    theme: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    commune: Annotated[
        str | None, Query(pattern=r"^(\d{5}|2[AB]\d{3})$", description="Code INSEE")
    ] = None,
) -> ForecastRead:
    return forecasts.view(caller, SeriesKey(series, theme, commune))


@router.post(
    "/runs",
    summary="Recalculer toutes les prévisions maintenant",
    responses={401: PROBLEM, 403: PROBLEM},
)
def run_now(forecasts: ForecastService, _operator: Operator) -> RunRead:
    return forecasts.run(RunTrigger.REQUEST)


@router.get(
    "/runs",
    summary="Les derniers calculs de prévisions, leurs erreurs médianes",
    responses={401: PROBLEM, 403: PROBLEM},
)
def runs(forecasts: ForecastService, _operator: Operator) -> list[RunRead]:
    return forecasts.runs()
