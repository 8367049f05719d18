"""What a use consumed: its CPU time measured step by step, its model calls, and the energy
estimated from them (CPU time x power per core x PUE; EcoLogits for a model whose size was
declared; no estimate for one whose size was not)."""

from __future__ import annotations

import json
import threading
from collections.abc import Generator
from datetime import UTC, datetime

import httpx
import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.impacts.llm import compute_llm_impacts
from ecologits.utils.range_value import RangeValue
from pydantic import ValidationError

from collectivia.ai.generation import (
    ChatMessage,
    ChatReply,
    GenerationClient,
    GenerationSettings,
    ModelCall,
    ModelProfile,
    TokenUsage,
)
from collectivia.ai.use.consumption import UseMeter
from collectivia.ai.use.energy import (
    CPU_METHOD,
    ECOLOGITS_METHOD,
    MODEL_SIZE_UNKNOWN,
    TOKENS_UNKNOWN,
    EnergyEstimator,
    cpu_energy_wh,
    model_energy_wh,
)
from collectivia.ai.use.evidence import UseEvidence, UseOutcome, ai_used
from collectivia.ai.use.pathway import AiUsePathway, Masking, SpecialCategories
from collectivia.events.v1 import ai_pb2
from collectivia.platform.errors import DependencyUnavailable
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

MISTRAL_SMALL = ModelProfile(24.0, 24.0, datacenter_pue=1.2, datacenter_wue=0.5)
MIXTRAL = ModelProfile(46.7, 12.9, datacenter_pue=1.2, datacenter_wue=0.5)
UNKNOWN = ModelProfile(None, None, datacenter_pue=1.2, datacenter_wue=0.5)


class FakeCpuClock:
    """A thread CPU clock the test advances."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cpu_energy_is_seconds_times_watts_times_pue() -> None:
    assert cpu_energy_wh(3600.0, watts_per_core=3.5, pue=1.0) == pytest.approx(3.5)
    assert cpu_energy_wh(36.0, watts_per_core=10.0, pue=1.5) == pytest.approx(0.15)


def test_an_offline_use_is_estimated_from_its_cpu_time() -> None:
    clock = FakeCpuClock()
    meter = UseMeter(cpu_clock=clock)
    with meter.measure():
        clock.now += 0.012
    used = EnergyEstimator(watts_per_core=4.0, pue=1.5).consumption(meter)
    assert used.cpu_seconds == pytest.approx(0.012)
    assert used.energy_wh == pytest.approx(0.012 * 4.0 * 1.5 / 3600)
    assert used.energy_method == CPU_METHOD
    assert used.input_tokens is None and used.model_latency_seconds is None


def test_a_stream_is_measured_step_by_step_and_keeps_its_result() -> None:
    clock = FakeCpuClock()
    meter = UseMeter(cpu_clock=clock)

    def steps() -> Generator[str, None, str]:
        clock.now += 0.5
        yield "a"
        clock.now += 0.25
        yield "b"
        clock.now += 0.125
        return "done"

    metered = meter.metered(steps())
    assert next(metered) == "a"
    clock.now += 10.0  # between steps: another request's work, not this use's
    assert next(metered) == "b"
    with pytest.raises(StopIteration) as end:
        next(metered)
    assert end.value.value == "done"
    assert meter.cpu_seconds == pytest.approx(0.875)


def test_closing_a_metered_stream_closes_the_steps() -> None:
    closed = threading.Event()

    def steps() -> Generator[int, None, None]:
        try:
            yield 1
            yield 2
        finally:
            closed.set()

    metered = UseMeter().metered(steps())
    next(metered)
    metered.close()
    assert closed.is_set()


def test_the_real_thread_clock_counts_work_not_waiting() -> None:
    meter = UseMeter()
    with meter.measure():
        sum(i * i for i in range(300_000))
    busy = meter.cpu_seconds
    with meter.measure():
        threading.Event().wait(0.2)
    assert busy > 0
    assert meter.cpu_seconds - busy < 0.05


def ecologits_wh(profile: ModelProfile, output_tokens: int, latency: float) -> float:
    mix = electricity_mixes.find_electricity_mix(zone="FRA")
    assert mix is not None
    assert profile.active_parameters_billions is not None
    assert profile.total_parameters_billions is not None
    impacts = compute_llm_impacts(
        model_active_parameter_count=profile.active_parameters_billions,
        model_total_parameter_count=profile.total_parameters_billions,
        output_token_count=output_tokens,
        request_latency=latency,
        if_electricity_mix_adpe=mix.adpe,
        if_electricity_mix_pe=mix.pe,
        if_electricity_mix_gwp=mix.gwp,
        if_electricity_mix_wue=mix.wue,
        datacenter_pue=profile.datacenter_pue,
        datacenter_wue=profile.datacenter_wue,
    )
    value = impacts.energy.value
    kwh = (value.min + value.max) / 2 if isinstance(value, RangeValue) else value
    return float(kwh) * 1000


@pytest.mark.parametrize("profile", [MISTRAL_SMALL, MIXTRAL], ids=["dense", "moe"])
def test_a_model_call_is_estimated_as_ecologits_does(profile: ModelProfile) -> None:
    call = ModelCall("m", TokenUsage(prompt_tokens=900, completion_tokens=350), 7.5, profile)
    expected = ecologits_wh(profile, 350, 7.5)
    assert model_energy_wh(call) == pytest.approx(expected)
    # A few hundredths of a Wh for a few hundred tokens of a 24B model: the order of
    # magnitude EcoLogits publishes, not a CPU second's.
    assert 1e-3 < expected < 1.0


def test_more_tokens_of_a_bigger_model_cost_more() -> None:
    small = model_energy_wh(ModelCall("m", TokenUsage(100, 100), 3.0, MISTRAL_SMALL))
    large = model_energy_wh(
        ModelCall("m", TokenUsage(100, 400), 12.0, ModelProfile(123.0, 123.0, 1.2, 0.5))
    )
    assert small is not None and large is not None
    assert large > 4 * small


def test_a_use_with_a_model_adds_the_model_and_the_cpu() -> None:
    clock = FakeCpuClock()
    meter = UseMeter(cpu_clock=clock)
    with meter.measure():
        clock.now += 0.02
    call = ModelCall("m", TokenUsage(900, 350), 7.5, MISTRAL_SMALL)
    meter.model_called(call)
    used = EnergyEstimator(watts_per_core=3.5, pue=1.56).consumption(meter)
    assert (used.input_tokens, used.output_tokens) == (900, 350)
    assert used.model_latency_seconds == pytest.approx(7.5)
    expected = ecologits_wh(MISTRAL_SMALL, 350, 7.5) + 0.02 * 3.5 * 1.56 / 3600
    assert used.energy_wh == pytest.approx(expected)
    assert used.energy_method == f"{ECOLOGITS_METHOD}+{CPU_METHOD}"
    assert ECOLOGITS_METHOD.startswith("ecologits-0.11.")


def test_a_model_of_unknown_size_is_not_estimated_and_says_why() -> None:
    meter = UseMeter()
    meter.model_called(ModelCall("m", TokenUsage(900, 350), 7.5, UNKNOWN))
    used = EnergyEstimator().consumption(meter)
    assert model_energy_wh(ModelCall("m", TokenUsage(900, 350), 7.5, UNKNOWN)) is None
    assert used.energy_wh is None
    assert used.energy_method == MODEL_SIZE_UNKNOWN
    assert (used.input_tokens, used.output_tokens) == (900, 350)  # measured all the same


def test_a_call_without_token_counts_is_not_estimated() -> None:
    meter = UseMeter()
    meter.model_called(ModelCall("m", None, 2.0, MISTRAL_SMALL))
    meter.model_called(None)  # a model that said nothing adds nothing
    used = EnergyEstimator().consumption(meter)
    assert used.energy_wh is None
    assert used.energy_method == TOKENS_UNKNOWN
    assert used.input_tokens is None


def test_the_generation_settings_declare_the_model_size() -> None:
    dense = GenerationSettings.model_validate({"model_total_parameters_billions": 24})
    assert dense.profile.active_parameters_billions == 24  # a dense model uses them all
    assert GenerationSettings().profile.size_known is False
    with pytest.raises(ValidationError, match="ACTIVE_PARAMETERS"):
        GenerationSettings.model_validate({"model_active_parameters_billions": 12})
    with pytest.raises(ValidationError, match="ACTIVE_PARAMETERS"):
        GenerationSettings.model_validate(
            {"model_total_parameters_billions": 12, "model_active_parameters_billions": 40}
        )


def test_a_streamed_call_gives_its_tokens_latency_and_profile() -> None:
    body = "".join(
        f"data: {json.dumps(event)}\n\n"
        for event in (
            {"model": "tiny", "choices": [{"index": 0, "delta": {"content": "Oui."}}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
            {"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 2}},
        )
    )
    settings = GenerationSettings.model_validate(
        {
            "base_url": "http://llm.test/v1",
            "model": "tiny",
            "model_total_parameters_billions": 7,
        }
    )
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body.encode()))
    client = GenerationClient(settings, transport=transport)
    with client.stream_chat([ChatMessage("user", "Ouvert ?")]) as stream:
        assert stream.call is None  # known once the stream ended
        assert "".join(stream) == "Oui."
    assert stream.call is not None
    assert stream.call.usage == TokenUsage(12, 2)
    assert stream.call.latency_seconds > 0
    assert stream.call.profile.total_parameters_billions == 7
    answer = json.dumps(
        {
            "model": "tiny",
            "choices": [{"message": {"content": "Oui."}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 2},
        }
    )
    whole = GenerationClient(
        settings, transport=httpx.MockTransport(lambda _: httpx.Response(200, text=answer))
    ).complete_chat([ChatMessage("user", "Ouvert ?")])
    assert whole.call is not None and whole.call.usage == TokenUsage(12, 2)


def test_the_evidence_carries_what_the_use_consumed() -> None:
    publisher = RecordingPublisher()
    pathway = AiUsePathway(
        FixedPermission(),
        publisher,
        service="citizen-chat",
        purpose="citizen-information",
        energy=EnergyEstimator(watts_per_core=3.5, pue=1.0),
    )
    admission = pathway.admit(
        "Horaires de la mairie de Metz ? " * 200,
        masking=Masking.ONE_WAY,
        special_categories=SpecialCategories.NOT_LINKED_TO_A_PERSON,
    )
    guarded = admission.meter.cpu_seconds
    assert guarded > 0  # the guard's own work counts
    with admission.meter.measure():
        sum(i * i for i in range(200_000))
    admission.meter.model_called(ModelCall("m", TokenUsage(900, 350), 7.5, MISTRAL_SMALL))
    evidence = pathway.evidence(
        admission, actor="a", outcome=UseOutcome.COMPLETED, model="m", contribution="c"
    )
    pathway.record(evidence)
    payload = publisher.published[0]
    assert isinstance(payload, ai_pb2.AiUsed)
    assert payload.cpu_seconds > guarded
    assert (payload.input_tokens, payload.output_tokens) == (900, 350)
    assert payload.model_latency_seconds == pytest.approx(7.5)
    assert payload.energy_wh == pytest.approx(
        ecologits_wh(MISTRAL_SMALL, 350, 7.5) + payload.cpu_seconds * 3.5 / 3600
    )
    assert payload.energy_method == f"{ECOLOGITS_METHOD}+{CPU_METHOD}"


def test_an_estimate_left_out_is_absent_from_the_event_not_zero() -> None:
    bare = UseEvidence(
        use_id="u",
        system_id="s",
        system_version=1,
        purpose="p",
        service="svc",
        actor="a",
        outcome=UseOutcome.COMPLETED,
        model="m",
        contribution="c",
        used_at=datetime(2026, 12, 5, tzinfo=UTC),
        trace_id="",
    )
    old = ai_used(bare)  # as before: nothing measured
    assert not old.HasField("cpu_seconds") and not old.HasField("energy_wh")
    meter = UseMeter()
    meter.model_called(ModelCall("m", TokenUsage(10, 5), 1.0, UNKNOWN))
    unknown = ai_used(
        UseEvidence(**{**bare.__dict__, "consumption": EnergyEstimator().consumption(meter)})
    )
    assert unknown.HasField("cpu_seconds") and unknown.HasField("output_tokens")
    assert not unknown.HasField("energy_wh")
    assert unknown.energy_method == MODEL_SIZE_UNKNOWN


def test_a_chat_reply_asks_at_its_first_delta_and_says_its_call() -> None:
    settings = GenerationSettings.model_validate(
        {"base_url": "http://llm.test/v1", "model": "tiny"}
    )
    refused = httpx.MockTransport(lambda _: httpx.Response(503, json={"error": "busy"}))
    reply = ChatReply(GenerationClient(settings, transport=refused), [ChatMessage("user", "?")])
    assert reply.call is None  # nothing sent yet: the refusal comes from the iteration
    with pytest.raises(DependencyUnavailable):
        next(reply)
    assert reply.call is None
    unused = ChatReply(GenerationClient(settings, transport=refused), [ChatMessage("user", "?")])
    unused.close()
    assert list(unused) == []  # closed before it was asked: nothing is sent
