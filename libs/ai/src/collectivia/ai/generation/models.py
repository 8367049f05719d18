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
class ModelProfile:
    """The served model's size and its data centre, as the operator declared them (the
    generation settings): what an estimate of a call's energy needs besides the call."""

    # Billions of parameters; None: not declared (no estimate is made).
    total_parameters_billions: float | None
    # Used per token: the total for a dense model, fewer for a mixture of experts.
    active_parameters_billions: float | None
    datacenter_pue: float
    # Litres of water per kWh (EcoLogits asks for it; the energy does not depend on it).
    datacenter_wue: float

    @property
    def size_known(self) -> bool:
        return self.total_parameters_billions is not None


@dataclass(frozen=True)
class ModelCall:
    """One call of the model as it was measured: its tokens (None when the server did not
    say them) and its latency, from the request to the last byte."""

    model: str
    usage: TokenUsage | None
    latency_seconds: float
    profile: ModelProfile


@dataclass(frozen=True)
class ChatCompletion:
    text: str
    # "stop" (the model ended), "length" (max_tokens reached, the text is cut), ...
    finish_reason: str | None
    usage: TokenUsage | None
    # The model the server says answered.
    model: str
    # The call as measured (tokens, latency), for the evidence of the use.
    call: ModelCall | None = None
