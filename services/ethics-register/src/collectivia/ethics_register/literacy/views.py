"""HTTP route of the AI-literacy records: translation only, staff only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from collectivia.ethics_register.literacy.service import LiteracyRecords
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import require_roles
from collectivia.platform.auth.principal import Principal

router = APIRouter(tags=["literacy"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
STAFF = ("ethics-officer", "dpo", "admin")


class AcceptanceCountRead(BaseModel):
    department: str
    charter_version: str
    agents: int
    last_accepted_at: datetime


get_records = provided(LiteracyRecords)


@router.get(
    "/v1/literacy/charter-acceptances",
    summary="Acceptations de la charte de l'assistant des agents, par service et version",
    description="Registre de maîtrise de l'IA (AI Act, art. 4) : nombre d'agents ayant "
    "accepté chaque version de la charte d'utilisation, par service. Aucun nom.",
    responses={401: PROBLEM, 403: PROBLEM},
)
def charter_acceptances(
    _principal: Annotated[Principal, Depends(require_roles(*STAFF))],
    records: Annotated[LiteracyRecords, Depends(get_records)],
) -> list[AcceptanceCountRead]:
    return [
        AcceptanceCountRead(
            department=c.department,
            charter_version=c.charter_version,
            agents=c.agents,
            last_accepted_at=c.last_accepted_at,
        )
        for c in records.counts()
    ]
