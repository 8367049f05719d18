"""Pydantic's validation errors told in French (``messages.VALIDATION_MESSAGES``), field by
field, for the import report."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from collectivia.agent_assistant import messages
from collectivia.platform.errors import FieldError


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        # Our own validators raise French messages.
        return str(error.get("ctx", {}).get("error", messages.INVALID_VALUE))
    template = messages.VALIDATION_MESSAGES.get(kind)
    if template is None:
        return messages.INVALID_VALUE
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:
        return template.split(" (")[0]


def french_field_errors(error: ValidationError, prefix: str = "") -> list[FieldError]:
    """One French message per invalid field; the field as a dotted path (``templates.2.text``)."""
    fields: list[FieldError] = []
    for item in error.errors():
        path = ".".join(str(p) for p in item.get("loc", ())) or "fichier"
        fields.append(FieldError(prefix + path, _message(item)))
    return fields
