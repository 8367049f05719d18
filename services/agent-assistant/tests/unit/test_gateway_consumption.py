"""What the gateway's uses consumed, in their evidence: the offline fallback's CPU time, the
model call's tokens and latency (from the OpenAI-compatible client, scripted over HTTP) and
the energy estimated from them; no estimate for a model whose size was not declared."""

from __future__ import annotations

import json

import httpx
import pytest

from agent_assistant_testing.scripted import assistant_pathway
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import Finished, Offline, Prompt, TaskKind, TaskSpec
from collectivia.agent_assistant.gateway.openai_generator import OpenAICompatibleGenerator
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.ai.generation import GenerationClient, GenerationSettings
from collectivia.events.v1 import ai_pb2
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

AGENT = Agent("subject-1", "a" * 32, ("etat-civil",), ("57463",), False)
REPLY = "".join(
    f"data: {json.dumps(event)}\n\n"
    for event in (
        {"model": "mistral-small", "choices": [{"index": 0, "delta": {"content": "Résumé "}}]},
        {"choices": [{"index": 0, "delta": {"content": "court."}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 830, "completion_tokens": 61}},
    )
)


def spec() -> TaskSpec[str]:
    def offline() -> Offline[str]:
        sum(i * i for i in range(50_000))  # some CPU work, as a local summary does
        return Offline("résumé local", "offline/1", "Résumé local.", "details")

    return TaskSpec(
        kind=TaskKind.SUMMARIZE,
        source="La délibération fixe les tarifs de la piscine municipale pour 2027.",
        prompt=lambda masked, orders: Prompt("Résume.", f"{orders}|{masked}"),
        offline=offline,
        contribution="Résumé d'un texte.",
    )


def gateway(publisher: RecordingPublisher, **model: object) -> ModelGateway:
    generator = None
    if model:
        settings = GenerationSettings.model_validate(
            {"base_url": "http://llm.test/v1", "model": "mistral-small"} | model
        )
        transport = httpx.MockTransport(lambda _: httpx.Response(200, content=REPLY.encode()))
        generator = OpenAICompatibleGenerator(GenerationClient(settings, transport=transport))
    return ModelGateway(
        assistant_pathway(FixedPermission(), publisher), generator, publisher, GatewayPolicy()
    )


def used(publisher: RecordingPublisher) -> ai_pb2.AiUsed:
    [use] = [p for p in publisher.published if isinstance(p, ai_pb2.AiUsed)]
    return use


def test_the_offline_fallback_says_its_cpu_time_and_energy() -> None:
    publisher = RecordingPublisher()
    gateway(publisher).run(spec(), AGENT)
    use = used(publisher)
    assert use.cpu_seconds > 0
    assert not use.HasField("output_tokens")
    assert use.energy_method == "cpu-time/watts-per-core"
    assert use.energy_wh == pytest.approx(use.cpu_seconds * 3.5 * 1.56 / 3600)


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_a_model_call_says_its_tokens_and_ecologits_energy(streamed: bool) -> None:
    publisher = RecordingPublisher()
    model_gateway = gateway(publisher, model_total_parameters_billions=24)
    if streamed:
        events = list(model_gateway.stream(spec(), AGENT))
        assert isinstance(events[-1], Finished) and events[-1].result.text == "Résumé court."
    else:
        assert model_gateway.run(spec(), AGENT).text == "Résumé court."
    use = used(publisher)
    assert (use.input_tokens, use.output_tokens) == (830, 61)
    assert use.model_latency_seconds > 0
    assert use.energy_method.startswith("ecologits-0.11")
    assert use.energy_wh > 1e-4  # a 24B model's 61 tokens: far more than the CPU's share


def test_a_model_of_undeclared_size_is_measured_but_not_estimated() -> None:
    publisher = RecordingPublisher()
    gateway(publisher, model_total_parameters_billions=None).run(spec(), AGENT)
    use = used(publisher)
    assert (use.input_tokens, use.output_tokens) == (830, 61)
    assert not use.HasField("energy_wh")
    assert use.energy_method == "not-estimated/model-size-unknown"
