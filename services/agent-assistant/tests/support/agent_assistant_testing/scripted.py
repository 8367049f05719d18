"""A text generator that plays a script, for unit tests and benchmarks (the gateway's
``TextGenerator``); the register's fixed answer is ``collectivia.testkit.doubles``'s
``FixedPermission``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

from collectivia.agent_assistant.gateway.models import Prompt
from collectivia.agent_assistant.settings import AssistantAiUseSettings, AssistantSettings
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.ai.use.permission import UsePermission
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.events.protocol import EventPublisher


class ScriptedGenerator:
    """Yields ``pieces`` for every prompt (``"{input}"`` in a piece is replaced by the
    prompt's user message, to echo what the model saw); raises after ``fail_after`` pieces
    when set. Keeps every prompt it was given."""

    def __init__(
        self,
        pieces: Sequence[str],
        *,
        model: str = "scripted-model",
        fail_after: int | None = None,
    ) -> None:
        self.pieces = list(pieces)
        self._model = model
        self.fail_after = fail_after
        self.prompts: list[Prompt] = []

    @property
    def model(self) -> str:
        return self._model

    def stream(self, prompt: Prompt) -> Iterator[str]:
        self.prompts.append(prompt)
        for index, piece in enumerate(self.pieces):
            if self.fail_after is not None and index >= self.fail_after:
                raise DependencyUnavailable("the scripted model broke off")
            yield piece.replace("{input}", prompt.user)
        if self.fail_after is not None and self.fail_after >= len(self.pieces):
            raise DependencyUnavailable("the scripted model broke off")


def assistant_pathway(
    permission: UsePermission,
    publisher: EventPublisher,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> AiUsePathway:
    """The AI-use pathway as the assistant's default settings give it (its service, its
    purpose), on ``permission`` (``collectivia.testkit.doubles.FixedPermission``)."""
    return AiUsePathway(
        permission,
        publisher,
        service=AssistantSettings.model_fields["service_name"].default,
        purpose=AssistantAiUseSettings.model_fields["purpose"].default,
        clock=clock,
    )
