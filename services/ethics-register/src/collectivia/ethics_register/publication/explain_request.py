"""A person's request to have a decision explained (CRPA L311-3-1 and R311-3-1-2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from collectivia.core.errors import FieldError, InvalidInput
from collectivia.ethics_register.systems.record import EMAIL_PATTERN

# Decision numbers are the evidence log's use ids: up to 64 letters, digits, "-", "_", ".", ":".
DECISION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


@dataclass(frozen=True)
class ExplanationRequest:
    decision: str
    email: str | None


def read_request(decision: str, email: str) -> ExplanationRequest:
    """The request as typed in the form, or :class:`InvalidInput` naming what to correct."""
    decision, email = decision.strip(), email.strip()
    errors: list[FieldError] = []
    if not decision:
        errors.append(FieldError("decision", "Indiquez le numéro de la décision."))
    elif not DECISION_PATTERN.match(decision):
        errors.append(
            FieldError(
                "decision",
                "Le numéro de décision comporte au plus 64 lettres, chiffres, points, tirets "
                "ou deux-points, sans espace : recopiez-le tel qu'il figure sur la décision.",
            )
        )
    if email and (len(email) > 254 or not re.match(EMAIL_PATTERN, email)):
        errors.append(
            FieldError("email", "Indiquez une adresse électronique valide, ou laissez vide.")
        )
    if errors:
        raise InvalidInput("la demande d'explication est incomplète", errors)
    return ExplanationRequest(decision, email or None)
