"""HTTP routes of incidents: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from collectivia.ethics_register.incidents.models import (
    IncidentRead,
    IncidentReceipt,
    IncidentReport,
    IncidentReview,
)
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import (
    optional_bearer_token,
    verify_bearer_token,
)
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/incidents", tags=["incidents"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM}


get_incidents = provided(Incidents)


Service = Annotated[Incidents, Depends(get_incidents)]
Caller = Annotated[Principal, Depends(verify_bearer_token)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Signaler un problème avec un résultat d'IA (connexion facultative)",
    responses=ERRORS,
)
def report_incident(
    body: IncidentReport,
    incidents: Service,
    reporter: Annotated[Principal | None, Depends(optional_bearer_token)],
) -> IncidentReceipt:
    return incidents.report(body, reporter)


@router.get("", summary="Incidents (équipe du registre)", responses=ERRORS)
def list_incidents(
    incidents: Service, caller: Caller, system_id: str | None = None, open_only: bool = False
) -> list[IncidentRead]:
    return incidents.list_incidents(caller, system_id, open_only)


@router.get("/{incident_id}", summary="Un incident (équipe du registre)", responses=ERRORS)
def get_incident(incident_id: str, incidents: Service, caller: Caller) -> IncidentRead:
    return incidents.get(incident_id, caller)


@router.post("/{incident_id}/review", summary="Qualifier et traiter un incident", responses=ERRORS)
def review_incident(
    incident_id: str, body: IncidentReview, incidents: Service, caller: Caller
) -> IncidentRead:
    return incidents.review(incident_id, body, caller)


@router.post(
    "/{incident_id}/notified",
    summary="Enregistrer la notification d'un incident grave",
    responses=ERRORS,
)
def record_notification(incident_id: str, incidents: Service, caller: Caller) -> IncidentRead:
    return incidents.record_notification(incident_id, caller)
