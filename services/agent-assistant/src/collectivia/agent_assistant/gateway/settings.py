"""The model gateway's section (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``); the model endpoint
itself is shared by the services (``COLLECTIVIA_GENERATION_``)."""

from __future__ import annotations

from pydantic import Field

from collectivia.agent_assistant.settings import AssistantSection
from collectivia.ai.generation import GenerationSettings


class GatewaySettings(AssistantSection):
    # The OpenAI-compatible endpoint; without a base URL every task runs its offline fallback.
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    # A model's whole output must arrive within this many seconds, else the fallback runs.
    model_timeout_seconds: float = Field(90.0, gt=0, le=900)
    # Masked inputs longer than this never go to the model (the fallback runs, and says so).
    max_model_chars: int = Field(24_000, ge=1000, le=1_000_000)
    # At most this many tokens per output, whatever a task asks for.
    max_output_tokens: int = Field(2048, ge=8, le=32_768)

    def production_problems(self) -> list[str]:
        return self.generation.production_problems()
