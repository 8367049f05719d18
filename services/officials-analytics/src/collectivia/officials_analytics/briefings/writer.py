"""The model's side of the briefing: the computed facts (the template's sentences) handed to
an OpenAI-compatible model to be reworded in plain French. What comes back is checked by
``figures.check`` before anyone reads it."""

from __future__ import annotations

from typing import Protocol

from collectivia.ai.generation import ChatCompletion, ChatMessage, GenerationClient


class BriefingWriter(Protocol):
    @property
    def model(self) -> str: ...

    def write(self, instructions: str, facts: str) -> ChatCompletion:
        """The model's text for ``facts`` (one per line), following ``instructions``, with
        the call as measured (tokens, latency) for the use's evidence."""
        ...


class OpenAiCompatibleWriter:
    """One chat completion per briefing, at a low temperature: a rewording, not a story."""

    def __init__(self, client: GenerationClient, *, max_tokens: int = 800) -> None:
        self._client = client
        self._max_tokens = max_tokens

    @property
    def model(self) -> str:
        return self._client.settings.model

    def write(self, instructions: str, facts: str) -> ChatCompletion:
        return self._client.complete_chat(
            [ChatMessage("system", instructions), ChatMessage("user", facts)],
            max_tokens=self._max_tokens,
            temperature=0.0,
        )
