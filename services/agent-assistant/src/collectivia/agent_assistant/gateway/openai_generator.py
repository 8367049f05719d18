"""The gateway's text generator on the shared OpenAI-compatible client
(``collectivia.ai.generation``): a system message, a user message, streamed deltas."""

from __future__ import annotations

from collections.abc import Iterator

from collectivia.agent_assistant.gateway.models import Prompt
from collectivia.ai.generation import ChatMessage, ChatReply, GenerationClient


class OpenAICompatibleGenerator:
    def __init__(self, client: GenerationClient) -> None:
        self.client = client

    @property
    def model(self) -> str:
        return self.client.settings.model

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """The reply, asked for at its first piece; its ``call`` (tokens, latency) once it
        ended, for the evidence of the use."""
        messages = [ChatMessage("system", prompt.system), ChatMessage("user", prompt.user)]
        return ChatReply(self.client, messages, max_tokens=prompt.max_tokens)

    def close(self) -> None:
        self.client.close()
