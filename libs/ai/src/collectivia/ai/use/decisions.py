"""The runtime gate's answer — may this system be used for this purpose, now? — as the
register gives it and as every calling service reads it. No transport here: the register's
servicer and the callers' gate client translate it to and from the contract."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DenialReason(StrEnum):
    # Given by the register.
    NOT_APPROVED = "not_approved"
    PURPOSE_MISMATCH = "purpose_mismatch"
    PROHIBITED_PRACTICE = "prohibited_practice"
    # Found by the caller: the register did not decide.
    NOT_REGISTERED = "not_registered"
    REGISTER_UNREACHABLE = "register_unreachable"
    INVALID_REQUEST = "invalid_request"


@dataclass(frozen=True)
class GateDecision:
    allowed: bool
    # None when allowed.
    reason: DenialReason | None
    # Human-readable, in English, for logs and operators.
    message: str
    # The register entry version the decision was taken on; 0 when the register was not heard.
    system_version: int
    # Allowed, and the entry is approved for special categories of personal data (GDPR Art. 9).
    special_categories_approved: bool = False
