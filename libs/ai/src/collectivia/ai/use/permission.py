"""The register's answer to "may this service use its AI system now?", as domain code sees
it: one type for every service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from collectivia.ai.use.decisions import DenialReason


@dataclass(frozen=True)
class Permission:
    allowed: bool
    # The service's entry in the register ("" when none was found) and its version then.
    system_id: str
    system_version: int
    # Public page of the entry in the register (AI Act Art. 50 disclosures link it); the
    # register's home when the entry is not known.
    register_url: str
    # For logs and operators (English); people get a French notice.
    message: str = ""
    # Why it was denied; None when allowed.
    reason: DenialReason | None = None
    # Allowed, and the entry is approved for special categories of personal data (GDPR Art. 9).
    special_categories_approved: bool = False


class UsePermission(Protocol):
    def check(self) -> Permission:
        """Ask the register (fail-closed: denied when it cannot be asked)."""
        ...
