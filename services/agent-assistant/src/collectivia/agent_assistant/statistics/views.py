"""HTTP route of the usage statistics: translation only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from collectivia.agent_assistant.dependencies import PROBLEM, CurrentAgent, Runtime
from collectivia.agent_assistant.statistics.schemas import StatisticsReport

router = APIRouter(prefix="/v1/statistics", tags=["statistiques d'usage"])


@router.get(
    "/usage",
    summary="Utilisation par service et par mois (groupes de moins de N agents masqués)",
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def usage_statistics(
    runtime: Runtime,
    agent: CurrentAgent,
    first: Annotated[str | None, Query(alias="from", max_length=7, description="AAAA-MM")] = None,
    last: Annotated[str | None, Query(alias="to", max_length=7, description="AAAA-MM")] = None,
    department: Annotated[str | None, Query(max_length=100)] = None,
) -> StatisticsReport:
    return runtime.statistics.monthly(agent, first, last, department)
