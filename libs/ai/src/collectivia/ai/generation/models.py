"""What goes to the generative model and what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class TokenUsage:
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class ChatCompletion:
    text: str
    # "stop" (the model ended), "length" (max_tokens reached, the text is cut), ...
    finish_reason: str | None
    usage: TokenUsage | None
    # The model the server says answered.
    model: str
