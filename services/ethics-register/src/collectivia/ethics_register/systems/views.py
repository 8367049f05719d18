"""HTTP routes of register entries: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status

from collectivia.core.auth.fastapi_dependencies import require_roles
from collectivia.core.auth.principal import Principal
from collectivia.ethics_register.systems.models import SystemCreate, SystemRead
from collectivia.ethics_register.systems.service import SystemRegistry

router = APIRouter(prefix="/v1/systems", tags=["systems"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def get_registry(request: Request) -> SystemRegistry:
    registry: SystemRegistry = request.app.state.registry
    return registry


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Inscrire un système d'IA ou un algorithme au registre",
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM, 503: PROBLEM},
)
def register_system(
    body: SystemCreate,
    principal: Annotated[Principal, Depends(require_roles("ethics-officer"))],
    registry: Annotated[SystemRegistry, Depends(get_registry)],
) -> SystemRead:
    return registry.register(body, registered_by=principal.subject)


@router.get(
    "/{system_id}",
    summary="Consulter une entrée du registre (public)",
    responses={404: PROBLEM},
)
def get_system(
    system_id: str, registry: Annotated[SystemRegistry, Depends(get_registry)]
) -> SystemRead:
    return registry.get(system_id)
