"""The register's side of the runtime gate: may this system be used for this purpose, now?
Answered from memory, from the directory of entries every replica keeps up to date."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from collectivia.ai.use.decisions import DenialReason, GateDecision
from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.platform.errors import NotFound


@dataclass(frozen=True)
class GateEntry:
    purpose: str
    risk_class: RiskClass
    status: SystemStatus
    version: int
    # The entry declares special categories of personal data (GDPR Art. 9), approved with
    # them. None: not known (an event from a producer older than the field, or a
    # registration), taken from the same version if this replica knows it, else False
    # (fail-closed).
    special_category_data: bool | None = None


class SystemDirectory:
    """The register's entries as the gate needs them, kept in memory.

    Fed at start from the database, then by this replica's writes and by the register's
    own events (so that every replica learns of every change).
    """

    def __init__(self) -> None:
        self._entries: dict[str, GateEntry] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def upsert(self, system_id: str, entry: GateEntry) -> None:
        with self._lock:
            known = self._entries.get(system_id)
            # Events may arrive after this replica's own write: never go back in versions.
            if known is None or entry.version >= known.version:
                if entry.special_category_data is None:
                    same = known is not None and known.version == entry.version
                    flag = bool(known and same and known.special_category_data)
                    entry = replace(entry, special_category_data=flag)
                self._entries[system_id] = entry

    def check_use(self, system_id: str, purpose: str) -> GateDecision:
        entry = self._entries.get(system_id)
        if entry is None:
            raise NotFound(messages.system_not_found(system_id))
        if entry.risk_class is RiskClass.PROHIBITED:
            return _denied(
                DenialReason.PROHIBITED_PRACTICE,
                "the system falls under a practice prohibited by the AI Act (Art. 5)",
                entry.version,
            )
        if entry.status is not SystemStatus.APPROVED:
            return _denied(
                DenialReason.NOT_APPROVED,
                f"the system is {entry.status.value}, not approved",
                entry.version,
            )
        if purpose != entry.purpose:
            return _denied(
                DenialReason.PURPOSE_MISMATCH,
                f"the system is approved for {entry.purpose!r}, not for {purpose!r}",
                entry.version,
            )
        return GateDecision(
            allowed=True,
            reason=None,
            message="approved for this purpose",
            system_version=entry.version,
            special_categories_approved=bool(entry.special_category_data),
        )


def _denied(reason: DenialReason, message: str, version: int) -> GateDecision:
    return GateDecision(allowed=False, reason=reason, message=message, system_version=version)
