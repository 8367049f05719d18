"""The estimated energy of one AI use, from what its meter measured.

- This process's part: CPU seconds * the power of one busy core * the PUE of the data centre
  the service runs in (``CPU_METHOD``), as Cloud Carbon Footprint estimates compute.
- A model call: EcoLogits' published method (``compute_llm_impacts``: the GPUs and the server
  needed for the model's parameters, the tokens generated, the measured latency, the model's
  data centre PUE), only when the operator declared the model's size; otherwise the use's
  energy is not estimated and the method says why (``MODEL_SIZE_UNKNOWN``): a figure from a
  guessed size would look as sure as the others.

An estimate, not a measurement: EcoLogits models a typical GPU server (8 GPUs of 80 GB,
batches of 64 requests), not the collectivity's own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib.metadata import version

from collectivia.ai.generation.models import ModelCall
from collectivia.ai.use.consumption import Consumption, UseMeter

CPU_METHOD = "cpu-time/watts-per-core"
ECOLOGITS_METHOD = f"ecologits-{version('ecologits')}"
MODEL_SIZE_UNKNOWN = "not-estimated/model-size-unknown"
TOKENS_UNKNOWN = "not-estimated/tokens-unknown"
# The zone of the electricity mix EcoLogits is given: it changes its CO2 and water figures,
# which are not used, never its energy (the analytics apply ADEME's French factor).
MIX_ZONE = "FRA"

# Cloud Carbon Footprint's coefficients (methodology, "Compute"): the average maximum power
# of one vCPU over AWS's server fleet, from SPECpower results: 3.5 W (minimum 0.74 W).
DEFAULT_WATTS_PER_CORE = 3.5
# The Uptime Institute's Global Data Center Survey 2024: average PUE 1.56.
DEFAULT_PUE = 1.56


def cpu_energy_wh(cpu_seconds: float, *, watts_per_core: float, pue: float) -> float:
    return cpu_seconds * watts_per_core * pue / 3600


def model_energy_wh(call: ModelCall) -> float | None:
    """EcoLogits' estimate of ``call`` in Wh; None when the model's size or the tokens are
    unknown. A range (uncertain parameters) is taken at its middle."""
    profile = call.profile
    total, active = profile.total_parameters_billions, profile.active_parameters_billions
    if total is None or active is None or call.usage is None:
        return None
    # Imported at the first call: a quarter of a second, for services that call a model.
    from ecologits.electricity_mix_repository import electricity_mixes
    from ecologits.impacts.llm import compute_llm_impacts
    from ecologits.utils.range_value import RangeValue

    mix = electricity_mixes.find_electricity_mix(zone=MIX_ZONE)
    if mix is None:  # pragma: no cover - the library ships it
        raise LookupError(f"EcoLogits has no electricity mix for {MIX_ZONE}")
    impacts = compute_llm_impacts(
        model_active_parameter_count=active,
        model_total_parameter_count=total,
        output_token_count=call.usage.completion_tokens,
        request_latency=call.latency_seconds,
        if_electricity_mix_adpe=mix.adpe,
        if_electricity_mix_pe=mix.pe,
        if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue,
        datacenter_pue=profile.datacenter_pue,
        datacenter_wue=profile.datacenter_wue,
    )
    kwh = impacts.energy.value
    if isinstance(kwh, RangeValue):
        kwh = (kwh.min + kwh.max) / 2
    return float(kwh) * 1000


@dataclass(frozen=True)
class EnergyEstimator:
    """Settings of the estimate for this service's host (``AiUseSettings``)."""

    watts_per_core: float = DEFAULT_WATTS_PER_CORE
    pue: float = DEFAULT_PUE

    def consumption(self, meter: UseMeter) -> Consumption:
        cpu_seconds = meter.cpu_seconds
        cpu_wh = cpu_energy_wh(cpu_seconds, watts_per_core=self.watts_per_core, pue=self.pue)
        calls = meter.model_calls
        if not calls:
            return Consumption(cpu_seconds, energy_wh=cpu_wh, energy_method=CPU_METHOD)
        usages = [call.usage for call in calls if call.usage is not None]
        known = len(usages) == len(calls)
        measured = Consumption(
            cpu_seconds,
            input_tokens=sum(u.prompt_tokens for u in usages) if known else None,
            output_tokens=sum(u.completion_tokens for u in usages) if known else None,
            model_latency_seconds=sum(call.latency_seconds for call in calls),
        )
        if not all(call.profile.size_known for call in calls):
            return replace(measured, energy_method=MODEL_SIZE_UNKNOWN)
        if not known:
            return replace(measured, energy_method=TOKENS_UNKNOWN)
        model_wh = 0.0
        for call in calls:
            estimate = model_energy_wh(call)
            if estimate is None:  # pragma: no cover - size and tokens checked above
                return replace(measured, energy_method=TOKENS_UNKNOWN)
            model_wh += estimate
        return replace(
            measured,
            energy_wh=model_wh + cpu_wh,
            energy_method=f"{ECOLOGITS_METHOD}+{CPU_METHOD}",
        )
