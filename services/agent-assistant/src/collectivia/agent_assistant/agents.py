"""The agent calling the assistant, as the domain code sees it: a pseudonymous id for
events and statistics, the departments and communes (Keycloak groups) that scope what
they see. Built from the verified token by ``dependencies.current_agent``."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.ai.use.evidence import pseudonym
from collectivia.platform.auth.principal import Principal

DEPARTMENT_GROUP_PREFIX = "/departments/"
ADMIN_ROLE = "admin"
AGENT_ROLE = "agent"


@dataclass(frozen=True)
class Agent:
    # Keycloak subject: kept in this service's own tables only, never in events.
    subject: str
    # Salted hash of the subject: the only agent id in events and statistics.
    pseudonym: str
    departments: tuple[str, ...]
    communes: tuple[str, ...]
    is_admin: bool

    @classmethod
    def from_principal(cls, principal: Principal, salt: str) -> Agent:
        return cls(
            subject=principal.subject,
            pseudonym=pseudonym(salt, principal.subject),
            departments=tuple(
                group.removeprefix(DEPARTMENT_GROUP_PREFIX)
                for group in principal.groups
                if group.startswith(DEPARTMENT_GROUP_PREFIX)
            ),
            communes=principal.communes(),
            is_admin=ADMIN_ROLE in principal.realm_roles,
        )

    @property
    def department(self) -> str:
        """The first department (statistics are per department); empty when none."""
        return self.departments[0] if self.departments else ""
