"""HTTP routes of register entries: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import (
    DpoReviewRequest,
    SystemRead,
    SystemSummary,
    SystemUpdate,
    TransitionRequest,
    TriageRequest,
    VersionRead,
)
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import (
    optional_bearer_token,
    require_roles,
    verify_bearer_token,
)
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/systems", tags=["registre"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM,
    403: PROBLEM,
    404: PROBLEM,
    409: PROBLEM,
    422: PROBLEM,
    503: PROBLEM,
}

Caller = Annotated[Principal, Depends(verify_bearer_token)]
Reader = Annotated[Principal | None, Depends(optional_bearer_token)]


get_registry = provided(SystemRegistry)


Registry = Annotated[SystemRegistry, Depends(get_registry)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Inscrire un système d'IA ou un algorithme (brouillon)",
    responses=WRITE_ERRORS,
)
def register_system(
    body: SystemRecord,
    principal: Annotated[Principal, Depends(require_roles("ethics-officer", "admin"))],
    registry: Registry,
) -> SystemRead:
    return registry.register(body, principal)


@router.get("", summary="Lister les systèmes publiés (tous, pour l'équipe du registre)")
def list_systems(
    registry: Registry, reader: Reader, status: SystemStatus | None = None
) -> list[SystemSummary]:
    return registry.list_systems(reader, status)


@router.get("/{system_id}", summary="Consulter une entrée du registre", responses={404: PROBLEM})
def get_system(system_id: str, registry: Registry, reader: Reader) -> SystemRead:
    return registry.get(system_id, reader)


@router.put(
    "/{system_id}", summary="Modifier une entrée (nouvelle version)", responses=WRITE_ERRORS
)
def update_system(
    system_id: str, body: SystemUpdate, registry: Registry, caller: Caller
) -> SystemRead:
    return registry.update(system_id, body, caller)


@router.put(
    "/{system_id}/triage",
    summary="Répondre au questionnaire de classification des risques",
    responses=WRITE_ERRORS,
)
def answer_triage(
    system_id: str, body: TriageRequest, registry: Registry, caller: Caller
) -> SystemRead:
    return registry.answer_triage(system_id, body, caller)


@router.post(
    "/{system_id}/dpo-review",
    summary="Avis du délégué à la protection des données",
    responses=WRITE_ERRORS,
)
def dpo_review(
    system_id: str, body: DpoReviewRequest, registry: Registry, caller: Caller
) -> SystemRead:
    return registry.review_personal_data(system_id, body, caller)


@router.post(
    "/{system_id}/{transition}",
    summary="Changer le statut : submit, request-changes, approve, suspend, reinstate, retire",
    responses=WRITE_ERRORS,
)
def move_system(
    system_id: str,
    transition: Transition,
    body: TransitionRequest,
    registry: Registry,
    caller: Caller,
) -> SystemRead:
    return registry.transition(system_id, transition, body, caller)


@router.get(
    "/{system_id}/history",
    summary="Historique des versions (équipe du registre)",
    responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM},
)
def history(system_id: str, registry: Registry, caller: Caller) -> list[VersionRead]:
    return registry.history(system_id, caller)
