"""Template text with ``{{variable}}`` placeholders: checked against the declared variables,
rendered with values. Pure functions; what is wrong is said with ``messages``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collectivia.agent_assistant import messages
from collectivia.platform.errors import FieldError, InvalidInput

# Anything between double braces; its content must then be a valid name.
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Lower-case letters (accents allowed), digits and "_", starting with a letter.
VARIABLE_NAME = re.compile(r"[^\W\d_]\w{0,59}")
MAX_VALUE_CHARS = 20_000


@dataclass(frozen=True)
class Placeholder:
    name: str
    start: int


def is_variable_name(name: str) -> bool:
    return VARIABLE_NAME.fullmatch(name) is not None and name == name.lower()


def placeholders(text: str) -> tuple[list[Placeholder], list[FieldError]]:
    """The ``{{name}}`` placeholders of a text, and what is malformed in it."""
    found: list[Placeholder] = []
    errors: list[FieldError] = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if is_variable_name(name):
            found.append(Placeholder(name, match.start()))
        else:
            errors.append(
                FieldError("text", messages.invalid_placeholder(match.group(0), match.start()))
            )
    # Braces left after removing every placeholder: an opening or closing pair alone.
    rest = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    for stray in re.finditer(r"\{\{|\}\}", rest):
        errors.append(FieldError("text", messages.stray_braces(stray.group(0), stray.start())))
    return found, errors


def check_template(text: str, declared: Sequence[str]) -> list[FieldError]:
    """What is wrong between a text and its declared variables (empty: consistent)."""
    found, errors = placeholders(text)
    used = {p.name for p in found}
    seen: set[str] = set()
    for index, name in enumerate(declared):
        if not is_variable_name(name):
            errors.append(
                FieldError(f"variables.{index}.name", messages.invalid_variable_name(name))
            )
        elif name in seen:
            errors.append(
                FieldError(f"variables.{index}.name", messages.variable_declared_twice(name))
            )
        elif name not in used:
            errors.append(FieldError(f"variables.{index}.name", messages.variable_not_used(name)))
        seen.add(name)
    for name in sorted(used - set(declared)):
        errors.append(FieldError("variables", messages.variable_not_declared(name)))
    return errors


def render(text: str, declared: Sequence[str], values: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its value, in one pass (a value that
    contains ``{{...}}`` stays as typed). :class:`InvalidInput` lists the variables left
    unfilled (missing or blank) and the unknown ones."""
    errors: list[FieldError] = []
    missing = [name for name in declared if not str(values.get(name, "")).strip()]
    for name in missing:
        errors.append(FieldError(f"variables.{name}", messages.variable_not_filled(name)))
    unknown = sorted(set(values) - set(declared))
    for name in unknown:
        errors.append(FieldError(f"variables.{name}", messages.no_such_variable(name)))
    for name in declared:
        if len(str(values.get(name, ""))) > MAX_VALUE_CHARS:
            errors.append(
                FieldError(f"variables.{name}", messages.value_too_long(name, MAX_VALUE_CHARS))
            )
    if errors:
        raise InvalidInput(messages.cannot_fill(missing, unknown), errors)

    def value(match: re.Match[str]) -> str:
        return str(values[match.group(1).strip()])

    return PLACEHOLDER.sub(value, text)
