"""The published entries, as anyone may read them."""

from __future__ import annotations

from typing import Protocol

from collectivia.ethics_register.systems.schemas import SystemRead, SystemSummary
from collectivia.platform.auth.principal import Principal


class PublicRegister(Protocol):
    """What publication needs from the register (``SystemRegistry`` fits)."""

    def list_systems(self, reader: Principal | None = None) -> list[SystemSummary]: ...

    def get(self, system_id: str, reader: Principal | None = None) -> SystemRead: ...


def published_systems(register: PublicRegister) -> list[SystemRead]:
    """Approved, suspended and retired entries, in their public view, ordered by name."""
    return [register.get(summary.id, None) for summary in register.list_systems(None)]
