"""A streamed reply asked for at its first delta, which says its call once it ended: what a
service's model adapter returns, so that a refusal raises from the iteration (where the
caller falls back) and the use's evidence gets the call's tokens and latency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from collectivia.ai.generation.models import ChatMessage, ModelCall

if TYPE_CHECKING:
    from collectivia.ai.generation.client import GenerationClient
    from collectivia.ai.generation.stream import ChatStream


class ChatReply:
    def __init__(
        self,
        client: GenerationClient,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
    ) -> None:
        self._client = client
        self._messages = messages
        self._max_tokens = max_tokens
        self._stream: ChatStream | None = None
        self._closed = False

    @property
    def call(self) -> ModelCall | None:
        """The call as measured, once the reply ended (None before, or if never asked)."""
        return self._stream.call if self._stream is not None else None

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> str:
        if self._stream is None:
            if self._closed:
                raise StopIteration
            self._stream = self._client.stream_chat(self._messages, max_tokens=self._max_tokens)
        return next(self._stream)

    def close(self) -> None:
        self._closed = True
        if self._stream is not None:
            self._stream.close()
