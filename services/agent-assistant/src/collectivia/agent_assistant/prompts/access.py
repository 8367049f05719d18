"""Who may manage what: the agents of a department manage its templates and experiments,
an administrator manages everything. French reasons (agents read them)."""

from __future__ import annotations

from collectivia.agent_assistant.agents import Agent
from collectivia.platform.errors import InvalidInput, PermissionDenied


def manages(agent: Agent, department: str) -> bool:
    return agent.is_admin or department in agent.departments


def require_manages(agent: Agent, department: str, action: str) -> None:
    if not manages(agent, department):
        raise PermissionDenied(
            f"Seuls les agents du service « {department} » (ou un administrateur) peuvent {action}."
        )


def home_department(agent: Agent, requested: str | None) -> str:
    """The department an agent acts for: the one asked (theirs, or any for an admin), else
    their only one."""
    if requested:
        require_manages(agent, requested, "agir pour ce service")
        return requested
    if len(agent.departments) == 1:
        return agent.departments[0]
    if not agent.departments:
        raise InvalidInput(
            "Votre compte n'est rattaché à aucun service : précisez le service concerné."
        )
    raise InvalidInput(
        "Vous appartenez à plusieurs services ("
        + ", ".join(agent.departments)
        + ") : précisez le service concerné."
    )
