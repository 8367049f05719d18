"""The runtime gate: may this system be used for this purpose, now? Answered from memory."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from enum import StrEnum

from collectivia.core.errors import NotFound
from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import RiskClass


class DenialReason(StrEnum):
    NOT_APPROVED = "not_approved"
    PURPOSE_MISMATCH = "purpose_mismatch"
    PROHIBITED_PRACTICE = "prohibited_practice"


@dataclass(frozen=True)
class GateEntry:
    purpose: str
    risk_class: RiskClass
    status: SystemStatus
    version: int
    # The entry declares special categories of personal data (GDPR Art. 9), approved with
    # them. None: not known (the register's events do not carry it), taken from the same
    # version if this replica knows it, else False (fail-closed).
    special_category_data: bool | None = None


@dataclass(frozen=True)
class UseDecision:
    allowed: bool
    message: str
    system_version: int
    reason: DenialReason | None = None
    # Allowed, and the entry was approved with special categories of personal data.
    special_categories_approved: bool = False


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

    def check_use(self, system_id: str, purpose: str) -> UseDecision:
        entry = self._entries.get(system_id)
        if entry is None:
            raise NotFound(f"no system {system_id!r} in the register")
        if entry.risk_class is RiskClass.PROHIBITED:
            return UseDecision(
                False,
                "the system falls under a practice prohibited by the AI Act (Art. 5)",
                entry.version,
                DenialReason.PROHIBITED_PRACTICE,
            )
        if entry.status is not SystemStatus.APPROVED:
            return UseDecision(
                False,
                f"the system is {entry.status.value}, not approved",
                entry.version,
                DenialReason.NOT_APPROVED,
            )
        if purpose != entry.purpose:
            return UseDecision(
                False,
                f"the system is approved for {entry.purpose!r}, not for {purpose!r}",
                entry.version,
                DenialReason.PURPOSE_MISMATCH,
            )
        return UseDecision(
            True,
            "approved for this purpose",
            entry.version,
            special_categories_approved=bool(entry.special_category_data),
        )
