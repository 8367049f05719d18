"""A person's request to have a decision explained (CRPA L311-3-1 and R311-3-1-2)."""

from __future__ import annotations

import re

from collectivia.ethics_register import messages
from collectivia.platform.errors import FieldError, InvalidInput

# Decision numbers are the evidence log's use ids: up to 64 letters, digits, "-", "_", ".", ":".
DECISION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def read_decision(decision: str) -> str:
    """The decision number as typed in the form, or :class:`InvalidInput` saying what to
    correct. The explanation is shown at once, so nothing else (no address) is asked."""
    decision = decision.strip()
    if not decision:
        message = messages.DECISION_NUMBER_MISSING
    elif not DECISION_PATTERN.match(decision):
        message = messages.DECISION_NUMBER_INVALID
    else:
        return decision
    raise InvalidInput(messages.EXPLANATION_REQUEST_INCOMPLETE, [FieldError("decision", message)])
