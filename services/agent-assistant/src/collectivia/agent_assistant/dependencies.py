"""FastAPI dependencies shared by the assistant's routers: the runtime, the calling agent,
the charter check every task route goes through.

In a route: ``agent: CharteredAgent`` (an agent who accepted the current charter),
``agent: CurrentAgent`` (any agent, e.g. to read the charter), ``admin: CurrentAdmin``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from collectivia.agent_assistant.agents import ADMIN_ROLE, AGENT_ROLE, Agent
from collectivia.agent_assistant.runtime import AssistantRuntime
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import PermissionDenied

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def get_runtime(request: Request) -> AssistantRuntime:
    runtime: AssistantRuntime = request.app.state.runtime
    return runtime


Runtime = Annotated[AssistantRuntime, Depends(get_runtime)]
VerifiedPrincipal = Annotated[Principal, Depends(verify_bearer_token)]


def current_agent(request: Request, principal: VerifiedPrincipal) -> Agent:
    """The caller, who must hold the realm role ``agent`` (or ``admin``)."""
    if not principal.has_any_role({AGENT_ROLE, ADMIN_ROLE}):
        raise PermissionDenied(
            "L'assistant des agents est réservé aux agents de la collectivité (rôle « agent »)."
        )
    settings: AssistantSettings = request.app.state.settings
    return Agent.from_principal(principal, settings.pseudonym_salt.get_secret_value())


CurrentAgent = Annotated[Agent, Depends(current_agent)]


def current_admin(agent: CurrentAgent) -> Agent:
    if not agent.is_admin:
        raise PermissionDenied("Cette action est réservée aux administrateurs (rôle « admin »).")
    return agent


CurrentAdmin = Annotated[Agent, Depends(current_admin)]


def require_accepted_charter(agent: CurrentAgent, runtime: Runtime) -> Agent:
    """Every task route depends on this: 403 with the charter version to accept, until the
    agent accepted the current version of the usage charter."""
    runtime.charters.check_accepted(agent)
    return agent


CharteredAgent = Annotated[Agent, Depends(require_accepted_charter)]
