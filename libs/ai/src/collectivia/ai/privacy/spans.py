"""The kinds of personal data the guard finds, and where it found them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PiiType(StrEnum):
    """A kind of personal data; its value is the placeholder's label (French, shown to agents)."""

    EMAIL = "EMAIL"
    PHONE = "TELEPHONE"
    NIR = "NIR"
    IBAN = "IBAN"
    ADDRESS = "ADRESSE"
    BIRTH_DATE = "DATE_NAISSANCE"
    NAME = "NOM"


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of personal data: ``text == source[start:end]``."""

    type: PiiType
    start: int
    end: int
    text: str
