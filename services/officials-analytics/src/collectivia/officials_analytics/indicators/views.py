"""HTTP routes of the indicators: translation only. The declarations, one indicator's values
as JSON, and the same values as CSV; the caller's communes from its token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators, KpiResult
from collectivia.officials_analytics.indicators.schemas import (
    KpiRead,
    KpiValues,
    csv_filename,
    kpi_csv,
    kpi_read,
    kpi_values,
)
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/kpis", tags=["indicators"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 422)}

Service = Annotated[Indicators, Depends(provided(Indicators))]


def viewer(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Viewer:
    return Viewer.of(principal)


Caller = Annotated[Viewer, Depends(viewer)]
GroupBy = Annotated[
    list[str], Query(description="Dimensions, dans l'ordre voulu (ex. commune, month).")
]
Communes = Annotated[
    list[str], Query(alias="commune", description="Codes INSEE ; aucun : vos communes.")
]
From = Annotated[str, Query(alias="from", description="Premier mois, AAAA-MM.")]
To = Annotated[str, Query(alias="to", description="Dernier mois, AAAA-MM.")]


@router.get("", summary="Les indicateurs déclarés", responses=ERRORS)
def list_kpis(indicators: Service, caller: Caller) -> list[KpiRead]:
    return [kpi_read(i) for i in indicators.declarations(caller)]


def _query(
    indicators: Indicators,
    caller: Viewer,
    name: str,
    group_by: list[str],
    communes: list[str],
    first: str,
    last: str,
) -> KpiResult:
    return indicators.query(
        caller, name, group_by=group_by, communes=communes, first_month=first, last_month=last
    )


# Before "/{name}", which would take "questions-posees.csv" as a name.
@router.get(
    "/{name}.csv",
    summary="Les valeurs d'un indicateur, en CSV",
    responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
    response_class=Response,
)
def export_kpi(
    name: str,
    indicators: Service,
    caller: Caller,
    group_by: GroupBy = [],  # noqa: B006 - FastAPI copies query defaults
    communes: Communes = [],  # noqa: B006
    first: From = "",
    last: To = "",
) -> Response:
    result = _query(indicators, caller, name, group_by, communes, first, last)
    return Response(
        content=kpi_csv(result).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{csv_filename(result)}"'},
    )


@router.get("/{name}", summary="Les valeurs d'un indicateur", responses=ERRORS)
def query_kpi(
    name: str,
    indicators: Service,
    caller: Caller,
    group_by: GroupBy = [],  # noqa: B006
    communes: Communes = [],  # noqa: B006
    first: From = "",
    last: To = "",
) -> KpiValues:
    return kpi_values(_query(indicators, caller, name, group_by, communes, first, last))
