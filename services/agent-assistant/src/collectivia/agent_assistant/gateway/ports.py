"""What the gateway needs from the outside besides the AI-use pathway
(``collectivia.ai.use.pathway``): a text generator, when a model is configured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from collectivia.agent_assistant.gateway.models import Prompt


class TextGenerator(Protocol):
    @property
    def model(self) -> str:
        """The model's name, for the evidence and the notice."""
        ...

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """The model's output, piece by piece; raises a ``DomainError`` when the endpoint
        fails, refuses or stalls (``DependencyUnavailable``, ``InvalidInput``)."""
        ...
