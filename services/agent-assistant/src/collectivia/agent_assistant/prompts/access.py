"""Who may manage what: the agents of a department manage its templates and experiments,
an administrator manages everything (the reasons: ``messages``)."""

from __future__ import annotations

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.platform.errors import InvalidInput, PermissionDenied


def manages(agent: Agent, department: str) -> bool:
    return agent.is_admin or department in agent.departments


def require_manages(agent: Agent, department: str, action: str) -> None:
    if not manages(agent, department):
        raise PermissionDenied(messages.department_only(department, action))


def home_department(agent: Agent, requested: str | None) -> str:
    """The department an agent acts for: the one asked (theirs, or any for an admin), else
    their only one."""
    if requested:
        require_manages(agent, requested, messages.ACT_FOR_DEPARTMENT)
        return requested
    if len(agent.departments) == 1:
        return agent.departments[0]
    if not agent.departments:
        raise InvalidInput(messages.NO_DEPARTMENT_SAY_WHICH)
    raise InvalidInput(messages.several_departments(agent.departments))
