"""What the conversation domain needs from the outside, as protocols (no gRPC, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Permission:
    """The register's answer for this use, now."""

    allowed: bool
    system_id: str
    system_version: int
    # Public page of the system in the register (AI Act Art. 50 disclosure links it).
    register_url: str
    reason: str = ""


class UsePermission(Protocol):
    def check(self) -> Permission: ...


class IncidentReporter(Protocol):
    def report(self, system_id: str, use_id: str, category: str, description: str) -> bool:
        """Report a problem with an answer to the register; False when it could not."""
        ...
