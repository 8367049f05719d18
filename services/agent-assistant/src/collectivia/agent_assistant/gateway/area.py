"""The gateway area: the one model gateway every task and every suggested reply goes
through (the AI-use pathway, the model or the task's offline fallback, the deadline, the
streaming), and the tasks' completions it publishes for the usage statistics."""

from __future__ import annotations

from collectivia.agent_assistant.gateway.openai_generator import OpenAICompatibleGenerator
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.ai.generation import GenerationClient
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import TASK_COMPLETED


def build(context: AreaContext) -> ModelGateway:
    section = context.section(GatewaySettings)
    generator = None
    if section.generation.enabled:  # else every task runs its offline fallback
        client = GenerationClient(section.generation, telemetry=context.telemetry)
        context.on_stop(client.close)
        generator = OpenAICompatibleGenerator(client)
    return ModelGateway(
        context.get(AiUsePathway),
        generator,
        context.publisher,
        GatewayPolicy(
            timeout_seconds=section.model_timeout_seconds,
            max_model_chars=section.max_model_chars,
            max_output_tokens=section.max_output_tokens,
        ),
    )


AREA = Area(
    name="gateway",
    summary="The model gateway every task goes through: the AI-use pathway (gate, privacy "
    "guard, evidence), the OpenAI-compatible model with a deadline or the task's offline "
    "fallback, streaming with personal data restored.",
    build=build,
    publishes=(TASK_COMPLETED,),
    settings=GatewaySettings,
)
