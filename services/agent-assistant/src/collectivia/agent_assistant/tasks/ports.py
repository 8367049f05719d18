"""What the tasks need from the prompt library: a template rendered with values
(``prompts.service.PromptLibrary.render`` fits)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class RenderedTemplate(Protocol):
    @property
    def template_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...


class TemplateRenderer(Protocol):
    def render(
        self, template_id: str, values: Mapping[str, str], version: int | None = None
    ) -> RenderedTemplate:
        """The template filled with ``values``. ``NotFound`` for an unknown template,
        ``InvalidInput`` naming the variables left unfilled (and unknown ones),
        ``RuleViolation`` for a withdrawn template."""
        ...
