"""Where the generative model is: one OpenAI-compatible endpoint shared by every service
(and, optionally, a second one for embeddings only).

Read from the ``COLLECTIVIA_GENERATION_`` prefix, so that one ``export`` points the citizen
chat and the agent assistant at the same server. Without a base URL, generation is off.
"""

from __future__ import annotations

import ipaddress
from typing import Self

from pydantic import AnyHttpUrl, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from collectivia.ai.generation.models import ModelProfile


class GenerationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_GENERATION_", extra="ignore")

    # Up to and including the API version, as OpenAI clients take it: http://vllm:8000/v1,
    # http://127.0.0.1:11434/v1 (Ollama), https://api.example.eu/v1. Unset: generation is off.
    base_url: AnyHttpUrl | None = None
    # The served model's name (vLLM's --served-model-name, Ollama's tag...).
    model: str = Field("", max_length=200)
    # The model for /embeddings; empty: the same as ``model``.
    embedding_model: str = Field("", max_length=200)
    # A server of its own for /embeddings (a GPU pool's embeddings vLLM), up to the API
    # version like ``base_url``; unset: the generation server embeds too.
    embedding_base_url: AnyHttpUrl | None = None
    # Sent as "Authorization: Bearer ..."; unset for a server without authentication.
    api_key: SecretStr | None = None
    # Sent to ``embedding_base_url`` only; unset: no key (the generation key never goes there).
    embedding_api_key: SecretStr | None = None
    connect_timeout_seconds: float = Field(5.0, gt=0, le=60)
    # Longest wait for the next bytes: a stream's next token, or a whole non-streamed answer.
    read_timeout_seconds: float = Field(60.0, gt=0, le=600)
    # Defaults of each request; a call may ask for less or more.
    max_tokens: int = Field(512, ge=1, le=32_768)
    temperature: float = Field(0.2, ge=0, le=2)
    # The served model's size, in billions of parameters (its model card), for the energy of
    # each call (EcoLogits' method). Unset: the calls' energy is not estimated, and the
    # evidence says so (never guessed from the name).
    model_total_parameters_billions: float | None = Field(None, gt=0, le=10_000)
    # Parameters used per token, for a mixture of experts (Mixtral 8x7B: 12.9 of 46.7);
    # unset: a dense model, all of them.
    model_active_parameters_billions: float | None = Field(None, gt=0, le=10_000)
    # The PUE of the model's data centre (total power over IT power), for the energy of its
    # calls: the Uptime Institute's 2024 survey average (1.56) for one that published none.
    datacenter_pue: float = Field(1.56, ge=1, le=3)
    # Its WUE, litres of water per kWh (EcoLogits asks for it; the energy does not depend on
    # it): The Green Grid's commonly quoted industry average (1.8 L/kWh).
    datacenter_wue: float = Field(1.8, ge=0, le=20)

    @property
    def enabled(self) -> bool:
        return self.base_url is not None

    @property
    def profile(self) -> ModelProfile:
        """What an estimate of a call's energy needs to know of the model."""
        total = self.model_total_parameters_billions
        active = self.model_active_parameters_billions
        return ModelProfile(
            total_parameters_billions=total,
            active_parameters_billions=(active or total) if total is not None else None,
            datacenter_pue=self.datacenter_pue,
            datacenter_wue=self.datacenter_wue,
        )

    @property
    def embedding_model_name(self) -> str:
        return self.embedding_model or self.model

    @model_validator(mode="after")
    def check_the_model_size(self) -> Self:
        total = self.model_total_parameters_billions
        active = self.model_active_parameters_billions
        if active is not None and (total is None or active > total):
            raise ValueError(
                "COLLECTIVIA_GENERATION_MODEL_ACTIVE_PARAMETERS_BILLIONS needs the total "
                "(COLLECTIVIA_GENERATION_MODEL_TOTAL_PARAMETERS_BILLIONS) and cannot exceed it"
            )
        return self

    @model_validator(mode="after")
    def require_a_model_name(self) -> Self:
        if self.enabled and not self.model:
            raise ValueError(
                "COLLECTIVIA_GENERATION_MODEL is required when COLLECTIVIA_GENERATION_BASE_URL "
                "is set"
            )
        return self

    @model_validator(mode="after")
    def tie_the_embeddings_server_to_generation(self) -> Self:
        if self.embedding_base_url is not None and not self.enabled:
            raise ValueError(
                "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL needs COLLECTIVIA_GENERATION_BASE_URL "
                "(and COLLECTIVIA_GENERATION_MODEL): embeddings go through the generation client"
            )
        if self.embedding_api_key is not None and self.embedding_base_url is None:
            raise ValueError(
                "COLLECTIVIA_GENERATION_EMBEDDING_API_KEY is the key of "
                "COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL, which is not set (the generation "
                "server's embeddings use COLLECTIVIA_GENERATION_API_KEY)"
            )
        return self

    def production_problems(self) -> list[str]:
        """Values refused in production; a service's own ``production_problems`` adds them."""
        return [
            f"COLLECTIVIA_GENERATION_{name} must use https in production (or loopback)"
            for name, url in (
                ("BASE_URL", self.base_url),
                ("EMBEDDING_BASE_URL", self.embedding_base_url),
            )
            if url is not None and _plain_http_off_the_machine(url)
        ]


def _plain_http_off_the_machine(url: AnyHttpUrl) -> bool:
    return url.scheme != "https" and not _is_loopback(url.host or "")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
