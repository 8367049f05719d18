"""Stand-ins for the gateway's outside world, for unit tests and benchmarks: a text
generator that plays a script, and a register that always answers the same."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from collectivia.agent_assistant.gateway.models import Prompt
from collectivia.agent_assistant.permission import Permission
from collectivia.ai.use.gate import DenialReason
from collectivia.platform.errors import DependencyUnavailable


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


class FixedPermission:
    """The register's answer, always the same; counts the checks."""

    def __init__(
        self,
        allowed: bool = True,
        reason: DenialReason | None = None,
        system_id: str = "system-under-test",
        special_categories_approved: bool = False,
    ) -> None:
        self.permission = Permission(
            allowed, system_id, 3, "fixed answer", reason, special_categories_approved
        )
        self.checks = 0

    def check(self) -> Permission:
        self.checks += 1
        return self.permission
