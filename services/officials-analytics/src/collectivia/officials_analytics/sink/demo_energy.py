"""What the demo's AI uses consumed, as the services' meters would have said it: an offline
path (the chat's quoted answers, the assistant's local fallback) a few milliseconds of CPU;
a model's draft its tokens and latency, estimated as the services estimate them (EcoLogits,
for the demo model's declared size). Each use's figures come from its own generator, seeded
by the use, so that the rest of the demo's activity stays as it was."""

from __future__ import annotations

import math
import random

from collectivia.ai.generation import ModelCall, ModelProfile, TokenUsage
from collectivia.ai.use.energy import (
    CPU_METHOD,
    DEFAULT_PUE,
    DEFAULT_WATTS_PER_CORE,
    ECOLOGITS_METHOD,
    cpu_energy_wh,
    model_energy_wh,
)
from collectivia.events.v1 import ai_pb2

# Mistral Small 3.2: 24 billion parameters, dense; a data centre of average PUE.
DEMO_PROFILE = ModelProfile(24.0, 24.0, datacenter_pue=DEFAULT_PUE, datacenter_wue=1.8)


def with_consumption(
    payload: ai_pb2.AiUsed, *, offline_cpu_seconds: float, latency_ms: int = 0
) -> ai_pb2.AiUsed:
    """``payload`` with what it consumed: ``latency_ms`` > 0, a model's call that long
    (tokens drawn around a drafting task's); else an offline path of about
    ``offline_cpu_seconds``."""
    rng = random.Random(f"energy/{payload.use_id}")  # noqa: S311 - demo activity
    if latency_ms <= 0:
        cpu = rng.lognormvariate(math.log(offline_cpu_seconds), 0.5)
        payload.cpu_seconds = round(cpu, 6)
        payload.energy_wh = cpu_energy_wh(
            payload.cpu_seconds, watts_per_core=DEFAULT_WATTS_PER_CORE, pue=DEFAULT_PUE
        )
        payload.energy_method = CPU_METHOD
        return payload
    usage = TokenUsage(
        prompt_tokens=int(rng.lognormvariate(math.log(1100), 0.5)),
        completion_tokens=min(2048, int(rng.lognormvariate(math.log(260), 0.45))),
    )
    latency = latency_ms / 1000
    model_wh = model_energy_wh(ModelCall(payload.model, usage, latency, DEMO_PROFILE))
    assert model_wh is not None  # the demo profile declares the size
    cpu = round(rng.lognormvariate(math.log(0.02), 0.4), 6)
    payload.cpu_seconds = cpu
    payload.input_tokens = usage.prompt_tokens
    payload.output_tokens = usage.completion_tokens
    payload.model_latency_seconds = latency
    payload.energy_wh = model_wh + cpu_energy_wh(
        cpu, watts_per_core=DEFAULT_WATTS_PER_CORE, pue=DEFAULT_PUE
    )
    payload.energy_method = f"{ECOLOGITS_METHOD}+{CPU_METHOD}"
    return payload
