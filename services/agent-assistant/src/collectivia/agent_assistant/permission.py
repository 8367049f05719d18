"""The register's answer to "may the assistant use AI now?", as domain code sees it."""

from __future__ import annotations

from typing import Protocol

from collectivia.ai.use.own_entry import UseCheck

# Fields: allowed, system_id, system_version, message (English, for logs), reason.
Permission = UseCheck


class UsePermission(Protocol):
    def check(self) -> Permission:
        """Ask the register (fail-closed: denied when it cannot be asked)."""
        ...
