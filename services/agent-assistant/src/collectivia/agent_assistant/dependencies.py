"""FastAPI dependencies shared by the assistant's routers: the calling agent, the charter
check every task route goes through.

In a route: ``agent: CharteredAgent`` (an agent who accepted the current charter),
``agent: CurrentAgent`` (any agent, e.g. to read the charter), ``admin: CurrentAdmin``. Each
area's object comes with ``Depends(provided(X))`` (``collectivia.platform.app``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import ADMIN_ROLE, AGENT_ROLE, Agent
from collectivia.agent_assistant.charter.service import Charters
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import PermissionDenied

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}

VerifiedPrincipal = Annotated[Principal, Depends(verify_bearer_token)]
Settings = Annotated[AssistantSettings, Depends(provided(AssistantSettings))]


def current_agent(principal: VerifiedPrincipal, settings: Settings) -> Agent:
    """The caller, who must hold the realm role ``agent`` (or ``admin``)."""
    if not principal.has_any_role({AGENT_ROLE, ADMIN_ROLE}):
        raise PermissionDenied(messages.AGENTS_ONLY)
    return Agent.from_principal(principal, settings.pseudonym_salt.get_secret_value())


CurrentAgent = Annotated[Agent, Depends(current_agent)]


def current_admin(agent: CurrentAgent) -> Agent:
    if not agent.is_admin:
        raise PermissionDenied(messages.ADMINS_ONLY)
    return agent


CurrentAdmin = Annotated[Agent, Depends(current_admin)]


def require_accepted_charter(
    agent: CurrentAgent, charters: Annotated[Charters, Depends(provided(Charters))]
) -> Agent:
    """Every task route depends on this: 403 with the charter version to accept, until the
    agent accepted the current version of the usage charter."""
    charters.check_accepted(agent)
    return agent


CharteredAgent = Annotated[Agent, Depends(require_accepted_charter)]
