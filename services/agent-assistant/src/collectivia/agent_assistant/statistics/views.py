"""HTTP route of the usage statistics: translation only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from collectivia.agent_assistant.dependencies import PROBLEM, CurrentAgent
from collectivia.agent_assistant.statistics.schemas import StatisticsReport
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/statistics", tags=["statistiques d'usage"])

StatisticsService = Annotated[UsageStatistics, Depends(provided(UsageStatistics))]


@router.get(
    "/usage",
    summary="Utilisation par service et par mois (groupes de moins de N agents masqués)",
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def usage_statistics(
    statistics: StatisticsService,
    agent: CurrentAgent,
    first: Annotated[str | None, Query(alias="from", max_length=7, description="AAAA-MM")] = None,
    last: Annotated[str | None, Query(alias="to", max_length=7, description="AAAA-MM")] = None,
    department: Annotated[str | None, Query(max_length=100)] = None,
) -> StatisticsReport:
    return statistics.monthly(agent, first, last, department)
