"""The AI-use area's settings section: where the register is, and which entry of it this
service uses, for which purpose. Each service subclasses it with its prefix and defaults
(``COLLECTIVIA_CITIZEN_CHAT_PURPOSE``…): the system id and the purpose come from here only."""

from __future__ import annotations

from pydantic import Field

from collectivia.platform.settings import AreaSettings


class AiUseSettings(AreaSettings):
    # The register's gRPC API (the gate, the entry look-up) and its public pages.
    register_grpc_target: str = "127.0.0.1:50061"
    register_public_url: str = "http://127.0.0.1:8010"
    # This service's entry in the register; empty: the approved entry whose purpose is
    # ``purpose`` (and whose name is ``system_name``, when set) is looked up at first use.
    system_id: str = ""
    system_name: str = ""
    # The purpose the entry was approved for (asked to the gate at each use).
    purpose: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    # How long the gate waits for the register before denying (fail-closed).
    gate_deadline_seconds: float = Field(2.0, gt=0, le=30)
