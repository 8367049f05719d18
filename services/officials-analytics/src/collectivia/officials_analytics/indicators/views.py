"""HTTP routes of the indicators: translation only. The declarations, one indicator's values
as JSON, and the same values as CSV; the caller's communes from its token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators, KpiResult
from collectivia.officials_analytics.indicators.schemas import (
    CommuneRead,
    KpiRead,
    KpiValues,
    csv_filename,
    kpi_csv,
    kpi_read,
    kpi_values,
    parsed_filters,
)
from collectivia.officials_analytics.storage.communes import Communes
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/kpis", tags=["indicators"])
communes_router = APIRouter(prefix="/v1/communes", tags=["indicators"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 422)}

Service = Annotated[Indicators, Depends(provided(Indicators))]
Directory = Annotated[Communes, Depends(provided(Communes))]


def viewer(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Viewer:
    return Viewer.of(principal)


Caller = Annotated[Viewer, Depends(viewer)]
GroupBy = Annotated[
    list[str], Query(description="Dimensions, dans l'ordre voulu (ex. commune, month).")
]
CommuneCodes = Annotated[
    list[str], Query(alias="commune", description="Codes INSEE ; aucun : vos communes.")
]
From = Annotated[str, Query(alias="from", description="Premier mois, AAAA-MM.")]
To = Annotated[str, Query(alias="to", description="Dernier mois, AAAA-MM.")]
Filters = Annotated[
    list[str],
    Query(
        alias="filter",
        description="Valeurs d'autres dimensions, dimension:valeur (ex. theme:Déchets > "
        "Collecte) ; répété pour plusieurs valeurs.",
    ),
]


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
    filters: list[str],
) -> KpiResult:
    return indicators.query(
        caller,
        name,
        group_by=group_by,
        communes=communes,
        first_month=first,
        last_month=last,
        filters=parsed_filters(filters),
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
    directory: Directory,
    caller: Caller,
    group_by: GroupBy = [],  # noqa: B006 - FastAPI copies query defaults
    communes: CommuneCodes = [],  # noqa: B006
    first: From = "",
    last: To = "",
    filters: Filters = [],  # noqa: B006
) -> Response:
    result = _query(indicators, caller, name, group_by, communes, first, last, filters)
    return Response(
        content=kpi_csv(result, directory.directory()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{csv_filename(result)}"'},
    )


@router.get("/{name}", summary="Les valeurs d'un indicateur", responses=ERRORS)
def query_kpi(
    name: str,
    indicators: Service,
    directory: Directory,
    caller: Caller,
    group_by: GroupBy = [],  # noqa: B006
    communes: CommuneCodes = [],  # noqa: B006
    first: From = "",
    last: To = "",
    filters: Filters = [],  # noqa: B006
) -> KpiValues:
    result = _query(indicators, caller, name, group_by, communes, first, last, filters)
    return kpi_values(result, directory.directory())


@communes_router.get(
    "",
    summary="Les communes dont vous pouvez consulter les chiffres, avec leur nom",
    responses=ERRORS,
)
def list_communes(directory: Directory, caller: Caller) -> list[CommuneRead]:
    caller.check()
    visible = directory.directory().visible(every=caller.sees_every_commune, own=caller.communes)
    return [CommuneRead(code=c.code, name=c.name, population=c.population) for c in visible]
