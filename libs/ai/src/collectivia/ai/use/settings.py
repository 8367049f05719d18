"""The AI-use area's settings section: where the register is, and which entry of it this
service uses, for which purpose. Each service subclasses it with its prefix and defaults
(``COLLECTIVIA_CITIZEN_CHAT_PURPOSE``…): the system id and the purpose come from here only."""

from __future__ import annotations

from pydantic import Field

from collectivia.ai.use.energy import DEFAULT_PUE, DEFAULT_WATTS_PER_CORE, EnergyEstimator
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
    # The power of one busy core, in W, for the energy of the uses' CPU time (ai.used):
    # Cloud Carbon Footprint's average maximum power of a vCPU (3.5 W, from SPECpower).
    cpu_watts_per_core: float = Field(DEFAULT_WATTS_PER_CORE, gt=0, le=100)
    # The PUE of the data centre the service runs in (total power over IT power): the Uptime
    # Institute's 2024 survey average (1.56). The model's data centre: the generation settings.
    datacenter_pue: float = Field(DEFAULT_PUE, ge=1, le=3)

    def energy(self) -> EnergyEstimator:
        return EnergyEstimator(watts_per_core=self.cpu_watts_per_core, pue=self.datacenter_pue)
