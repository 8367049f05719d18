"""What the generative answerer needs from a chat model: a name, and its reply streamed.

``ServedChatModel`` is the OpenAI-compatible server of the shared core
(``collectivia.ai.generation``); the unit tests use a scripted model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from collectivia.ai.generation import ChatMessage, ChatReply, GenerationClient


class ChatModel(Protocol):
    @property
    def name(self) -> str:
        """The model's name, as recorded in the evidence of each use."""
        ...

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        """The reply to ``messages``, as text deltas; fails with ``DependencyUnavailable``
        (or any error) when the model cannot answer. Closing the iterator stops the reply; an
        iterator with a ``call`` attribute (``ModelCall``) says the call's tokens and latency."""
        ...


class ServedChatModel:
    """A model behind an OpenAI-compatible server (vLLM, Albert, Ollama, llama.cpp server)."""

    def __init__(self, client: GenerationClient, max_tokens: int | None = None) -> None:
        self.client = client
        self.max_tokens = max_tokens

    @property
    def name(self) -> str:
        return self.client.settings.model

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        return ChatReply(self.client, messages, max_tokens=self.max_tokens)
