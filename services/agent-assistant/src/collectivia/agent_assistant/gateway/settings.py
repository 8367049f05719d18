"""Settings of the model gateway and the tasks (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``);
the model endpoint itself is shared by the services (``COLLECTIVIA_GENERATION_``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from collectivia.ai.generation import GenerationSettings


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_AGENT_ASSISTANT_", extra="ignore")

    # The OpenAI-compatible endpoint; without a base URL every task runs its offline fallback.
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    # A model's whole output must arrive within this many seconds, else the fallback runs.
    model_timeout_seconds: float = Field(90.0, gt=0, le=900)
    # Masked inputs longer than this never go to the model (the fallback runs, and says so).
    max_model_chars: int = Field(24_000, ge=1000, le=1_000_000)
    # At most this many tokens per output, whatever a task asks for.
    max_output_tokens: int = Field(2048, ge=8, le=32_768)
    # Public pages of the ethics register (the entry's page is linked from every output).
    register_public_url: str = "http://127.0.0.1:8010"

    # Tasks: uploads, texts, summary length.
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024)
    max_text_chars: int = Field(200_000, ge=1000, le=5_000_000)
    max_request_chars: int = Field(5_000, ge=100, le=100_000)
    summary_words: int = Field(120, ge=20, le=1000)
